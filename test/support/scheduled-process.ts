import type { Signer } from '../../src/core/types.js';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.js';
import type { Store } from '../../src/store/types.js';
import { createItem, moduleItem, processItem } from './log-items.js';
import { manualClock } from './store-fixtures.js';

/**
 * A scheduler over `store` signing with `signer`, a module item of `user` logged at `t0`, and one process
 * of that module spawned through the scheduler (slot 0 assigned).
 */
export function scheduledProcess(options: {
  store: Store;
  signer: Signer;
  user: Signer;
  t0: number;
  blockIntervalMs?: number;
}): { scheduler: Scheduler; processId: string } {
  const { store, signer, user, t0 } = options;
  const scheduler = createScheduler({
    store,
    signer,
    createItem,
    clock: manualClock(t0).clock,
    blockIntervalMs: options.blockIntervalMs ?? 1000,
  });
  const module = moduleItem(user);
  store.insertItem(module, t0);
  const { processId } = scheduler.schedule(
    processItem(user, { module: module.id, scheduler: signer.address }),
  );
  return { scheduler, processId };
}
