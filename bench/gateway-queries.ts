/**
 * Hand-run benchmark of the gateway read side (not a test): `npx tsx bench/gateway-queries.ts [N]`.
 * Schedules N signed messages (default 100,000) to 100 processes through the scheduler in group commits
 * (so assignments, Assignment items and blocks exist as in a real log), then times, over random keys:
 * a selective 2-tag query (Data-Protocol=ao AND From-Process=P), an unselective 2-tag query
 * (Type=Message AND Action=Eval), the same through GraphQL (yoga, full gateway fields), and lookups by id.
 * Prints p50/p95 in ms. Env: MEM=1 for ':memory:'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraphQL } from '../src/api/graphql/yoga.js';
import type { DataItem, Tag } from '../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../src/crypto/index.js';
import { createScheduler } from '../src/scheduler/index.js';
import { openStore } from '../src/store/open.js';
import { createGatewayReads, type ItemFilter } from '../src/store/read/index.js';

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'aolite-gq-bench-'));
const store = openStore({ path: process.env.MEM ? ':memory:' : join(dir, 'log.sqlite') });
const nodeKey = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => i));
const user = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => 100 + i));
let now = 1_700_000_000_000;
const scheduler = createScheduler({
  store,
  signer: nodeKey,
  createItem: signDataItem,
  clock: () => now++,
  blockIntervalMs: 1000,
});
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

// xorshift PRNG: the same data every run.
let seed = 42;
const rand = (n: number): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};

const processes: string[] = [];
for (let p = 0; p < 100; p++) {
  const item = signDataItem(
    {
      tags: [
        ...ao('Process'),
        { name: 'Module', value: 'm'.repeat(43) },
        { name: 'Scheduler', value: nodeKey.address },
      ],
      data: String(p),
    },
    user,
  );
  scheduler.schedule(item);
  processes.push(item.id);
}

const actions = ['Transfer', 'Balance', 'Eval', 'Info', 'Credit-Notice'];
const ids: string[] = [];
const t0 = performance.now();
for (let done = 0; done < N; ) {
  const batch: DataItem[] = [];
  for (let i = 0; i < 1000 && done < N; i++, done++) {
    batch.push(
      signDataItem(
        {
          target: processes[rand(100)]!,
          tags: [
            ...ao('Message'),
            { name: 'Action', value: actions[rand(actions.length)]! },
            { name: 'From-Process', value: processes[rand(100)]! },
            { name: 'Reference', value: String(done) },
          ],
          data: `m${done}`,
        },
        user,
      ),
    );
  }
  for (const r of scheduler.scheduleMany(batch)) if (r instanceof Error) throw r;
  for (const item of batch) ids.push(item.id);
  scheduler.sealBlock();
}
console.log(
  `loaded ${N} messages (+${N} assignment items) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const reads = createGatewayReads(store);
const yoga = createGraphQL({ reads });

function stats(label: string, samples: number[]): void {
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(3);
  console.log(`${label.padEnd(58)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  (n=${samples.length})`);
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const eq = (name: string, value: string) => ({
  name,
  values: [value],
  op: 'EQ' as const,
  match: 'EXACT' as const,
});
const runs = 500;

const selective: number[] = [];
const broad: number[] = [];
for (let i = 0; i < runs; i++) {
  const f: ItemFilter = { tags: [eq('Data-Protocol', 'ao'), eq('From-Process', processes[rand(100)]!)] };
  selective.push(time(() => reads.findItems(f, { limit: 10, direction: 'desc' })));
  const g: ItemFilter = { tags: [eq('Type', 'Message'), eq('Action', actions[rand(actions.length)]!)] };
  broad.push(time(() => reads.findItems(g, { limit: 10, direction: 'desc' })));
}
stats('read side: Data-Protocol=ao AND From-Process=P, first 10', selective);
stats('read side: Type=Message AND Action=A, first 10', broad);

const byId: number[] = [];
for (let i = 0; i < runs * 4; i++) {
  const id = ids[rand(ids.length)]!;
  byId.push(time(() => reads.itemsByIds([id])));
}
stats('read side: item by id (with block lookup)', byId);

const storeById: number[] = [];
for (let i = 0; i < runs * 4; i++) {
  const id = ids[rand(ids.length)]!;
  storeById.push(time(() => store.getItem(id)));
}
stats('store.getItem by id', storeById);

const query = `query ($p: String!) { transactions(tags: [{ name: "Data-Protocol", values: ["ao"] },
  { name: "From-Process", values: [$p] }]) { pageInfo { hasNextPage } edges { cursor node { id anchor signature
  recipient owner { address key } data { size type } tags { name value } block { id height timestamp } } } } }`;
const gqlTimes: number[] = [];
const gqlById: number[] = [];
for (let i = 0; i < runs; i++) {
  const body = JSON.stringify({ query, variables: { p: processes[rand(100)] } });
  let start = performance.now();
  const r = await yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await r.text();
  gqlTimes.push(performance.now() - start);
  const one = JSON.stringify({
    query: 'query ($id: ID!) { transaction(id: $id) { id tags { name value } block { height } } }',
    variables: { id: ids[rand(ids.length)] },
  });
  start = performance.now();
  const r2 = await yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: one,
  });
  await r2.text();
  gqlById.push(performance.now() - start);
}
stats('GraphQL: 2-tag query, first 10, full fields (end to end)', gqlTimes);
stats('GraphQL: transaction(id) (end to end)', gqlById);

const countTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const f: ItemFilter = { tags: [eq('Data-Protocol', 'ao'), eq('From-Process', processes[rand(100)]!)] };
  countTimes.push(time(() => reads.countItems(f)));
}
stats('read side: count of Data-Protocol=ao AND From-Process=P', countTimes);

store.close();
rmSync(dir, { recursive: true, force: true });
