/**
 * The GraphQL benchmark's log built the slow, obvious way: every item through the real scheduler, its
 * clock set to the spec's batch times. The bulk loader must write exactly this (checked by
 * test/bench-gateway-log.test.ts on a small log).
 */
import { signDataItem } from '../../src/crypto/index.js';
import { createScheduler } from '../../src/scheduler/index.js';
import type { Store } from '../../src/store/index.js';
import {
  batchCount,
  batchTime,
  type GatewayLogSpec,
  gatewayModuleId,
  gatewayScheduler,
  gatewayUser,
  messageDraft,
  processDraft,
} from './gateway-log-spec.js';

export function buildGatewayLogWithScheduler(store: Store, spec: GatewayLogSpec): void {
  const user = gatewayUser();
  let clock = spec.startTime;
  const scheduler = createScheduler({
    store,
    signer: gatewayScheduler(),
    createItem: signDataItem,
    clock: () => clock,
    blockIntervalMs: spec.blockIntervalMs,
  });
  const check = (results: ReturnType<typeof scheduler.scheduleMany>): void => {
    for (const result of results) if (result instanceof Error) throw result;
  };
  const spawns = Array.from({ length: spec.processes }, (_, p) =>
    signDataItem(processDraft(p, gatewayModuleId, scheduler.address), user),
  );
  check(scheduler.scheduleMany(spawns));
  const processIds = spawns.map((item) => item.id);
  const batches = batchCount(spec);
  for (let b = 1; b <= batches; b++) {
    clock = batchTime(spec, b);
    scheduler.sealBlock();
    const items = [];
    for (let i = (b - 1) * spec.batch; i < Math.min(b * spec.batch, spec.messages); i++) {
      items.push(signDataItem(messageDraft(spec, i, processIds), user));
    }
    check(scheduler.scheduleMany(items));
  }
  clock = batchTime(spec, batches + 1);
  scheduler.sealBlock();
}
