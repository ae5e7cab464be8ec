/**
 * Checkpoints of a real aos counter process on a SQLite file: after every 1,000 Incr messages, the time
 * of an interval checkpoint as the node saves it (saveAsync: content-addressed 4 KiB chunks, only changed
 * ones hashed, new ones packed and compressed) and the new bytes it stored (packs, their chunk hashes,
 * the manifest); and a restore (checkpoint read + packs decompressed + memory hash checked + a runtime
 * from it).
 */

import { join } from 'node:path';
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { evaluateSlots, loadProcessContext } from '../src/compute/index.js';
import { createSlotReader } from '../src/compute/slot-reader.js';
import { libraryFingerprint } from '../src/runtime/fingerprint.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { buildCounterLog } from './lib/counter-log.js';
import { createSamples, now } from './lib/stats.js';
import { tempFolder } from './lib/temp.js';
import type { Benchmark } from './lib/types.js';

export const checkpointsBenchmark: Benchmark = {
  name: 'checkpoints',
  summary: 'compute checkpoints: save after 1,000 counter messages, new bytes, restore',
  sizes: { interval: { full: 1_000, quick: 1_000, help: 'messages between two checkpoints' } },
  figures: [
    {
      id: 'checkpoints.save',
      label: 'checkpoint after 1,000 counter messages: time',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<=', value: 5 },
      note: 'checkpoints.saveAsync of the live runtime memory after each further 1,000 Incr messages, as the node saves an interval checkpoint (compute/checkpoint-policy.ts: no copy of the whole memory; the save compares it with the memory it remembers and copies only the changed chunks; this few new chunks are written at once, a larger save hands its packs to the thread pool). Time from the call until the checkpoint is stored.',
    },
    {
      id: 'checkpoints.new-bytes',
      label: 'checkpoint after 1,000 counter messages: new bytes stored',
      unit: 'bytes',
      better: 'lower',
      goal: { op: '<=', value: 102_400 },
    },
    {
      id: 'checkpoints.restore',
      label: 'restore a process from its checkpoint (load + verify hash + runtime from it)',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<=', value: 10 },
    },
  ],
  async run(ctx) {
    const interval = ctx.sizes.interval!;
    const folder = tempFolder('checkpoints');
    // Two checkpoints per run: one save's time varies by a few ms from the next (the first ones also run
    // before the JIT has compiled the save path), so the median is taken over twice as many saves.
    const log = buildCounterLog(join(folder.path, 'log.sqlite'), interval * ctx.runs * 2);
    const runtimes: Array<{ close(): void }> = [];
    try {
      const checkpoints = createCheckpoints({ store: log.store, clock: () => 1_700_000_000_000 });
      const context = loadProcessContext(log.store, log.processId, libraryFingerprint(loadAosLibrary()));
      const library = loadAosLibrary();
      const readSlots = createSlotReader(log.store, library.input, false);
      const runtime = await createProcessRuntime({ library, limits: context.limits });
      runtimes.push(runtime);
      const samples = createSamples();
      const assignments = log.store.assignmentsBySlot(log.processId, { limit: log.lastSlot + 1 });
      for (const assignment of assignments) {
        const [row] = evaluateSlots(readSlots, context, runtime, assignment.slot, 1);
        if (row === undefined) throw new Error(`slot ${assignment.slot} was not evaluated`);
        const due = assignment.slot === 1 || (assignment.slot > 1 && (assignment.slot - 1) % interval === 0);
        if (!due) continue;
        const start = now();
        const saved = await checkpoints.saveAsync({
          processId: log.processId,
          slot: assignment.slot,
          hashChain: assignment.hashChain,
          memory: runtime.memoryView(),
          reason: 'interval',
        });
        const ms = now() - start;
        if (assignment.slot === 1) continue; // the first checkpoint stores every page
        samples.add('checkpoints.save', ms);
        samples.add('checkpoints.new-bytes', saved.newBytes);
        const t = now();
        const loaded = checkpoints.load(log.processId, assignment.slot);
        if (loaded === undefined) throw new Error(`no checkpoint at slot ${assignment.slot}`);
        const restored = await createProcessRuntime({
          library,
          limits: context.limits,
          snapshot: loaded.memory,
        });
        samples.add('checkpoints.restore', now() - t);
        restored.close();
      }
      return { samples: samples.result() };
    } finally {
      for (const rt of runtimes) rt.close();
      log.store.close();
      folder.remove();
    }
  },
};
