import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open.js';
import { testSigner } from './support/log-items.js';
import { scheduledProcess } from './support/scheduled-process.js';
import { tempDir } from './support/store-fixtures.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
const raw = (id: string) => Buffer.from(id, 'base64url');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function runWorker(data: Record<string, unknown>): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./support/assign-worker.mjs', import.meta.url), {
      workerData: data,
    });
    let slots: number[] | undefined;
    worker.once('message', (message: number[]) => {
      slots = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      slots !== undefined ? resolve(slots) : reject(new Error(`worker exited ${code}`)),
    );
  });
}

describe('scheduler across connections', () => {
  it('four worker threads with their own connections scheduling to one process leave slots 0..N chained, no gap or duplicate', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'log.sqlite');
    const node = testSigner('node');
    const user = testSigner('user');
    const t0 = 1_700_000_000_000;
    const store = openStore({ path });
    const { processId } = scheduledProcess({ store, signer: node, user, t0, blockIntervalMs: 50 });

    const workers = 4;
    const count = 300;
    const results = await Promise.all(
      Array.from({ length: workers }, (_, worker) =>
        runWorker({ path, processId, worker, count, start: t0 + worker }),
      ),
    );

    const all = results.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: workers * count }, (_, i) => i + 1));
    for (const slots of results) expect(slots).toEqual([...slots].sort((a, b) => a - b)); // each worker's slots ascend

    const rows = store.assignmentsBySlot(processId, { limit: 10_000 });
    expect(rows.map((r) => r.slot)).toEqual(Array.from({ length: workers * count + 1 }, (_, i) => i));
    let link = sha(raw(processId)).toString('base64url');
    let lastTimestamp = 0;
    for (const row of rows) {
      expect(row.hashChain).toBe(link);
      expect(row.timestamp).toBeGreaterThanOrEqual(lastTimestamp);
      lastTimestamp = row.timestamp;
      link = sha(Buffer.concat([raw(row.assignmentId), raw(row.hashChain)])).toString('base64url');
    }
    // blocks were sealed by several connections yet form one chain
    const latest = store.latestBlock()!;
    for (let h = latest.height; h > 0; h--)
      expect(store.getBlock(h)?.previous).toBe(store.getBlock(h - 1)?.id);
    store.close();
  });
});
