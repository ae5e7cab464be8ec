import { base64urlEncode } from '../core/base64url.js';
import { CRON_TICK_TYPE, cronMessageTags } from '../core/cron.js';
import { tagValue } from '../core/tags.js';
import type { DataItem, Tag } from '../core/types.js';
import type { AoEnv, AoEnvItem, AoMessage } from '../runtime/types.js';
import type { StoredAssignment } from '../store/types.js';

const utf8 = new TextDecoder();

/** Tags a process never sees as tags: the CU derives `From` and `Owner` itself (AO-PROTOCOL.md). */
function visibleTags(tags: readonly Tag[]): Tag[] {
  return tags.filter((tag) => tag.name !== 'From' && tag.name !== 'Owner');
}

/** The fields of a logged item a message is built from (a DataItem has them all). */
export type MessageFields = Pick<
  DataItem,
  'id' | 'signature' | 'data' | 'ownerAddress' | 'target' | 'anchor' | 'tags'
>;

/** Who a process's cron messages come from, and who may sign its cron ticks. */
export interface CronOwner {
  owner: string;
  scheduler: string;
}

/**
 * A cron tick is an item the process's scheduler signed, addressed to the process, with `Type=Cron`
 * (core/cron.ts). Nobody else can sign as the scheduler, and the messenger never forwards `Type`, so a
 * user or a process cannot forge one; assigned elsewhere (ao `assign`) it is an ordinary message.
 */
function isCronTick(item: MessageFields, assignment: StoredAssignment, process: CronOwner): boolean {
  return (
    item.ownerAddress === process.scheduler &&
    item.target === assignment.processId &&
    tagValue(item.tags, 'Type') === CRON_TICK_TYPE
  );
}

/**
 * The message handed to a process for one assignment, exactly as the ao compute unit builds it
 * (AO-PROTOCOL.md, Compute semantics; AOS-SEMANTICS.md 1.2). Pure: the same item and assignment give the
 * same message on any machine, which is what makes replay deterministic. A cron tick of `process`
 * becomes the aos cron message: no Id, Data or Nonce, `Cron: true`, From = Owner = the process owner, the
 * `Cron-Tag-*` values as tags.
 */
export function messageFor(
  item: MessageFields,
  assignment: StoredAssignment,
  process?: CronOwner,
): AoMessage {
  if (process !== undefined && isCronTick(item, assignment, process)) {
    return {
      Owner: process.owner,
      From: process.owner,
      Target: assignment.processId,
      Tags: cronMessageTags(item.tags),
      Timestamp: assignment.timestamp,
      'Block-Height': assignment.blockHeight,
      Cron: true,
    };
  }
  const fromProcess = tagValue(item.tags, 'From-Process');
  const message: AoMessage = {
    Id: item.id,
    Signature: base64urlEncode(item.signature),
    Data: utf8.decode(item.data),
    Owner: item.ownerAddress,
    From: fromProcess ? fromProcess : item.ownerAddress,
    // The process's own item is addressed to itself; a message keeps its target, so a message assigned
    // here from elsewhere (ao `assign`) shows a foreign Target and meets aos's assignment gate.
    Target: item.target ?? assignment.processId,
    Tags: visibleTags(item.tags),
    Epoch: assignment.epoch,
    Nonce: assignment.slot,
    Timestamp: assignment.timestamp,
    'Block-Height': assignment.blockHeight,
    'Hash-Chain': assignment.hashChain,
    Cron: false,
  };
  if (fromProcess) message['Forwarded-By'] = item.ownerAddress;
  if (item.anchor !== null) message.Anchor = item.anchor;
  return message;
}

function envItem(item: DataItem): AoEnvItem {
  return { Id: item.id, Owner: item.ownerAddress, Tags: [...item.tags] };
}

/** `env` for every message of a process: its Process item and its Module item. */
export function envFor(processItem: DataItem, moduleItem: DataItem): AoEnv {
  return { Process: envItem(processItem), Module: envItem(moduleItem) };
}
