/**
 * An aos counter process with a few hundred slots, evaluated by the compute unit (results stored) with
 * interval checkpoints every `everySlots` slots: the input of verification tests.
 */
import { createCheckpointPolicy, defaultCheckpointPolicy } from '../../src/compute/checkpoint-policy.js';
import { type Checkpoints, createCheckpoints } from '../../src/compute/checkpoints.js';
import { createCompute } from '../../src/compute/compute.js';
import { createResultStore } from '../../src/store/results.js';
import { type AosLog, COUNTER_HANDLER, createAosLog } from './aos-log.js';

export interface EvaluatedLog extends AosLog {
  checkpoints: Checkpoints;
}

export async function createEvaluatedLog(
  options: { path?: string; messages?: number; everySlots?: number } = {},
): Promise<EvaluatedLog> {
  const log = createAosLog(options.path === undefined ? {} : { path: options.path });
  log.sendEval(COUNTER_HANDLER);
  const messages = options.messages ?? 240;
  for (let i = 1; i <= messages; i++) {
    if (i % 60 === 0) log.sendEval(`Seen = Seen or {} Seen[#Seen + 1] = string.rep('s', ${i})`);
    else
      log.send([
        { name: 'Action', value: 'Count' },
        { name: 'Quantity', value: String(i) },
      ]);
  }
  const results = createResultStore(log.store);
  const checkpoints = createCheckpoints({ store: log.store, clock: () => 1_700_000_000_000 });
  const policy = createCheckpointPolicy({
    store: log.store,
    checkpoints,
    config: { ...defaultCheckpointPolicy, everySlots: options.everySlots ?? 50, everyMs: 0 },
    resultHashOf: (processId, slot) => results.at(processId, slot)?.hash,
  });
  const compute = createCompute({
    store: log.store,
    batchSize: 25,
    // Batches end only by size here, so checkpoints land on exact slots whatever the machine load.
    batchBudgetMs: Number.POSITIVE_INFINITY,
    checkpointPolicy: (batch) => policy.afterBatch(batch),
  });
  await compute.catchUp(log.processId);
  await compute.close();
  return { ...log, checkpoints };
}
