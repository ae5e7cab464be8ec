/**
 * Hand-run benchmark of the store + scheduler (not a test): `npx tsx bench/scheduler.ts [N] [batch]`.
 * Pre-signs N messages to 10 processes, then times scheduler.schedule (batch = 1: one transaction each)
 * or scheduler.scheduleMany (batch > 1: group commit) on a fresh file database, with the real ed25519
 * signer signing every Assignment item. Env: MEM=1 for ':memory:', NOIDX=1 for indexAssignmentTags=false.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tag } from '../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../src/crypto/index.js';
import { createScheduler } from '../src/scheduler/index.js';
import { openStore } from '../src/store/open.js';

const N = Number(process.argv[2] ?? 20_000);
const batch = Number(process.argv[3] ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'aolite-bench-'));
const store = openStore({ path: process.env.MEM ? ':memory:' : join(dir, 'log.sqlite') });
const node = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => i));
const user = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => 100 + i));
let now = 1_700_000_000_000;
const scheduler = createScheduler({
  store,
  signer: node,
  createItem: signDataItem,
  clock: () => now++,
  blockIntervalMs: 1000,
  indexAssignmentTags: !process.env.NOIDX,
});
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];
const module = signDataItem(
  {
    tags: [
      ...ao('Module'),
      { name: 'Module-Format', value: 'wasm64-unknown-emscripten-draft_2024_02_15' },
      { name: 'Input-Encoding', value: 'JSON-V1' },
      { name: 'Output-Encoding', value: 'JSON-V1' },
    ],
    data: 'module',
  },
  user,
);
store.insertItem(module, now);
const processes = Array.from(
  { length: 10 },
  (_, i) =>
    scheduler.schedule(
      signDataItem(
        {
          tags: [
            ...ao('Process'),
            { name: 'Module', value: module.id },
            { name: 'Scheduler', value: node.address },
            { name: 'Name', value: `p${i}` },
          ],
          data: '',
        },
        user,
      ),
    ).processId,
);
const messages = Array.from({ length: N }, (_, i) =>
  signDataItem(
    {
      target: processes[i % processes.length]!,
      tags: [
        ...ao('Message'),
        { name: 'Action', value: 'Transfer' },
        { name: 'Quantity', value: String(i) },
        { name: 'SDK', value: 'aoconnect' },
      ],
      data: `message ${i}`,
    },
    user,
  ),
);

const start = performance.now();
if (batch <= 1) for (const message of messages) scheduler.schedule(message);
else for (let i = 0; i < N; i += batch) scheduler.scheduleMany(messages.slice(i, i + batch));
const ms = performance.now() - start;
const where = process.env.MEM ? 'memory' : 'file';
console.log(
  `${where} batch=${batch} indexAssignmentTags=${!process.env.NOIDX} N=${N}: ` +
    `${Math.round(N / (ms / 1000))} schedules/s (${((ms * 1000) / N).toFixed(1)} µs each)`,
);
store.close();
rmSync(dir, { recursive: true, force: true });
