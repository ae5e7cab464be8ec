/**
 * Verification throughput (numbers to read, not assertions): an aos counter process with N Count
 * messages evaluated and stored by the compute unit (checkpoints every 1,000 slots), then
 * `verifyProcess` from genesis and from the latest checkpoint.
 *
 *   node --import tsx bench/verify.ts [messages]
 */
import { createCheckpointPolicy, defaultCheckpointPolicy } from '../src/compute/checkpoint-policy.js';
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { createCompute } from '../src/compute/compute.js';
import { verifyProcess } from '../src/compute/verify.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { COUNTER_HANDLER, createAosLog } from '../test/support/aos-log.js';

const messages = Number(process.argv[2] ?? 5000);
const log = createAosLog();
log.sendEval(COUNTER_HANDLER);
for (let i = 0; i < messages; i++) log.send([{ name: 'Action', value: 'Count' }]);
const checkpoints = createCheckpoints({ store: log.store, clock: Date.now });
const policy = createCheckpointPolicy({
  store: log.store,
  checkpoints,
  config: { ...defaultCheckpointPolicy, everySlots: 1000, everyMs: 0 },
});
const compute = createCompute({ store: log.store, checkpointPolicy: (batch) => policy.afterBatch(batch) });
let t = performance.now();
await compute.catchUp(log.processId);
const evalMs = performance.now() - t;
await compute.close();
console.log(
  `compute: ${messages + 2} slots in ${evalMs.toFixed(0)} ms (${Math.round(((messages + 2) / evalMs) * 1000)} msg/s), ${checkpoints.list(log.processId).length} checkpoints`,
);

const library = loadAosLibrary();
for (const from of ['genesis', 'checkpoint'] as const) {
  t = performance.now();
  const report = await verifyProcess({ store: log.store, library, processId: log.processId, from });
  const ms = performance.now() - t;
  if (!report.ok) throw new Error(`diverged at ${report.slot}`);
  console.log(
    `verify from ${from}: ${report.slots} slots, ${report.checkpoints} checkpoints in ${ms.toFixed(0)} ms (${Math.round((report.slots / ms) * 1000)} msg/s)`,
  );
}
log.store.close();
