import { base64urlEncode } from '../core/base64url.js';
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

/**
 * The message handed to a process for one assignment, exactly as the ao compute unit builds it
 * (AO-PROTOCOL.md, Compute semantics; AOS-SEMANTICS.md 1.2). Pure: the same item and assignment give the
 * same message on any machine, which is what makes replay deterministic.
 */
export function messageFor(item: MessageFields, assignment: StoredAssignment): AoMessage {
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
