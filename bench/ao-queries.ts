/**
 * The ao GraphQL queries (QUERIES.md) on a live node: one counter process receives N messages (every
 * tenth fails), all evaluated; then each query kind below runs up to `queries` times per run (fewer
 * when they take over `budgetMs`, at least 3) through the node’s fetch handler (in process, no socket) and
 * its p50 is a figure. The replay-backed `state` at a past slot replays from the nearest checkpoint (every 1,000 slots).
 */
import { defaultConfig } from '../src/config.js';
import type { Tag } from '../src/core/types.js';
import { signDataItem } from '../src/crypto/index.js';
import { createNode } from '../src/node.js';
import { aoTags, edSigner } from './lib/fixtures.js';
import { createSamples, now, percentile } from './lib/stats.js';
import { tempFolder } from './lib/temp.js';
import type { Benchmark, FigureDef } from './lib/types.js';

interface QueryKind {
  id: string;
  label: string;
  query: (q: { pid: string; mid: number; lastId: string; n: number }) => string;
}

const KINDS: QueryKind[] = [
  {
    id: 'process',
    label: 'process (stats, tags, crons)',
    query: ({ pid }) =>
      `{ process(id: "${pid}") { owner headSlot evaluatedSlot blockRange { min max } tags { name } crons { interval } } }`,
  },
  {
    id: 'slots',
    label: '100 slots with message and result',
    query: ({ pid, mid }) =>
      `{ slots(process: "${pid}", from: ${mid}, first: 100) { edges { node { slot hashChain message { id tags { name value } } result { error messages } } } } }`,
  },
  {
    id: 'results-errors',
    label: 'results errorsOnly, first 100',
    query: ({ pid }) =>
      `{ results(process: "${pid}", errorsOnly: true, first: 100) { edges { node { slot error } } } }`,
  },
  {
    id: 'results-action',
    label: 'results by Action tag, first 100',
    query: ({ pid, mid }) =>
      `{ results(process: "${pid}", action: "Inc", from: ${mid}, first: 100) { edges { node { slot } } } }`,
  },
  {
    id: 'message',
    label: 'message with assignments, result and lineage',
    query: ({ lastId }) =>
      `{ message(id: "${lastId}") { assignments { slot } result { slot } lineage { rootId parent { id } children { depth } } } }`,
  },
  {
    id: 'state-head',
    label: 'state at the head slot',
    query: ({ pid }) => `{ state(process: "${pid}", path: "Count") { slot value } }`,
  },
  {
    id: 'state-past',
    label: 'state at a past slot (replay from a checkpoint)',
    query: ({ pid, mid }) => `{ state(process: "${pid}", path: "Count", slot: ${mid}) { slot value } }`,
  },
  {
    id: 'audit',
    label: 'audit of the whole process (hash chain, results)',
    query: ({ pid }) => `{ audit(process: "${pid}") { ok hashChainValid } }`,
  },
];

const figures: FigureDef[] = KINDS.map((kind, i) => ({
  id: `ao-queries.${kind.id}`,
  label: `ao GraphQL ${kind.label}, p50`,
  unit: 'ms',
  better: 'lower',
  ...(i === 0
    ? {
        note: 'One counter process with N evaluated messages (every tenth raises an error), checkpoints every 1,000 slots; each query through the node’s fetch handler (in process, no socket), the same query repeated.',
      }
    : {}),
}));

export const aoQueriesBenchmark: Benchmark = {
  name: 'ao-queries',
  summary: 'ao GraphQL queries (process, slots, results, message, state, audit) on an evaluated process',
  runs: { full: 3, quick: 1 },
  sizes: {
    messages: { full: 5_000, quick: 300, help: 'messages to the counter process (all evaluated)' },
    queries: { full: 50, quick: 20, help: 'repetitions of each query per run (at most)' },
    budgetMs: {
      full: 1_000,
      quick: 300,
      help: 'time per query kind and run after which it stops repeating (at least 3 repetitions)',
    },
  },
  figures,
  async run(ctx) {
    const n = ctx.sizes.messages!;
    const dir = tempFolder('ao-queries');
    let clock = 1_700_000_000_000;
    const node = await createNode(
      { ...defaultConfig, dataDir: dir.path, checkpointEverySlots: 1000 },
      { clock: () => clock++, sealTimer: false },
    );
    try {
      const user = edSigner(7);
      const spawn = signDataItem(
        {
          tags: [
            ...aoTags('Process'),
            { name: 'Module', value: node.moduleId },
            { name: 'Scheduler', value: node.address },
          ],
          data: '1',
        },
        user,
      );
      node.ingest(spawn.raw);
      const pid = spawn.id;
      const send = (action: string, data: string, i: number): string => {
        const tags: Tag[] = [
          ...aoTags('Message'),
          { name: 'Action', value: action },
          { name: 'N', value: String(i) },
        ];
        return node.ingest(signDataItem({ target: pid, tags, data }, user).raw).item.id;
      };
      send(
        'Eval',
        `Count = 0
Handlers.add('Inc', 'Inc', function (msg) Count = Count + 1; msg.reply({ Data = tostring(Count) }) end)
Handlers.add('Boom', 'Boom', function () error('boom') end)`,
        0,
      );
      let lastId = '';
      for (let i = 1; i <= n; i++) lastId = send(i % 10 === 0 ? 'Boom' : 'Inc', ' ', i);
      const started = now();
      await node.compute.catchUp(pid);
      ctx.log(`evaluated ${n + 2} slots in ${Math.round(now() - started)} ms`);

      const post = async (query: string): Promise<number> => {
        const start = now();
        const response = await node.fetch(
          new Request('http://bench/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query }),
          }),
        );
        const body = (await response.json()) as { errors?: unknown };
        const ms = now() - start;
        if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
        return ms;
      };
      const params = { pid, mid: Math.floor(n / 2), lastId, n };
      const queries = KINDS.map((kind) => ({ id: `ao-queries.${kind.id}`, text: kind.query(params) }));
      for (const { text } of queries) await post(text); // warm-up
      const samples = createSamples();
      const budget = ctx.sizes.budgetMs!;
      for (let run = 0; run < ctx.runs; run++) {
        for (const { id, text } of queries) {
          const times: number[] = [];
          const start = now();
          while (times.length < ctx.sizes.queries! && (times.length < 3 || now() - start < budget)) {
            times.push(await post(text));
          }
          samples.add(id, percentile(times, 50));
        }
      }
      const count = (n + 2).toLocaleString('en-US');
      return {
        samples: samples.result(),
        labels: { 'ao-queries.audit': `ao GraphQL audit of a whole process (${count} slots), p50` },
      };
    } finally {
      await node.close();
      dir.remove();
    }
  },
};
