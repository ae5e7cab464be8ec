/**
 * Gateway GraphQL on a large log: a selective 2-tag query (Data-Protocol=ao AND From-Process=P, first 10,
 * full gateway fields), an unselective one (Type=Message AND Action=A) and `transaction(id)`, each
 * end to end through the GraphQL server's fetch handler, over keys drawn at random; and the planner's worst
 * case, three common filters that match nothing together.
 *
 * The log (default 1,000,000 signed messages to 100 processes, with their signed Assignment items, hash
 * chains and blocks exactly as the scheduler writes them) is bulk-loaded once per size into bench/.cache
 * (lib/gateway-log-bulk.ts; the report's wall and CPU time say when a run built it) and reused.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createGraphQL } from '../src/api/graphql/yoga.js';
import { openStore, type Store } from '../src/store/index.js';
import { createGatewayReads } from '../src/store/read/index.js';
import { bulkBuildGatewayLog } from './lib/gateway-log-bulk.js';
import { ACTIONS, gatewayLogSpec } from './lib/gateway-log-spec.js';
import { createSamples, now, percentile } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';

/** xorshift32: the same query keys every time. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

function column(store: Store, sql: string): string[] {
  return (store.orm.$client.prepare(sql).pluck().all() as string[]).filter((v) => typeof v === 'string');
}

const TAG_QUERY = `query ($a: String!, $av: String!, $b: String!, $bv: String!) {
  transactions(tags: [{ name: $a, values: [$av] }, { name: $b, values: [$bv] }], first: 10) {
    pageInfo { hasNextPage }
    edges { cursor node { id anchor signature recipient owner { address key } fee { ar } quantity { ar }
      data { size type } tags { name value } block { id height timestamp } } }
  }
}`;
/** Three filters that each match 10-100% of the log and no item together: the planner's worst case. */
const DISJOINT_QUERY = `query ($action: String!) {
  transactions(tags: [{ name: "Data-Protocol", values: ["ao"] }, { name: "Type", values: ["Assignment"] },
    { name: "Action", values: [$action] }], first: 10) { pageInfo { hasNextPage } edges { cursor } }
}`;
const BY_ID =
  'query ($id: ID!) { transaction(id: $id) { id recipient tags { name value } block { height } } }';

export const graphqlBenchmark: Benchmark = {
  name: 'graphql',
  summary: 'gateway GraphQL: tag queries and by-id on a large generated log (built once, cached)',
  sizes: {
    messages: {
      full: 1_000_000,
      quick: 10_000,
      help: 'messages in the log (built once per size into bench/.cache)',
    },
    queries: { full: 400, quick: 50, help: 'queries of each kind per run' },
  },
  figures: [
    {
      id: 'graphql.tag-query-p95',
      label: 'GraphQL tag query p95, 1,000,000 messages in the log',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<=', value: 10 },
      goalApplies: (sizes) => sizes.messages! >= 1_000_000,
      note: '`transactions(tags: [Data-Protocol=ao, From-Process=P], first: 10)` with the full gateway node fields, through the GraphQL server’s fetch handler (in process, no socket).',
    },
    { id: 'graphql.tag-query-p50', label: 'GraphQL tag query p50', unit: 'ms', better: 'lower' },
    {
      id: 'graphql.broad-query-p95',
      label: 'GraphQL unselective tag query p95 (Type=Message AND Action=A, first 10)',
      unit: 'ms',
      better: 'lower',
    },
    {
      id: 'graphql.by-id',
      label: 'GraphQL transaction(id) latency p50, 1,000,000 messages in the log',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<=', value: 1 },
      goalApplies: (sizes) => sizes.messages! >= 1_000_000,
    },
    { id: 'graphql.by-id-p95', label: 'GraphQL transaction(id) latency p95', unit: 'ms', better: 'lower' },
    {
      id: 'graphql.disjoint-query',
      label: 'GraphQL tag query whose common filters match nothing together, p50',
      unit: 'ms',
      better: 'lower',
      note: '`transactions(tags: [Data-Protocol=ao, Type=Assignment, Action=A], first: 10)`: the sparsest filter drives (Action=A, a fifth of the messages) and each of its index entries is probed for the other two, since no filter is rare; one query per run per 40 of the others.',
    },
  ],
  async run(ctx) {
    const n = ctx.sizes.messages!;
    const spec = gatewayLogSpec(n);
    // v2: the bulk-loaded log (earlier caches were built through the scheduler with other content).
    const path = join(ctx.cacheDir, `gateway-log-v2-${n}.sqlite`);
    if (!existsSync(path)) {
      ctx.log(`building a log of ${n.toLocaleString('en-US')} messages once (cached at ${path})`);
      const started = now();
      await bulkBuildGatewayLog(path, spec, { log: ctx.log });
      ctx.log(`built in ${((now() - started) / 1000).toFixed(1)} s`);
    }
    const PROCESSES = spec.processes;
    const store = openStore({ path });
    try {
      const yoga = createGraphQL({ reads: createGatewayReads(store) });
      const processes = column(store, 'SELECT id FROM processes ORDER BY id');
      const ids = column(
        store,
        'SELECT id FROM data_items WHERE target IS NOT NULL AND seq % 97 = 0 LIMIT 20000',
      );
      if (processes.length !== PROCESSES || ids.length === 0) throw new Error(`${path} is not a bench log`);
      const post = async (query: string, variables: Record<string, string>): Promise<number> => {
        const start = now();
        const response = await yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: Array<{ message: string }>; data?: unknown };
        const ms = now() - start;
        if (body.errors) throw new Error(`GraphQL error: ${body.errors[0]?.message}`);
        return ms;
      };
      const rand = random(7);
      const samples = createSamples();
      const q = ctx.sizes.queries!;
      for (let i = 0; i < 20; i++) {
        // warm-up: JIT, statement caches, the file's pages in the OS cache
        await post(TAG_QUERY, {
          a: 'Data-Protocol',
          av: 'ao',
          b: 'From-Process',
          bv: processes[i % PROCESSES]!,
        });
        await post(TAG_QUERY, { a: 'Type', av: 'Message', b: 'Action', bv: ACTIONS[i % ACTIONS.length]! });
        await post(BY_ID, { id: ids[rand(ids.length)]! });
      }
      for (let run = 0; run < ctx.runs; run++) {
        const selective: number[] = [];
        const broad: number[] = [];
        const byId: number[] = [];
        for (let i = 0; i < q; i++) {
          selective.push(
            await post(TAG_QUERY, {
              a: 'Data-Protocol',
              av: 'ao',
              b: 'From-Process',
              bv: processes[rand(PROCESSES)]!,
            }),
          );
          broad.push(
            await post(TAG_QUERY, {
              a: 'Type',
              av: 'Message',
              b: 'Action',
              bv: ACTIONS[rand(ACTIONS.length)]!,
            }),
          );
          byId.push(await post(BY_ID, { id: ids[rand(ids.length)]! }));
        }
        samples.add('graphql.tag-query-p95', percentile(selective, 95));
        samples.add('graphql.tag-query-p50', percentile(selective, 50));
        samples.add('graphql.broad-query-p95', percentile(broad, 95));
        samples.add('graphql.by-id', percentile(byId, 50));
        samples.add('graphql.by-id-p95', percentile(byId, 95));
        const disjoint: number[] = [];
        for (let i = 0; i < Math.max(1, Math.floor(q / 40)); i++) {
          disjoint.push(await post(DISJOINT_QUERY, { action: ACTIONS[rand(ACTIONS.length)]! }));
        }
        samples.add('graphql.disjoint-query', percentile(disjoint, 50));
      }
      const count = n.toLocaleString('en-US');
      return {
        samples: samples.result(),
        labels: {
          'graphql.tag-query-p95': `GraphQL tag query p95, ${count} messages in the log`,
          'graphql.by-id': `GraphQL transaction(id) latency p50, ${count} messages in the log`,
        },
      };
    } finally {
      store.close();
    }
  },
};
