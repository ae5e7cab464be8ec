/**
 * A real aos process in a real log: an in-memory (or file) store, the scheduler with a hand-moved clock,
 * the node's built-in module and a process item signed by `owner`, and helpers that schedule signed messages to it.
 */
import { registerBuiltinModule } from '../../src/compute/builtin-module.js';
import type { DataItem, Signer, Tag } from '../../src/core/types.js';
import { libraryFingerprint } from '../../src/runtime/fingerprint.js';
import { loadAosLibrary } from '../../src/runtime/library.js';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { createItem, testSigner } from './log-items.js';
import { manualClock } from './store-fixtures.js';

export interface AosLog {
  store: Store;
  scheduler: Scheduler;
  owner: Signer;
  processId: string;
  /** Spawns another aos process in the same log; returns its id. */
  spawn(name: string): string;
  /** Schedules a signed message from the owner; returns its slot. */
  send(tags: Tag[], data?: string): number;
  /** Schedules an `Action=Eval` message from the owner; returns its slot. */
  sendEval(code: string): number;
  /** Highest slot scheduled. */
  lastSlot(): number;
  advance(ms: number): void;
}

let nonce = 0;

export function createAosLog(options: { path?: string; name?: string } = {}): AosLog {
  const store = openStore({ path: options.path ?? ':memory:' });
  const time = manualClock(1_700_000_000_000);
  const node = testSigner('node');
  const owner = testSigner('owner');
  const scheduler = createScheduler({
    store,
    signer: node,
    createItem,
    clock: time.clock,
    blockIntervalMs: 1000,
  });
  const { module } = registerBuiltinModule({
    store,
    signer: node,
    createItem,
    clock: time.clock,
    libraryHash: libraryFingerprint(loadAosLibrary()),
  });
  const processItem = (name: string): DataItem =>
    createItem(
      {
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Variant', value: 'ao.TN.1' },
          { name: 'Type', value: 'Process' },
          { name: 'Module', value: module.id },
          { name: 'Scheduler', value: node.address },
          { name: 'Name', value: name },
          { name: 'Authority', value: node.address },
        ],
        data: '',
      },
      owner,
    );
  const processId = scheduler.schedule(processItem(options.name ?? 'checkpoint-test')).processId;
  let last = 0;
  const send = (tags: Tag[], data = '') => {
    time.advance(7);
    nonce += 1;
    const item = createItem(
      {
        target: processId,
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Variant', value: 'ao.TN.1' },
          { name: 'Type', value: 'Message' },
          ...tags,
          { name: 'Test-Nonce', value: String(nonce) },
        ],
        data,
      },
      owner,
    );
    last = scheduler.schedule(item).slot;
    return last;
  };
  return {
    store,
    scheduler,
    owner,
    processId,
    spawn: (name) => scheduler.schedule(processItem(name)).processId,
    send,
    sendEval: (code) => send([{ name: 'Action', value: 'Eval' }], code),
    lastSlot: () => last,
    advance: time.advance,
  };
}

/** Lua for a counter process: `Action=Count` adds Quantity (default 1) to `Count` and replies with it. */
export const COUNTER_HANDLER = `
Count = Count or 0
Handlers.add('count', 'Count', function(msg)
  Count = Count + (tonumber(msg.Quantity) or 1)
  msg.reply({ Data = tostring(Count) })
end)
`;
