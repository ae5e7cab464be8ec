/**
 * Worker thread for the cross-connection scheduling test: opens its own Store connection on the shared
 * file and schedules `count` messages to one process as fast as it can, then reports the slots it got.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createScheduler } from '../../src/scheduler/index.js';
import { openStore } from '../../src/store/open.js';
import { createItem, messageItem, testSigner } from './log-items.js';

interface Input {
  path: string;
  processId: string;
  worker: number;
  count: number;
  start: number;
}

const input = workerData as Input;
const store = openStore({ path: input.path, busyTimeoutMs: 30_000 });
let now = input.start;
const scheduler = createScheduler({
  store,
  signer: testSigner('node'),
  createItem: createItem,
  clock: () => now++,
  blockIntervalMs: 50,
});
const user = testSigner(`user-${input.worker}`);
const slots: number[] = [];
for (let i = 0; i < input.count; i++) {
  slots.push(scheduler.schedule(messageItem(user, input.processId, `${input.worker}-${i}`)).slot);
}
store.close();
parentPort?.postMessage(slots);
