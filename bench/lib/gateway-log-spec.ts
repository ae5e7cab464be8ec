/**
 * The content of the GraphQL benchmark's generated log, as pure functions of a spec, so the scheduler
 * (test/bench-gateway-log.test.ts) and the bulk loader (gateway-log-bulk.ts, its worker threads) produce
 * the very same items, slots, timestamps and blocks.
 *
 * The log: a genesis block at `startTime`; `processes` Process items spawned at `startTime` (block 1);
 * then the messages in batches of `batch`, batch b (1-based) scheduled at `startTime + b·interval` into
 * block b + 1; block h is sealed at `startTime + h·interval`, and a last seal closes the last batch. This
 * is what the scheduler writes when its clock reads those times and `sealBlock()` runs between batches.
 * Message i targets a process and names a From-Process and an Action drawn by a hash of i (stateless, so a
 * worker can make any message without the ones before it).
 */
import type { DataItemDraft, Signer, Tag } from '../../src/core/types.js';
import { aoTags, edSigner } from './fixtures.js';

export interface GatewayLogSpec {
  processes: number;
  messages: number;
  /** Messages per scheduling commit (one block each). */
  batch: number;
  startTime: number;
  blockIntervalMs: number;
}

export const ACTIONS = ['Transfer', 'Balance', 'Eval', 'Info', 'Credit-Notice'] as const;

export function gatewayLogSpec(messages: number): GatewayLogSpec {
  return { processes: 100, messages, batch: 1000, startTime: 1_700_000_000_000, blockIntervalMs: 1000 };
}

/** The user who signs every process and message, and the scheduler's node key. */
export const gatewayUser = (): Signer => edSigner(100);
export const gatewayScheduler = (): Signer => edSigner(0);

/** A 32-bit mix of (i, k) (murmur3's finalizer): the k-th draw of message i. */
export function draw(i: number, k: number, n: number): number {
  let h = Math.imul(i, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % n;
}

export function processDraft(p: number, moduleId: string, schedulerAddress: string): DataItemDraft {
  return {
    tags: [
      ...aoTags('Process'),
      { name: 'Module', value: moduleId },
      { name: 'Scheduler', value: schedulerAddress },
    ],
    data: String(p),
  };
}

export const gatewayModuleId = 'm'.repeat(43);

/** Index (into the spawn order) of the process message i targets. */
export const messageTarget = (spec: GatewayLogSpec, i: number): number => draw(i, 0, spec.processes);

export function messageDraft(spec: GatewayLogSpec, i: number, processIds: readonly string[]): DataItemDraft {
  const tags: Tag[] = [
    ...aoTags('Message'),
    { name: 'Action', value: ACTIONS[draw(i, 1, ACTIONS.length)]! },
    { name: 'From-Process', value: processIds[draw(i, 2, spec.processes)]! },
    { name: 'Reference', value: String(i) },
  ];
  return { target: processIds[messageTarget(spec, i)]!, tags, data: `m${i}` };
}

/** Batch of message i (1-based; the spawns are batch 0). */
export const batchOf = (spec: GatewayLogSpec, i: number): number => Math.floor(i / spec.batch) + 1;

/** The scheduler clock while batch b is scheduled (and the seal time of block b). */
export const batchTime = (spec: GatewayLogSpec, b: number): number =>
  spec.startTime + b * spec.blockIntervalMs;

/** Number of message batches. */
export const batchCount = (spec: GatewayLogSpec): number => Math.ceil(spec.messages / spec.batch);
