/**
 * Signature verification on worker threads for HTTP ingest: RSA-4096 verification (~0.1 ms) is the
 * costliest step of accepting an item, so the event loop only decodes the item and computes its
 * deep-hash message, and a worker runs the public-key operation. Same checks, same errors as
 * `parseAndVerify`; a pool whose worker fails falls back to verifying on the calling thread.
 */
import { Worker } from 'node:worker_threads';
import { decodeDataItem, locateSections, sectionsMessage } from '../core/data-item.js';
import type { DataItem } from '../core/types.js';
import { nodeHashes } from './hashes.js';
import { invalidSignature, parseAndVerify, verifyDataItem } from './verify.js';

export interface VerifyPool {
  /** Decodes `raw` here, verifies its signature on a worker; rejects with parseAndVerify's errors. */
  parseAndVerify(raw: Uint8Array): Promise<DataItem>;
  /** Stops the workers; later calls verify on the calling thread. */
  close(): Promise<void>;
}

export interface VerifyPoolOptions {
  /** Worker threads (≥ 1). */
  threads: number;
}

/**
 * The worker, plain CommonJS on node:crypto only (so it needs no TypeScript loader): answers a batch
 * [{ id, type, key, owner, signature, message }] with [[id, valid]]. RSA-PSS (salt auto-detected) with
 * SHA-256 for type 1, ed25519 for type 2; public keys cached per owner address, as crypto/verify.ts.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { constants, createPublicKey, verify } = require('node:crypto');
const keys = new Map();
const spki = Buffer.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
function keyOf(job) {
  const cacheKey = job.type + ':' + job.key;
  let key = keys.get(cacheKey);
  if (key) return key;
  key = job.type === 1
    ? createPublicKey({ key: { kty: 'RSA', n: Buffer.from(job.owner).toString('base64url'), e: 'AQAB' }, format: 'jwk' })
    : createPublicKey({ key: Buffer.concat([spki, job.owner]), format: 'der', type: 'spki' });
  if (keys.size >= 4096) keys.delete(keys.keys().next().value);
  keys.set(cacheKey, key);
  return key;
}
function check(job) {
  try {
    const key = keyOf(job);
    return job.type === 1
      ? verify('sha256', job.message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, job.signature)
      : verify(null, job.message, key, job.signature);
  } catch {
    return false;
  }
}
parentPort.on('message', (jobs) => parentPort.postMessage(jobs.map((job) => [job.id, check(job)])));
`;

interface Job {
  id: number;
  type: number;
  key: string;
  owner: Uint8Array;
  signature: Uint8Array;
  message: Uint8Array;
}

interface Waiting {
  item: DataItem;
  resolve: (item: DataItem) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  worker: Worker;
  outstanding: number;
}

export function createVerifyPool(options: VerifyPoolOptions): VerifyPool {
  const threads = Math.max(1, Math.trunc(options.threads));
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  let lanes: Lane[] = [];
  let queued: Job[] = [];
  let dispatch: NodeJS.Immediate | undefined;

  /** Verifies everything still waiting on this thread (a worker failed, or the pool closed). */
  const settleHere = (ids: Iterable<number>): void => {
    for (const id of ids) {
      const entry = waiting.get(id);
      if (entry === undefined) continue;
      waiting.delete(id);
      if (verifyDataItem(entry.item)) entry.resolve(entry.item);
      else entry.reject(invalidSignature(entry.item));
    }
  };

  const stop = (): void => {
    started = true; // a stopped pool stays on the calling thread
    const old = lanes;
    lanes = [];
    for (const lane of old) void lane.worker.terminate();
    if (dispatch !== undefined) clearImmediate(dispatch);
    dispatch = undefined;
    queued = [];
    settleHere([...waiting.keys()]);
  };

  /** Starts the workers on first use (a node that never takes an HTTP post never starts threads). */
  let started = false;
  const start = (): void => {
    started = true;
    for (let i = 0; i < threads; i++) startLane();
  };
  const startLane = (): void => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const lane: Lane = { worker, outstanding: 0 };
    worker.unref();
    worker.on('message', (answers: [number, boolean][]) => {
      lane.outstanding -= answers.length;
      for (const [id, valid] of answers) {
        const entry = waiting.get(id);
        if (entry === undefined) continue;
        waiting.delete(id);
        if (valid) entry.resolve(entry.item);
        else entry.reject(invalidSignature(entry.item));
      }
    });
    worker.on('error', (error) => {
      console.error('aolite: a signature verification thread failed; verifying on the main thread', error);
      stop();
    });
    worker.on('exit', () => {
      if (lanes.includes(lane)) stop(); // died without an error event: nothing it held may hang
    });
    lanes.push(lane);
  };

  /** Sends what queued this turn of the event loop, split across the least busy workers. */
  const send = (): void => {
    dispatch = undefined;
    const jobs = queued;
    queued = [];
    if (lanes.length === 0) {
      settleHere(jobs.map((job) => job.id));
      return;
    }
    const share = Math.ceil(jobs.length / lanes.length);
    const byLoad = [...lanes].sort((a, b) => a.outstanding - b.outstanding);
    for (let i = 0, at = 0; at < jobs.length; i++, at += share) {
      const lane = byLoad[i % byLoad.length]!;
      const part = jobs.slice(at, at + share);
      lane.outstanding += part.length;
      lane.worker.postMessage(part);
    }
  };

  return {
    async parseAndVerify(raw) {
      if (!started) start();
      if (lanes.length === 0) return parseAndVerify(raw);
      const item = decodeDataItem(raw, nodeHashes);
      const sections = locateSections(item.raw);
      const job: Job = {
        id: nextId++,
        type: sections.signatureType,
        key: item.ownerAddress,
        // Copies: posting a view would clone the whole buffer under it.
        owner: new Uint8Array(sections.owner),
        signature: new Uint8Array(sections.signature),
        message: new Uint8Array(sectionsMessage(sections, nodeHashes.sha384)),
      };
      return new Promise<DataItem>((resolve, reject) => {
        waiting.set(job.id, { item, resolve, reject });
        queued.push(job);
        dispatch ??= setImmediate(send);
      });
    },
    async close() {
      stop();
    },
  };
}
