/**
 * Store + scheduler on a SQLite file: schedules/s for pre-signed messages to 10 processes, one write
 * transaction per message (schedule) and group commit (scheduleMany), the node's ed25519 key signing
 * every Assignment item.
 */
import { join } from 'node:path';
import type { DataItem } from '../src/core/types.js';
import { signDataItem } from '../src/crypto/index.js';
import { createScheduler } from '../src/scheduler/index.js';
import { openStore } from '../src/store/open.js';
import { aoTags, edSigner } from './lib/fixtures.js';
import { createSamples, now } from './lib/stats.js';
import { tempFolder } from './lib/temp.js';
import type { Benchmark } from './lib/types.js';

const PROCESSES = 10;

function setup(user: ReturnType<typeof edSigner>, scheduler: ReturnType<typeof createScheduler>) {
  const module = signDataItem(
    {
      tags: [
        ...aoTags('Module'),
        { name: 'Module-Format', value: 'wasm64-unknown-emscripten-draft_2024_02_15' },
      ],
      data: 'module',
    },
    user,
  );
  return Array.from(
    { length: PROCESSES },
    (_, i) =>
      scheduler.schedule(
        signDataItem(
          {
            tags: [
              ...aoTags('Process'),
              { name: 'Module', value: module.id },
              { name: 'Scheduler', value: scheduler.address },
              { name: 'Name', value: `p${i}` },
            ],
            data: '',
          },
          user,
        ),
      ).processId,
  );
}

/** Items/s scheduling `count` fresh messages on a fresh file database, in batches of `batch` (1 = schedule). */
function scheduleRate(count: number, batch: number): number {
  const folder = tempFolder('scheduler');
  const store = openStore({ path: join(folder.path, 'log.sqlite') });
  try {
    const user = edSigner(100);
    let clock = 1_700_000_000_000;
    const scheduler = createScheduler({
      store,
      signer: edSigner(0),
      createItem: signDataItem,
      clock: () => clock++,
      blockIntervalMs: 1000,
    });
    const processes = setup(user, scheduler);
    const messages: DataItem[] = Array.from({ length: count }, (_, i) =>
      signDataItem(
        {
          target: processes[i % PROCESSES]!,
          tags: [
            { name: 'Action', value: 'Transfer' },
            { name: 'Quantity', value: String(i) },
            { name: 'SDK', value: 'aoconnect' },
            ...aoTags('Message'),
          ],
          data: `message ${i}`,
        },
        user,
      ),
    );
    const start = now();
    if (batch <= 1) for (const message of messages) scheduler.schedule(message);
    else {
      for (let i = 0; i < count; i += batch) {
        for (const result of scheduler.scheduleMany(messages.slice(i, i + batch))) {
          if (result instanceof Error) throw result;
        }
      }
    }
    return count / ((now() - start) / 1000);
  } finally {
    store.close();
    folder.remove();
  }
}

export const schedulerBenchmark: Benchmark = {
  name: 'scheduler',
  summary: 'scheduler + SQLite log: schedules/s, one transaction each and batched',
  sizes: {
    messages: { full: 5_000, quick: 1_000, help: 'messages scheduled per run and mode' },
    batch: { full: 100, quick: 100, help: 'messages per transaction for scheduleMany' },
  },
  figures: [
    {
      id: 'scheduler.schedule',
      label: 'schedule a verified message: log + slot + signed assignment, one transaction each (file DB)',
      unit: 'msg/s',
      better: 'higher',
    },
    {
      id: 'scheduler.schedule-batch',
      label: 'the same with group commit (scheduleMany)',
      unit: 'msg/s',
      better: 'higher',
    },
  ],
  async run(ctx) {
    const samples = createSamples();
    for (let run = 0; run < ctx.runs; run++) {
      samples.add('scheduler.schedule', scheduleRate(ctx.sizes.messages!, 1));
      samples.add('scheduler.schedule-batch', scheduleRate(ctx.sizes.messages!, ctx.sizes.batch!));
    }
    return {
      samples: samples.result(),
      labels: {
        'scheduler.schedule-batch': `the same with group commit (scheduleMany, ${ctx.sizes.batch} per transaction)`,
      },
    };
  },
};
