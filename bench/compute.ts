/**
 * The compute unit on a SQLite file: the counter full pipeline (log → evaluation → stored result,
 * `compute.catchUp` of a logged counter process from a fresh compute), verification of that process
 * by replay from genesis, and spawn → first result on a running node.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCompute } from '../src/compute/index.js';
import { verifyProcess } from '../src/compute/verify.js';
import { defaultConfig } from '../src/config.js';
import { signDataItem } from '../src/crypto/index.js';
import { NODE_KEY_FILE } from '../src/node/identity.js';
import { createNode } from '../src/node.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import type { ProcessRuntime } from '../src/runtime/process-runtime.js';
import type { EvalResult } from '../src/runtime/types.js';
import { openStore } from '../src/store/index.js';
import { buildCounterLog } from './lib/counter-log.js';
import { aoTags, edSigner, seed } from './lib/fixtures.js';
import { createSamples, now } from './lib/stats.js';
import { tempFolder } from './lib/temp.js';
import type { Benchmark } from './lib/types.js';

const STUB_PROMPT =
  '\u001b[32mbench-counter\u001b[90m@\u001b[34maos-2.0.4\u001b[90m[Inbox:\u001b[31m1\u001b[90m]\u001b[0m> ';

/**
 * A runtime whose handle() answers at once with what the counter prints (the n-th message handled
 * prints n, as the counter's Nonce would): the cost around evaluation.
 */
async function stubRuntime(): Promise<ProcessRuntime> {
  const unsupported = (): never => {
    throw new Error('the stub runtime only handles messages');
  };
  let handled = 0;
  const answer = (): EvalResult => ({
    Output: { data: `Count is now ${handled++}`, print: true, prompt: STUB_PROMPT },
    Messages: [],
    Spawns: [],
    Assignments: [],
    GasUsed: 0,
  });
  return {
    handle: answer,
    handlePrepared: answer,
    handleRaw: () => {
      const { GasUsed, ...result } = answer();
      return { text: JSON.stringify(result), gasUsed: GasUsed };
    },
    dryRun: unsupported,
    readState: unsupported,
    snapshot: () => new Uint8Array(0),
    memoryView: () => new Uint8Array(0),
    memoryHash: () => '',
    memoryBytes: () => 0,
    close: () => undefined,
  };
}

async function spawnToFirstResult(folder: string, spawns: number): Promise<number> {
  const nodeSeed = seed(42);
  const nodeKey = edSigner(42);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, NODE_KEY_FILE),
    JSON.stringify({
      kty: 'OKP',
      crv: 'Ed25519',
      d: Buffer.from(nodeSeed).toString('base64url'),
      x: Buffer.from(nodeKey.publicKey).toString('base64url'),
    }),
  );
  const node = await createNode({ ...defaultConfig, dataDir: folder }, { sealTimer: false });
  try {
    const user = edSigner(100);
    const items = Array.from({ length: spawns }, (_, i) =>
      signDataItem(
        {
          tags: [
            ...aoTags('Process'),
            { name: 'Module', value: node.moduleId },
            { name: 'Scheduler', value: node.address },
            { name: 'Name', value: `spawn-${i}-${now()}` },
          ],
          data: '',
        },
        user,
      ),
    );
    let total = 0;
    for (const item of items) {
      const start = now();
      node.ingest(item.raw);
      const first = await node.compute.resultOf(item.id, { slot: 0 });
      total += now() - start;
      if (first.result.Error !== undefined) throw new Error(`spawn failed: ${first.result.Error}`);
    }
    return total / spawns;
  } finally {
    await node.close();
  }
}

export const computeBenchmark: Benchmark = {
  name: 'compute',
  summary: 'compute unit: counter full pipeline, verification, spawn → first result',
  sizes: {
    messages: { full: 10_000, quick: 2_000, help: 'Incr messages in the logged counter process' },
    spawns: { full: 20, quick: 5, help: 'spawns timed per run' },
  },
  figures: [
    {
      id: 'compute.counter-pipeline',
      label: 'counter full pipeline: log → evaluation → stored result',
      unit: 'msg/s',
      better: 'higher',
      goal: { op: '>=', value: 25_000 },
      note: '`compute.catchUp` of a logged counter process (aos, Incr handler that prints) from a fresh compute on a SQLite file: process start, slot messages read in batches and built into push plans on the read-ahead thread (compute/read-ahead.ts: the one such thread of the node process; an untimed warm-up run before the timed ones starts it and the write-behind thread, as a node starts them with its compute unit), evaluation, result rows decoded, encoded, hashed and written on the write-behind thread (compute/result-writer.ts) while the next batch is evaluated; the run ends when the last batch is committed. The process starts from the boot image of the library (runtime/process-runtime.ts), booted once per node process: in the first run, and shared by the runs after it, as by every process a node spawns.',
    },
    {
      id: 'compute.verify',
      label: 'verify: replay of the counter process from genesis, every result hash compared',
      unit: 'msg/s',
      better: 'higher',
      goal: { op: '>=', value: 25_000 },
      note: '`verifyProcess` from genesis in a fresh runtime after the pipeline run: slots read ahead as in the pipeline, each result hash compared with the stored one.',
    },
    {
      id: 'compute.pipeline-outside-handle',
      label: 'counter full pipeline, time per message outside handle()',
      unit: 'µs',
      better: 'lower',
      note: 'The counter pipeline again with a stub runtime whose handle() returns a counter result at once: what a message costs around the Lua evaluation. The read-ahead thread reads the log and builds the messages (compute/read-ahead.ts) and the write-behind thread encodes, hashes and writes the results (compute/result-writer.ts) while the evaluating thread handles the batch between them; with nothing to evaluate, the slowest of the three sets this figure.',
    },
    {
      id: 'compute.verify-outside-handle',
      label: 'verify, time per message outside handle()',
      unit: 'µs',
      better: 'lower',
      note: 'Verification from genesis with the same stub runtime: log read and message building (read-ahead thread), result encoding and hash, stored hash read and comparison.',
    },
    {
      id: 'compute.spawn-first-result',
      label:
        'spawn → first result (ingest of a signed process item → its process message evaluated and stored)',
      unit: 'ms',
      better: 'lower',
      note: 'On a running node (SQLite file, eager evaluation on the compute thread, started with the node): node.ingest of an ed25519-signed spawn, then compute.resultOf slot 0; the mean includes the first spawn, which waits for the fresh thread to compile the Lua WebAssembly and boot the library.',
    },
  ],
  async run(ctx) {
    const samples = createSamples();
    const folder = tempFolder('compute');
    try {
      const base = join(folder.path, 'base.sqlite');
      const built = buildCounterLog(base, ctx.sizes.messages!);
      built.store.close();
      const library = loadAosLibrary();
      // Warm-up, not timed: starts the read-ahead thread (a node starts it with its compute unit, long before
      // a burst of evaluation) and lets the JIT compile the evaluation path.
      const warmUp = join(folder.path, 'warm-up.sqlite');
      copyFileSync(base, warmUp);
      const warmStore = openStore({ path: warmUp });
      try {
        const compute = createCompute({ store: warmStore, library });
        await compute.catchUp(built.processId);
        await compute.close();
      } finally {
        warmStore.close();
      }
      for (let run = 0; run < ctx.runs; run++) {
        ctx.log(`run ${run + 1}/${ctx.runs}`);
        const path = join(folder.path, `run-${run}.sqlite`);
        copyFileSync(base, path);
        const store = openStore({ path });
        try {
          const compute = createCompute({ store, library });
          const start = now();
          const last = await compute.catchUp(built.processId);
          samples.add('compute.counter-pipeline', (last + 1) / ((now() - start) / 1000));
          const count = await compute.state(built.processId, 'Count');
          await compute.close();
          if (last !== built.lastSlot || count.value !== ctx.sizes.messages) {
            throw new Error(`evaluated to slot ${last} with Count ${JSON.stringify(count.value)}`);
          }
          const t = now();
          const report = await verifyProcess({ store, library, processId: built.processId, from: 'genesis' });
          const ms = now() - t;
          if (!report.ok) throw new Error(`verification diverged: ${JSON.stringify(report)}`);
          samples.add('compute.verify', report.slots / (ms / 1000));
        } finally {
          store.close();
        }
        const stubPath = join(folder.path, `stub-${run}.sqlite`);
        copyFileSync(base, stubPath);
        const stubStore = openStore({ path: stubPath });
        try {
          const compute = createCompute({ store: stubStore, library, createRuntime: stubRuntime });
          const start = now();
          const last = await compute.catchUp(built.processId);
          samples.add('compute.pipeline-outside-handle', ((now() - start) * 1000) / (last + 1));
          await compute.close();
          const t = now();
          const report = await verifyProcess({
            store: stubStore,
            library,
            processId: built.processId,
            from: 'genesis',
            createRuntime: stubRuntime,
          });
          if (!report.ok) throw new Error(`stub verification diverged: ${JSON.stringify(report)}`);
          samples.add('compute.verify-outside-handle', ((now() - t) * 1000) / report.slots);
        } finally {
          stubStore.close();
        }
        const nodeFolder = join(folder.path, `node-${run}`);
        samples.add('compute.spawn-first-result', await spawnToFirstResult(nodeFolder, ctx.sizes.spawns!));
      }
    } finally {
      folder.remove();
    }
    return { samples: samples.result() };
  },
};
