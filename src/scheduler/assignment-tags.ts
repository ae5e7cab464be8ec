import type { Tag } from '../core/types.js';

export interface AssignmentTagInput {
  processId: string;
  epoch: number;
  slot: number;
  hashChain: string;
  blockHeight: number;
  timestamp: number;
  messageId: string;
  exclude: readonly string[];
}

/** The tags of an Assignment item, in the reference SU's order (AO-PROTOCOL.md). */
export function assignmentTags(a: AssignmentTagInput): Tag[] {
  const tags: Tag[] = [
    { name: 'Process', value: a.processId },
    { name: 'Epoch', value: String(a.epoch) },
    { name: 'Nonce', value: String(a.slot) },
    { name: 'Hash-Chain', value: a.hashChain },
    { name: 'Block-Height', value: String(a.blockHeight) },
    { name: 'Timestamp', value: String(a.timestamp) },
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Type', value: 'Assignment' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Message', value: a.messageId },
  ];
  for (const id of a.exclude) tags.push({ name: 'Exclude', value: id });
  return tags;
}
