/**
 * A pool of pre-signed RSA-4096 items for the ingest benchmarks, cached in bench/.cache (RSA signing runs
 * at a few hundred items/s per core, too slow to redo every run). The file holds the process item then
 * the messages, each as a 4-byte length and the raw item; it grows on demand, signed in worker threads.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { decodeDataItem } from '../../src/core/data-item.js';
import { nodeHashes, signDataItem } from '../../src/crypto/index.js';
import { rsaSigner } from './fixtures.js';
import { nodeAddress, nodeModuleId, poolProcessDraft } from './rsa-pool-items.js';

export interface RsaPool {
  processItem: Uint8Array;
  processId: string;
  messages: Uint8Array[];
}

function readFrames(bytes: Buffer): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let at = 0; at + 4 <= bytes.length; ) {
    const length = bytes.readUInt32LE(at);
    if (at + 4 + length > bytes.length) break; // a torn tail from an interrupted write: ignore it
    frames.push(new Uint8Array(bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return frames;
}

function frame(raw: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(raw.byteLength);
  return Buffer.concat([head, raw]);
}

function signInWorker(processId: string, start: number, count: number): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../../src/compute/ts-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./rsa-sign-worker.ts', import.meta.url).href, processId, start, count },
    });
    worker.once('message', (raws: Uint8Array[]) => resolve(raws));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`signing worker exited with code ${code}`));
    });
  });
}

/** At least `count` pre-signed messages (and their process), signing and caching what is missing. */
export async function ensureRsaPool(
  cacheDir: string,
  count: number,
  log: (m: string) => void,
): Promise<RsaPool> {
  const file = join(cacheDir, `rsa-pool-${nodeAddress().slice(0, 8)}-${nodeModuleId().slice(0, 8)}.bin`);
  let frames = existsSync(file) ? readFrames(readFileSync(file)) : [];
  if (frames.length === 0) {
    frames = [signDataItem(poolProcessDraft(nodeAddress(), nodeModuleId()), rsaSigner()).raw];
    writeFileSync(file, frame(frames[0]!));
  }
  const processItem = frames[0]!;
  const processId = decodeDataItem(processItem, nodeHashes).id;
  const have = frames.length - 1;
  if (have < count) {
    const missing = count - have;
    const workers = Math.max(1, availableParallelism());
    log(`signing ${missing} RSA items in ${workers} worker threads (cached in ${file})`);
    const start = performance.now();
    const share = Math.ceil(missing / workers);
    const parts = await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const from = have + w * share;
        const n = Math.min(share, count - from);
        return n > 0 ? signInWorker(processId, from, n) : Promise.resolve([]);
      }),
    );
    const added = parts.flat();
    writeFileSync(file, Buffer.concat(added.map(frame)), { flag: 'a' });
    frames.push(...added);
    log(`signed ${added.length} items in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return { processItem, processId, messages: frames.slice(1, count + 1) };
}
