/**
 * A log holding one aos counter process (the node's built-in module) and N `Incr` messages, scheduled
 * through the scheduler in group commits (signed messages, assignments, blocks), on a SQLite file.
 */
import { registerBuiltinModule } from '../../src/compute/index.js';
import type { DataItem } from '../../src/core/types.js';
import { signDataItem } from '../../src/crypto/index.js';
import { libraryFingerprint } from '../../src/runtime/fingerprint.js';
import { loadAosLibrary } from '../../src/runtime/library.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { aoTags, edSigner } from './fixtures.js';
import { COUNTER_SOURCE } from './workloads.js';

export interface CounterLog {
  store: Store;
  processId: string;
  /** Slots: 0 = process, 1 = the Eval installing the handler, 2.. = Incr messages. */
  lastSlot: number;
}

export function buildCounterLog(path: string, messages: number): CounterLog {
  const store = openStore({ path });
  const node = edSigner(0);
  const user = edSigner(100);
  let now = 1_700_000_000_000;
  const clock = () => now++;
  const { module } = registerBuiltinModule({
    store,
    signer: node,
    createItem: signDataItem,
    clock,
    libraryHash: libraryFingerprint(loadAosLibrary()),
  });
  const scheduler = createScheduler({
    store,
    signer: node,
    createItem: signDataItem,
    clock,
    blockIntervalMs: 1000,
  });
  const spawn = signDataItem(
    {
      tags: [
        ...aoTags('Process'),
        { name: 'Module', value: module.id },
        { name: 'Scheduler', value: node.address },
        { name: 'Name', value: 'bench-counter' },
      ],
      data: '',
    },
    user,
  );
  const message = (tags: DataItem['tags'], data: string) =>
    signDataItem({ target: spawn.id, tags: [...tags, ...aoTags('Message')], data }, user);
  const items: DataItem[] = [spawn, message([{ name: 'Action', value: 'Eval' }], COUNTER_SOURCE)];
  for (let i = 0; i < messages; i++) {
    items.push(
      message(
        [
          { name: 'Action', value: 'Incr' },
          { name: 'N', value: String(i) },
        ],
        ' ',
      ),
    );
  }
  for (let i = 0; i < items.length; i += 5000) {
    for (const r of scheduler.scheduleMany(items.slice(i, i + 5000))) if (r instanceof Error) throw r;
  }
  return { store, processId: spawn.id, lastSlot: messages + 1 };
}
