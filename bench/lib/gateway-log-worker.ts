/**
 * Worker thread of the bulk loader: signs the messages (and their Assignment items) whose target process
 * it owns (spawn index % workers = worker), one requested range at a time, and posts their rows with the
 * raw items packed in one transferred buffer. Owning whole processes keeps each hash chain in one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type ChainHead,
  createPacker,
  type MessageRows,
  makeMessages,
  makeSpawns,
} from './gateway-log-items.js';
import type { GatewayLogSpec } from './gateway-log-spec.js';

export interface WorkerJob {
  spec: GatewayLogSpec;
  worker: number;
  workers: number;
}
export interface RangeRequest {
  from: number;
  to: number;
}
export interface RangeReply {
  from: number;
  rows: MessageRows[];
  bytes: Uint8Array;
}

const { spec, worker, workers } = workerData as WorkerJob;
const spawns = makeSpawns(spec);
const processIds = spawns.processes.map((item) => item.id);
const heads = new Map<string, ChainHead>();
for (const { row } of spawns.assignments) {
  heads.set(row.processId, { slot: row.slot, assignmentId: row.assignmentId, hashChain: row.hashChain });
}
const packer = createPacker();
const owns = (p: number) => p % workers === worker;

parentPort!.on('message', ({ from, to }: RangeRequest) => {
  const rows = makeMessages(spec, processIds, heads, from, to, owns, packer);
  const bytes = packer.take();
  const reply: RangeReply = { from, rows, bytes };
  parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
});
