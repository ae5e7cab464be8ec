/**
 * Checkpoint measurements (numbers to read, not assertions) on a real aos counter process in an
 * in-memory log: the cost of a checkpoint after every 1,000 Count messages (time and new compressed
 * bytes), and of a restore (load + reassemble + verify the memory hash + a runtime from the snapshot).
 *
 *   node --import tsx bench/checkpoints.ts [rounds]
 */
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { evaluateSlots } from '../src/compute/evaluate.js';
import { loadProcessContext } from '../src/compute/process-context.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { createSlotMessageReader } from '../src/store/slot-messages.js';
import { COUNTER_HANDLER, createAosLog } from '../test/support/aos-log.js';

const rounds = Number(process.argv[2] ?? 5);
const perRound = 1000;
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

const log = createAosLog();
const checkpoints = createCheckpoints({ store: log.store, clock: Date.now });
log.sendEval(COUNTER_HANDLER);
for (let i = 0; i < rounds * perRound; i++) log.send([{ name: 'Action', value: 'Count' }]);
const context = loadProcessContext(log.store, log.processId);
const readSlots = createSlotMessageReader(log.store);
const library = loadAosLibrary();
const runtime = await createProcessRuntime({ library, limits: context.limits });

const saveMs: number[] = [];
const newKb: number[] = [];
const newPages: number[] = [];
let evalMs = 0;
let evaluated = 0;
for (const assignment of log.store.assignmentsBySlot(log.processId, { limit: 10_000 })) {
  const t = performance.now();
  evaluateSlots(readSlots, context, runtime, assignment.slot, 1);
  evalMs += performance.now() - t;
  evaluated += 1;
  if (assignment.slot === 1 || (assignment.slot > 1 && (assignment.slot - 1) % perRound === 0)) {
    const memory = runtime.snapshot();
    const t0 = performance.now();
    const saved = checkpoints.save({
      processId: log.processId,
      slot: assignment.slot,
      hashChain: assignment.hashChain,
      memory,
      reason: 'interval',
    });
    const ms = performance.now() - t0;
    console.log(
      `slot ${assignment.slot}: save ${ms.toFixed(2)} ms, ${saved.pages} pages (${saved.zeroPages} zero), ${saved.newPages} new, ${(saved.newBytes / 1024).toFixed(1)} KB new`,
    );
    if (assignment.slot > 1) {
      saveMs.push(ms);
      newKb.push(saved.newBytes / 1024);
      newPages.push(saved.newPages);
    }
  }
}
console.log(`evaluated ${evaluated} messages at ${Math.round(evaluated / (evalMs / 1000))} msg/s`);
console.log(
  `checkpoint after ${perRound} messages: median ${med(saveMs).toFixed(2)} ms, ${med(newKb).toFixed(1)} KB, ${med(newPages)} new pages`,
);

const snapshotMs: number[] = [];
const loadMs: number[] = [];
const restoreMs: number[] = [];
for (let i = 0; i < 10; i++) {
  let t = performance.now();
  runtime.snapshot();
  snapshotMs.push(performance.now() - t);
  t = performance.now();
  const loaded = checkpoints.load(log.processId, log.lastSlot());
  loadMs.push(performance.now() - t);
  const restored = await createProcessRuntime({ library, limits: context.limits, snapshot: loaded!.memory });
  restoreMs.push(performance.now() - t);
  restored.close();
}
console.log(
  `snapshot ${med(snapshotMs).toFixed(2)} ms; load (read + inflate + hash check) ${med(loadMs).toFixed(2)} ms; load + runtime from snapshot ${med(restoreMs).toFixed(2)} ms`,
);
runtime.close();
log.store.close();
