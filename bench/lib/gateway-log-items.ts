/**
 * The signed items of the generated GraphQL log and their rows, made exactly as the scheduler makes them
 * (src/scheduler/scheduler.ts assignNext) and written exactly as the store writes them
 * (src/store/open.ts writeItem). Used by the bulk loader's worker threads and its main thread.
 */
import { firstHashChainLink, nextHashChainLink } from '../../src/core/hash-chain.js';
import { contentTypeOf } from '../../src/core/tags.js';
import type { DataItem, Signer } from '../../src/core/types.js';
import { nodeHashes, signDataItem } from '../../src/crypto/index.js';
import { assignmentTags } from '../../src/scheduler/assignment-tags.js';
import {
  batchOf,
  batchTime,
  type GatewayLogSpec,
  gatewayModuleId,
  gatewayScheduler,
  gatewayUser,
  messageDraft,
  messageTarget,
  processDraft,
} from './gateway-log-spec.js';

/** A data_items row; `raw` spans [rawStart, rawEnd) of a packed buffer, signature and owner likewise. */
export interface ItemRow {
  id: string;
  signatureType: number;
  rawStart: number;
  rawEnd: number;
  signatureStart: number;
  signatureEnd: number;
  ownerStart: number;
  ownerEnd: number;
  ownerAddress: string;
  target: string | null;
  anchor: string | null;
  tagsJson: string;
  dataSize: number;
  contentType: string | null;
  ingestedAt: number;
}

/** An assignments row (its seq is the insertion order). */
export interface AssignmentRow {
  processId: string;
  slot: number;
  messageId: string;
  assignmentId: string;
  timestamp: number;
  blockHeight: number;
  hashChain: string;
}

/** Raw items appended into one growing buffer, so a batch of rows crosses threads as one transfer. */
export interface Packer {
  add(item: DataItem, ingestedAt: number): ItemRow;
  /** The packed bytes so far (a copy), and a fresh start. */
  take(): Uint8Array;
}

export function createPacker(): Packer {
  let buffer = new Uint8Array(1 << 20);
  let used = 0;
  return {
    add(item, ingestedAt) {
      const raw = item.raw;
      if (used + raw.byteLength > buffer.byteLength) {
        const bigger = new Uint8Array(Math.max(buffer.byteLength * 2, used + raw.byteLength));
        bigger.set(buffer.subarray(0, used));
        buffer = bigger;
      }
      const start = used;
      buffer.set(raw, start);
      used += raw.byteLength;
      const at = (view: Uint8Array) => start + view.byteOffset - raw.byteOffset;
      return {
        id: item.id,
        signatureType: item.signatureType,
        rawStart: start,
        rawEnd: used,
        signatureStart: at(item.signature),
        signatureEnd: at(item.signature) + item.signature.byteLength,
        ownerStart: at(item.owner),
        ownerEnd: at(item.owner) + item.owner.byteLength,
        ownerAddress: item.ownerAddress,
        target: item.target,
        anchor: item.anchor,
        tagsJson: JSON.stringify(item.tags),
        dataSize: item.data.byteLength,
        contentType: contentTypeOf(item.tags) ?? null,
        ingestedAt,
      };
    },
    take() {
      const out = buffer.slice(0, used);
      used = 0;
      return out;
    },
  };
}

/** Where a process's chain stands: its latest assignment. */
export interface ChainHead {
  slot: number;
  assignmentId: string;
  hashChain: string;
}

/** The signed Assignment item for the next slot of `processId` (timestamps never decrease here). */
export function signAssignment(
  signer: Signer,
  processId: string,
  messageId: string,
  head: ChainHead | undefined,
  blockHeight: number,
  timestamp: number,
): { item: DataItem; row: AssignmentRow } {
  const slot = head === undefined ? 0 : head.slot + 1;
  const hashChain =
    head === undefined
      ? firstHashChainLink(processId, nodeHashes.sha256)
      : nextHashChainLink(head.assignmentId, head.hashChain, nodeHashes.sha256);
  const tags = assignmentTags({
    processId,
    epoch: 0,
    slot,
    hashChain,
    blockHeight,
    timestamp,
    messageId,
    exclude: [],
  });
  const item = signDataItem({ tags, data: '' }, signer);
  return {
    item,
    row: { processId, slot, messageId, assignmentId: item.id, timestamp, blockHeight, hashChain },
  };
}

/** The spawns (batch 0): Process items and their slot-0 assignments, in scheduling order. */
export interface Spawns {
  processes: DataItem[];
  assignments: Array<{ item: DataItem; row: AssignmentRow }>;
}

export function makeSpawns(spec: GatewayLogSpec): Spawns {
  const user = gatewayUser();
  const scheduler = gatewayScheduler();
  const processes = Array.from({ length: spec.processes }, (_, p) =>
    signDataItem(processDraft(p, gatewayModuleId, scheduler.address), user),
  );
  const assignments = processes.map((item) =>
    signAssignment(scheduler, item.id, item.id, undefined, 1, spec.startTime),
  );
  return { processes, assignments };
}

/** One message's rows: the message item, its Assignment item, the assignments row. */
export interface MessageRows {
  index: number;
  message: ItemRow;
  assignmentItem: ItemRow;
  assignment: AssignmentRow;
}

/**
 * Makes the messages of [from, to) whose target `owns` (by spawn index), advancing `heads` (one chain
 * head per process; a worker owns a disjoint set of processes, so chains never cross workers).
 */
export function makeMessages(
  spec: GatewayLogSpec,
  processIds: readonly string[],
  heads: Map<string, ChainHead>,
  from: number,
  to: number,
  owns: (processIndex: number) => boolean,
  packer: Packer,
): MessageRows[] {
  const user = gatewayUser();
  const scheduler = gatewayScheduler();
  const out: MessageRows[] = [];
  for (let i = from; i < to; i++) {
    const target = messageTarget(spec, i);
    if (!owns(target)) continue;
    const b = batchOf(spec, i);
    const time = batchTime(spec, b);
    const message = signDataItem(messageDraft(spec, i, processIds), user);
    const processId = processIds[target]!;
    const signed = signAssignment(scheduler, processId, message.id, heads.get(processId), b + 1, time);
    heads.set(processId, {
      slot: signed.row.slot,
      assignmentId: signed.row.assignmentId,
      hashChain: signed.row.hashChain,
    });
    out.push({
      index: i,
      message: packer.add(message, time),
      assignmentItem: packer.add(signed.item, time),
      assignment: signed.row,
    });
  }
  return out;
}
