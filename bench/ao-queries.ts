/**
 * Hand-run benchmark of the ao GraphQL queries (not a test): `npx tsx bench/ao-queries.ts [N]`.
 * A node on a temporary SQLite file; one counter process receives N messages (default 5,000; every tenth
 * fails), all evaluated; then each query below runs 50 times through the app's fetch handler and its
 * p50/p95 (ms) is printed. The replay-backed `state` at a past slot replays from the nearest checkpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config.js';
import type { Tag } from '../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../src/crypto/index.js';
import { createNode } from '../src/node.js';

const N = Number(process.argv[2] ?? 5_000);
const dir = mkdtempSync(join(tmpdir(), 'aolite-ao-bench-'));
let now = 1_700_000_000_000;
const node = await createNode(
  { ...defaultConfig, dataDir: dir, checkpointEverySlots: 1000 },
  { clock: () => now++, sealTimer: false },
);
const user = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => 7 + i));
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];
const spawn = signDataItem(
  {
    tags: [
      ...ao('Process'),
      { name: 'Module', value: node.moduleId },
      { name: 'Scheduler', value: node.address },
    ],
    data: '1',
  },
  user,
);
node.ingest(spawn.raw);
const pid = spawn.id;
const send = (action: string, data = ' ', i = 0) =>
  node.ingest(
    signDataItem(
      {
        target: pid,
        tags: [...ao('Message'), { name: 'Action', value: action }, { name: 'N', value: String(i) }],
        data,
      },
      user,
    ).raw,
  ).item.id;
send(
  'Eval',
  `Count = 0
Handlers.add('Inc', 'Inc', function (msg) Count = Count + 1; msg.reply({ Data = tostring(Count) }) end)
Handlers.add('Boom', 'Boom', function () error('boom') end)`,
);
let lastId = '';
for (let i = 1; i <= N; i++) lastId = send(i % 10 === 0 ? 'Boom' : 'Inc', ' ', i);
const started = performance.now();
await node.compute.catchUp(pid);
console.log(`evaluated ${N + 2} slots in ${(performance.now() - started).toFixed(0)} ms`);

async function time(name: string, query: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const response = await node.fetch(
      new Request('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      }),
    );
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${name.padEnd(44)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms`);
}

const mid = Math.floor(N / 2);
await time(
  'process (stats, tags, crons)',
  `{ process(id: "${pid}") { owner headSlot evaluatedSlot blockRange { min max } tags { name } crons { interval } } }`,
);
await time(
  'slots 100 with message + result',
  `{ slots(process: "${pid}", from: ${mid}, first: 100) { edges { node { slot hashChain message { id tags { name value } } result { error messages } } } } }`,
);
await time(
  'results errorsOnly first 100',
  `{ results(process: "${pid}", errorsOnly: true, first: 100) { edges { node { slot error } } } }`,
);
await time(
  'results action=Inc first 100 (tag seek)',
  `{ results(process: "${pid}", action: "Inc", from: ${mid}, first: 100) { edges { node { slot } } } }`,
);
await time(
  'message with assignments, result, lineage',
  `{ message(id: "${lastId}") { assignments { slot } result { slot } lineage { rootId parent { id } children { depth } } } }`,
);
await time('state at head', `{ state(process: "${pid}", path: "Count") { slot value } }`);
await time(
  `state at slot ${mid} (replay from checkpoint)`,
  `{ state(process: "${pid}", path: "Count", slot: ${mid}) { slot value } }`,
);
await time(`audit (${N + 2} slots)`, `{ audit(process: "${pid}") { ok hashChainValid } }`);

await node.close();
rmSync(dir, { recursive: true, force: true });
