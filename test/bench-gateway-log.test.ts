import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkBuildGatewayLog } from '../bench/lib/gateway-log-bulk.js';
import { buildGatewayLogWithScheduler } from '../bench/lib/gateway-log-scheduler.js';
import { draw, type GatewayLogSpec } from '../bench/lib/gateway-log-spec.js';
import { createGraphQL } from '../src/api/graphql/yoga.js';
import { parseAndVerify } from '../src/crypto/index.js';
import { openStore } from '../src/store/index.js';
import { createGatewayReads } from '../src/store/read/index.js';

// Three batches, the last one partial; ranges of 700 messages cut across batches; three signing workers.
const spec: GatewayLogSpec = {
  processes: 7,
  messages: 2345,
  batch: 1000,
  startTime: 1_700_000_000_000,
  blockIntervalMs: 1000,
};

let dir: string;
let viaScheduler: string;
let viaBulk: string;

function tables(path: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const names = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    const out: Record<string, unknown[]> = {};
    for (const name of names)
      out[name] = db.prepare(`SELECT rowid AS _rowid, * FROM "${name}" ORDER BY rowid`).all();
    out['(schema)'] = db
      .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
      .all();
    out['(integrity)'] = db.prepare('PRAGMA integrity_check').pluck().all();
    return out;
  } finally {
    db.close();
  }
}

async function answer(path: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const store = openStore({ path });
  try {
    const yoga = createGraphQL({ reads: createGatewayReads(store) });
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return await response.json();
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aolite-gateway-log-'));
  viaScheduler = join(dir, 'scheduler.sqlite');
  viaBulk = join(dir, 'bulk.sqlite');
  const store = openStore({ path: viaScheduler });
  try {
    buildGatewayLogWithScheduler(store, spec);
  } finally {
    store.close();
  }
  await bulkBuildGatewayLog(viaBulk, spec, { workers: 3, rangeSize: 700 });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench gateway log bulk loader', () => {
  it('writes every table row for row as the scheduler does, with the same indexes', () => {
    const expected = tables(viaScheduler);
    const actual = tables(viaBulk);
    expect(expected.data_items).toHaveLength(2 * (spec.processes + spec.messages));
    expect(expected.assignments).toHaveLength(spec.processes + spec.messages);
    // genesis, the spawns' block, one block per batch
    expect(expected.blocks).toHaveLength(2 + 3);
    expect(expected.tags).toHaveLength(spec.processes * (5 + 10) + spec.messages * (6 + 10));
    expect(actual['(integrity)']).toEqual(['ok']);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected)) expect(actual[name], name).toEqual(expected[name]);
  });

  it('stores items that verify and decode like ingested ones', () => {
    const store = openStore({ path: viaBulk });
    try {
      const row = store.orm.$client
        .prepare<[], { id: string }>('SELECT id FROM data_items WHERE seq IN (1, 2, 4000) ORDER BY seq')
        .all();
      expect(row).toHaveLength(3);
      for (const { id } of row) {
        const item = store.getItem(id)!;
        expect(parseAndVerify(item.raw).id).toBe(id);
      }
    } finally {
      store.close();
    }
  });

  it('answers GraphQL tag and id queries the same as the scheduler-built log', async () => {
    const store = openStore({ path: viaScheduler });
    const processes = store.orm.$client.prepare('SELECT id FROM processes ORDER BY item_seq').pluck().all();
    const someId = store.orm.$client.prepare('SELECT id FROM data_items WHERE seq = 777').pluck().get();
    store.close();
    const tagQuery = `query ($p: String!) { transactions(tags: [{ name: "Data-Protocol", values: ["ao"] },
      { name: "From-Process", values: [$p] }], first: 5) { pageInfo { hasNextPage }
      edges { cursor node { id owner { address } tags { name value } block { id height timestamp } } } } }`;
    const byId = 'query ($id: ID!) { transaction(id: $id) { id recipient data { size } block { height } } }';
    const p = processes[draw(1, 2, spec.processes)];
    const fromScheduler = await answer(viaScheduler, tagQuery, { p });
    expect(
      (fromScheduler as { data: { transactions: { edges: unknown[] } } }).data.transactions.edges,
    ).toHaveLength(5);
    expect(await answer(viaBulk, tagQuery, { p })).toEqual(fromScheduler);
    const one = await answer(viaScheduler, byId, { id: someId });
    expect((one as { data: { transaction: { id: string } } }).data.transaction.id).toBe(someId);
    expect(await answer(viaBulk, byId, { id: someId })).toEqual(one);
  });
});
