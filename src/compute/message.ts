import { base64urlEncode } from '../core/base64url.js';
import { cronMessageTags, isCronTickOf } from '../core/cron.js';
import type { DataItem } from '../core/types.js';
import type { AoEnv, AoEnvItem, AoMessage } from '../runtime/types.js';
import type { SlotMessage } from '../store/slot-messages.js';
import type { StoredAssignment } from '../store/types.js';

const utf8 = new TextDecoder();

/** The fields of a logged item a message is built from (a DataItem has them all). */
export type MessageFields = Pick<
  DataItem,
  'id' | 'signature' | 'data' | 'ownerAddress' | 'target' | 'anchor' | 'tags'
>;

/** The fields of an assignment a message is built from (a StoredAssignment has them all). */
export type AssignmentFields = Pick<
  StoredAssignment,
  'processId' | 'slot' | 'timestamp' | 'blockHeight' | 'epoch' | 'hashChain'
>;

/** Who a process's cron messages come from, and who may sign its cron ticks. */
export interface CronOwner {
  owner: string;
  scheduler: string;
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
  assignment: AssignmentFields,
  process?: CronOwner,
): AoMessage {
  const slot: SlotMessage = {
    slot: assignment.slot,
    messageId: item.id,
    timestamp: assignment.timestamp,
    blockHeight: assignment.blockHeight,
    epoch: assignment.epoch,
    hashChain: assignment.hashChain,
    signature: base64urlEncode(item.signature),
    ownerAddress: item.ownerAddress,
    target: item.target,
    anchor: item.anchor,
    tags: [...item.tags],
    data: utf8.decode(item.data),
  };
  return slotMessageFor(slot, assignment.processId, process);
}

/**
 * `messageFor` over a slot as the log reader returns it (store/slot-messages.ts): one pass over the
 * tags, no copies. Takes ownership of `slot.tags` (the message may use that array as its Tags).
 */
export function slotMessageFor(slot: SlotMessage, processId: string, process?: CronOwner): AoMessage {
  const tags = slot.tags;
  // One pass: the first From-Process and Type values, and whether any tag must be hidden.
  let fromProcess: string | undefined;
  let type: string | undefined;
  let hidden = false;
  for (let i = 0; i < tags.length; i++) {
    const name = tags[i]!.name;
    if (name === 'From' || name === 'Owner') hidden = true;
    else if (name === 'From-Process') {
      if (fromProcess === undefined) fromProcess = tags[i]!.value;
    } else if (name === 'Type') {
      if (type === undefined) type = tags[i]!.value;
    }
  }
  // A cron tick (core/cron.ts isCronTickOf); the messenger never forwards `Type`, so a process cannot
  // forge one either.
  if (
    process !== undefined &&
    isCronTickOf({ type, ownerAddress: slot.ownerAddress, target: slot.target }, processId, process.scheduler)
  ) {
    return {
      Owner: process.owner,
      From: process.owner,
      Target: processId,
      Tags: cronMessageTags(tags),
      Timestamp: slot.timestamp,
      'Block-Height': slot.blockHeight,
      Cron: true,
    };
  }
  const message: AoMessage = {
    Id: slot.messageId,
    Signature: slot.signature,
    Data: slot.data,
    Owner: slot.ownerAddress,
    From: fromProcess ? fromProcess : slot.ownerAddress,
    // The process's own item is addressed to itself; a message keeps its target, so a message assigned
    // here from elsewhere (ao `assign`) shows a foreign Target and meets aos's assignment gate.
    Target: slot.target ?? processId,
    // Tags a process never sees as tags: the CU derives `From` and `Owner` itself (AO-PROTOCOL.md).
    Tags: hidden ? tags.filter((tag) => tag.name !== 'From' && tag.name !== 'Owner') : tags,
    Epoch: slot.epoch,
    Nonce: slot.slot,
    Timestamp: slot.timestamp,
    'Block-Height': slot.blockHeight,
    'Hash-Chain': slot.hashChain,
    Cron: false,
  };
  if (fromProcess) message['Forwarded-By'] = slot.ownerAddress;
  if (slot.anchor !== null) message.Anchor = slot.anchor;
  return message;
}

function envItem(item: DataItem): AoEnvItem {
  return { Id: item.id, Owner: item.ownerAddress, Tags: [...item.tags] };
}

/** `env` for every message of a process: its Process item and its Module item. */
export function envFor(processItem: DataItem, moduleItem: DataItem): AoEnv {
  return { Process: envItem(processItem), Module: envItem(moduleItem) };
}
