import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGraphQL } from '../src/api/graphql/yoga.js';
import type { DataItem, Tag } from '../src/core/types.js';
import { gql, gqlData, type Json } from './support/graphql.js';
import { createItem, moduleItem, processItem, testSigner } from './support/log-items.js';
import { createTestNode, TEST_START_MS, type TestNode } from './support/test-node.js';

const alice = testSigner('alice');
const bob = testSigner('bob');

let node: TestNode;
let module: DataItem;
let processId: string;

async function post(item: DataItem): Promise<void> {
  const response = await node.post(item.raw);
  expect(response.status).toBe(202);
}

let counter = 0;
/** A message to the test process; a `Seq` tag keeps every item's id distinct. */
function message(signer = alice, extra: Tag[] = [], data = 'hi'): DataItem {
  counter += 1;
  return createItem(
    {
      target: processId,
      tags: [
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Type', value: 'Message' },
        ...extra,
        { name: 'Seq', value: String(counter) },
      ],
      data,
    },
    signer,
  );
}

/** ids of a transactions connection, in order */
const ids = (connection: { edges: { node: { id: string } }[] }): string[] =>
  connection.edges.map((e) => e.node.id);

beforeEach(async () => {
  node = await createTestNode();
  module = moduleItem(alice);
  node.store.insertItem(module, TEST_START_MS);
  const spawn = processItem(alice, { module: node.moduleId, scheduler: node.address });
  processId = spawn.id;
  await post(spawn);
});

afterEach(async () => {
  await node.close();
});

describe('transaction fields', () => {
  it('serves every gateway field of a message, with its sealed block', async () => {
    const item = message(bob, [{ name: 'Content-Type', value: 'text/plain' }], 'hello');
    node.advance(1500);
    await post(item);
    node.advance(5000);
    const sealed = node.scheduler.sealBlock();
    expect(sealed).not.toBeNull();
    const data = await gqlData(
      node,
      `query ($id: ID!) { transaction(id: $id) { id anchor signature recipient owner { address key }
        fee { winston ar } quantity { winston ar } data { size type } tags { name value }
        block { id timestamp height previous } bundledIn { id } parent { id } ingested_at } }`,
      { id: item.id },
    );
    expect(data.transaction).toEqual({
      id: item.id,
      anchor: '',
      signature: Buffer.from(item.signature).toString('base64url'),
      recipient: processId,
      owner: { address: bob.address, key: Buffer.from(bob.publicKey).toString('base64url') },
      fee: { winston: '0', ar: '0.000000000000' },
      quantity: { winston: '0', ar: '0.000000000000' },
      data: { size: '5', type: 'text/plain' },
      tags: item.tags,
      block: {
        id: sealed!.id,
        timestamp: Math.floor(sealed!.timestamp / 1000),
        height: sealed!.height,
        previous: sealed!.previous,
      },
      bundledIn: null,
      parent: null,
      ingested_at: Math.floor((TEST_START_MS + 1500) / 1000),
    });
  });

  it('takes the media type from a Content-Type tag in any letter case, for data.type and /raw', async () => {
    const item = message(alice, [{ name: 'content-type', value: 'image/png' }], 'png bytes');
    await post(item);
    const data = await gqlData(node, `query ($id: ID!) { transaction(id: $id) { data { size type } } }`, {
      id: item.id,
    });
    expect(data.transaction.data).toEqual({ size: '9', type: 'image/png' });
    const raw = await node.fetch(new Request(`http://aolite.test/raw/${item.id}`));
    expect([raw.headers.get('content-type'), await raw.text()]).toEqual(['image/png', 'png bytes']);
  });

  it('gives a null block while the block is open, and null for an unknown id', async () => {
    const item = message();
    await post(item);
    const data = await gqlData(
      node,
      `query ($id: ID!, $nope: ID!) { a: transaction(id: $id) { id block { id } } b: transaction(id: $nope) { id } }`,
      { id: item.id, nope: 'x'.repeat(43) },
    );
    expect(data).toEqual({ a: { id: item.id, block: null }, b: null });
  });

  it("answers aoconnect's spawn lookup of a module with the module's tags", async () => {
    // The query exactly as @permaweb/aoconnect 0.0.98 sends it (loadTransactionMeta).
    const query = `
    query GetTransactions ($transactionIds: [ID!]!) {
      transactions(ids: $transactionIds) {
        edges { node { owner { address } tags { name value } block { id height timestamp } } }
      }
    }`;
    const data = await gqlData(node, query, { transactionIds: [module.id] });
    expect(data.transactions.edges).toEqual([
      { node: { owner: { address: alice.address }, tags: module.tags, block: null } },
    ]);
    const names = data.transactions.edges[0].node.tags.map((t: Tag) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['Data-Protocol', 'Type', 'Module-Format', 'Input-Encoding', 'Output-Encoding']),
    );
  });
});

describe('transaction filters', () => {
  it('filters by ids, owners (address or public key) and recipients', async () => {
    const a = message(alice);
    const b = message(bob);
    await post(a);
    await post(b);
    const q = `query ($ids: [ID!], $owners: [String!], $recipients: [String!]) {
      transactions(ids: $ids, owners: $owners, recipients: $recipients) { edges { node { id } } } }`;
    expect(ids((await gqlData(node, q, { ids: [a.id, b.id, 'z'.repeat(43)] })).transactions)).toEqual([
      b.id,
      a.id,
    ]);
    expect(ids((await gqlData(node, q, { owners: [bob.address] })).transactions)).toEqual([b.id]);
    const bobKey = Buffer.from(bob.publicKey).toString('base64url');
    expect(ids((await gqlData(node, q, { owners: [bobKey] })).transactions)).toEqual([b.id]);
    expect(
      ids((await gqlData(node, q, { recipients: [processId], owners: [alice.address] })).transactions),
    ).toEqual([a.id]);
  });

  it('ANDs tag filters and ORs the values inside one filter', async () => {
    const ping = message(alice, [{ name: 'Action', value: 'Ping' }]);
    const pong = message(alice, [{ name: 'Action', value: 'Pong' }]);
    const evalMsg = message(bob, [{ name: 'Action', value: 'Eval' }]);
    for (const m of [ping, pong, evalMsg]) await post(m);
    const q = `query ($tags: [TagFilter!]) { transactions(tags: $tags) { count edges { node { id } } } }`;
    const both = await gqlData(node, q, {
      tags: [
        { name: 'Type', values: ['Message'] },
        { name: 'Action', values: ['Ping', 'Pong'] },
      ],
    });
    expect(ids(both.transactions)).toEqual([pong.id, ping.id]);
    expect(both.transactions.count).toBe(2);
    const none = await gqlData(node, q, {
      tags: [
        { name: 'Action', values: ['Ping'] },
        { name: 'Action', values: ['Pong'] },
      ],
    });
    expect(none.transactions).toEqual({ count: 0, edges: [] });
  });

  it('NEQ matches items having the tag name with another value', async () => {
    const ping = message(alice, [{ name: 'Action', value: 'Ping' }]);
    const pong = message(alice, [{ name: 'Action', value: 'Pong' }]);
    const bare = message(alice);
    for (const m of [ping, pong, bare]) await post(m);
    const data = await gqlData(
      node,
      `{ transactions(tags: [{ name: "Action", values: ["Ping"], op: NEQ }]) { edges { node { id } } } }`,
    );
    expect(ids(data.transactions)).toEqual([pong.id]);
  });

  it("supports Goldsky's name-only and values-only filters and WILDCARD / FUZZY matches", async () => {
    const a = message(alice, [
      { name: 'Content-Type', value: 'text/plain' },
      { name: 'Title', value: 'The quick brown fox' },
    ]);
    const b = message(alice, [
      { name: 'Content-Type', value: 'text/html' },
      { name: 'Title', value: 'A lazy dog' },
    ]);
    const c = message(alice, [{ name: 'Content-Type', value: 'application/json' }]);
    for (const m of [a, b, c]) await post(m);
    // Only alice's items: the node's own built-in module item carries Content-Type text/plain too.
    const q = `query ($tags: [TagFilter!], $owners: [String!]) { transactions(tags: $tags, owners: $owners, sort: HEIGHT_ASC) { edges { node { id } } } }`;
    const run = async (tags: unknown) =>
      ids((await gqlData(node, q, { tags, owners: [alice.address] })).transactions);
    expect(await run([{ name: 'Title' }])).toEqual([a.id, b.id]);
    expect(await run([{ values: ['application/json'] }])).toEqual([c.id]);
    expect(await run([{ name: 'Content-Type', values: ['text/*'], match: 'WILDCARD' }])).toEqual([
      a.id,
      b.id,
    ]);
    expect(await run([{ name: 'Title', values: ['QUICK fox'], match: 'FUZZY_AND' }])).toEqual([a.id]);
    expect(await run([{ name: 'Title', values: ['quick dog'], match: 'FUZZY_OR' }])).toEqual([a.id, b.id]);
    expect(await run([{ name: 'Title', values: ['quick cat'], match: 'FUZZY_AND' }])).toEqual([]);
    // Case-insensitive beyond ASCII too.
    const d = message(alice, [{ name: 'Title', value: 'ÄBC Straße ΣΟΦΊΑ' }]);
    await post(d);
    expect(await run([{ name: 'Title', values: ['äbc straße'], match: 'FUZZY_AND' }])).toEqual([d.id]);
    expect(await run([{ name: 'Title', values: ['ÄBC σοφία'], match: 'FUZZY_AND' }])).toEqual([d.id]);
    expect(await run([{ name: 'Title', values: ['zzz äBc'], match: 'FUZZY_OR' }])).toEqual([d.id]);
  });

  it('lists an item carrying the same tag twice once, and counts it once', async () => {
    const twice = message(alice, [
      { name: 'Color', value: 'red' },
      { name: 'Color', value: 'red' },
      { name: 'Color', value: 'blue' },
    ]);
    const once = message(alice, [{ name: 'Color', value: 'blue' }]);
    await post(twice);
    await post(once);
    const data = await gqlData(
      node,
      `{ transactions(tags: [{ name: "Color", values: ["red", "blue"] }]) { count edges { node { id } } } }`,
    );
    expect(ids(data.transactions)).toEqual([once.id, twice.id]);
    expect(data.transactions.count).toBe(2);
  });

  it('gives the Process item and each Assignment item the block of their assignment', async () => {
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 1: the process's slot 0
    const sent = message();
    await post(sent); // block 2
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 2
    const slot0 = node.store.assignmentOf(processId, processId)!;
    const slot1 = node.store.assignmentOf(processId, sent.id)!;
    expect([slot0.blockHeight, slot1.blockHeight]).toEqual([1, 2]);
    const byId = await gqlData(
      node,
      `query ($p: ID!, $a0: ID!, $m: ID!, $a1: ID!) {
        p: transaction(id: $p) { block { height } } a0: transaction(id: $a0) { block { height } }
        m: transaction(id: $m) { block { height } } a1: transaction(id: $a1) { block { height } } }`,
      { p: processId, a0: slot0.assignmentId, m: sent.id, a1: slot1.assignmentId },
    );
    expect(byId).toEqual({
      p: { block: { height: 1 } },
      a0: { block: { height: 1 } },
      m: { block: { height: 2 } },
      a1: { block: { height: 2 } },
    });
    const inBlock2 = await gqlData(
      node,
      '{ transactions(block: { min: 2, max: 2 }, sort: INGESTED_AT_ASC) { edges { node { id } } } }',
    );
    expect(ids(inBlock2.transactions)).toEqual([sent.id, slot1.assignmentId]);
  });

  it('puts every item in the block it was logged in: unassigned items too, and assigned later', async () => {
    // beforeEach logged `module` (never assigned) and spawned the process: both in open block 1.
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 1
    const loose = message(); // logged in block 2 without an assignment (as a reply to a wallet is)
    node.store.insertItem(loose, TEST_START_MS + 3000);
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 2
    const assigned = await node.fetch(
      new Request(`http://aolite.test/?process-id=${processId}&assign=${loose.id}`, { method: 'POST' }),
    );
    expect(assigned.status).toBe(202);
    expect(node.store.assignmentOf(processId, loose.id)?.blockHeight).toBe(3);
    const pendingNow = await gqlData(node, `{ transaction(id: "${loose.id}") { block { height } } }`);
    expect(pendingNow.transaction.block).toEqual({ height: 2 });
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 3: the assignment of `loose`
    const q = `query ($ids: [ID!]) { transactions(ids: $ids, sort: HEIGHT_ASC) {
      edges { node { id block { height } } } } }`;
    const data = await gqlData(node, q, { ids: [module.id, processId, loose.id] });
    expect(data.transactions.edges.map((e: Json) => [e.node.id, e.node.block?.height])).toEqual([
      [module.id, 1],
      [processId, 1],
      [loose.id, 2],
    ]);
    const inBlock = async (min: number, max: number) =>
      ids(
        (
          await gqlData(
            node,
            `{ transactions(block: { min: ${min}, max: ${max} }, sort: HEIGHT_ASC, first: 100) {
        edges { node { id } } } }`,
          )
        ).transactions,
      );
    expect(await inBlock(2, 2)).toEqual([loose.id]);
    const slot0 = node.store.assignmentOf(processId, processId)!.assignmentId;
    expect(await inBlock(1, 1)).toEqual([module.id, processId, slot0]); // the node's own module is in genesis
    expect(await inBlock(3, 3)).toEqual([node.store.assignmentOf(processId, loose.id)!.assignmentId]);
    expect(await inBlock(4, 9)).toEqual([]);
    // Every item is in a sealed block now, and HEIGHT_ASC is block order.
    const all = await gqlData(
      node,
      '{ transactions(sort: HEIGHT_ASC, first: 100) { edges { node { block { height } } } } }',
    );
    const heights = all.transactions.edges.map((e: Json) => e.node.block?.height ?? null);
    expect(heights).not.toContain(null);
    expect(heights).toEqual([...heights].sort((a, b) => a - b));
  });

  it('filters by sealed block height range and by ingest time (seconds)', async () => {
    const first = message();
    await post(first); // block 1 (open)
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 1
    const second = message();
    await post(second); // block 2
    node.advance(3000);
    node.scheduler.sealBlock(); // seals 2
    const third = message(); // block 3, open: pending
    await post(third);
    const q = `query ($min: Int, $max: Int) { transactions(block: { min: $min, max: $max },
      tags: [{ name: "Type", values: ["Message"] }]) { edges { node { id block { height } } } } }`;
    expect((await gqlData(node, q, { min: 2 })).transactions.edges).toEqual([
      { node: { id: second.id, block: { height: 2 } } },
    ]);
    expect(ids((await gqlData(node, q, { min: 0, max: 1 })).transactions)).toEqual([first.id]);
    const startSec = Math.floor(TEST_START_MS / 1000);
    const byTime = await gqlData(
      node,
      `query ($min: Int) { transactions(ingested_at: { min: $min }, sort: INGESTED_AT_ASC) { edges { node { id ingested_at } } } }`,
      { min: startSec + 3 },
    );
    expect(byTime.transactions.edges.map((e: Json) => e.node.ingested_at)).toEqual(
      expect.arrayContaining([startSec + 3, startSec + 6]),
    );
    expect(ids(byTime.transactions)).toEqual(expect.arrayContaining([second.id, third.id]));
    expect(ids(byTime.transactions)).not.toContain(first.id);
  });

  it('matches nothing for bundledIn (aolite logs no bundles)', async () => {
    const data = await gqlData(
      node,
      `{ transactions(bundledIn: ["${'b'.repeat(43)}"]) { count edges { cursor } } }`,
    );
    expect(data.transactions).toEqual({ count: 0, edges: [] });
  });
});

describe('pagination', () => {
  it('pages through items sharing a millisecond and duplicate tags with no item lost or repeated', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 11; i++) {
      const item = message(alice, [
        { name: 'Batch', value: 'x' },
        { name: 'Batch', value: 'x' },
        { name: 'N', value: String(i) },
      ]);
      await post(item);
      posted.push(item.id);
    }
    const q = `query ($after: String, $sort: SortOrder) {
      transactions(tags: [{ name: "Batch", values: ["x"] }], first: 4, after: $after, sort: $sort) {
        count pageInfo { hasNextPage } edges { cursor node { id } } } }`;
    for (const sort of ['HEIGHT_DESC', 'HEIGHT_ASC'] as const) {
      const seen: string[] = [];
      const pages: boolean[] = [];
      let after: string | undefined;
      for (;;) {
        const page = (await gqlData(node, q, { after, sort })).transactions;
        expect(page.count).toBe(11);
        seen.push(...ids(page));
        pages.push(page.pageInfo.hasNextPage);
        if (!page.pageInfo.hasNextPage) break;
        // Stable: the same cursor gives the same page.
        const again = (await gqlData(node, q, { after, sort })).transactions;
        expect(ids(again)).toEqual(ids(page));
        after = page.edges.at(-1).cursor;
      }
      expect(pages).toEqual([true, true, false]);
      expect(seen).toEqual(sort === 'HEIGHT_ASC' ? posted : [...posted].reverse());
    }
  });

  it('puts pending items first in HEIGHT_DESC and last in HEIGHT_ASC', async () => {
    const old = message();
    await post(old);
    node.advance(3000);
    node.scheduler.sealBlock();
    const pending = message();
    await post(pending);
    const q = `query ($sort: SortOrder) { transactions(recipients: ["${processId}"], sort: $sort) { edges { node { id block { height } } } } }`;
    const desc = (await gqlData(node, q, { sort: 'HEIGHT_DESC' })).transactions.edges;
    expect(desc).toEqual([
      { node: { id: pending.id, block: null } },
      { node: { id: old.id, block: { height: 1 } } },
    ]);
    const asc = (await gqlData(node, q, { sort: 'HEIGHT_ASC' })).transactions.edges;
    expect(asc.map((e: Json) => e.node.id)).toEqual([old.id, pending.id]);
  });

  it('counts every match even when asked with a cursor', async () => {
    for (let i = 0; i < 5; i++) await post(message(alice, [{ name: 'K', value: 'v' }]));
    const first = await gqlData(
      node,
      `{ transactions(first: 2, tags: [{ name: "K", values: ["v"] }]) { edges { cursor } } }`,
    );
    const cursor = first.transactions.edges[1].cursor;
    const rest = await gqlData(
      node,
      `query ($c: String) { transactions(first: 2, after: $c, tags: [{ name: "K", values: ["v"] }]) { count edges { cursor } } }`,
      { c: cursor },
    );
    expect(rest.transactions.count).toBe(5);
    expect(rest.transactions.edges).toHaveLength(2);
  });

  it('answers first: 0 with no edges and refuses first over 1000 with a clear error', async () => {
    await post(message());
    const zero = await gqlData(
      node,
      '{ transactions(first: 0) { pageInfo { hasNextPage } edges { cursor } } }',
    );
    expect(zero.transactions).toEqual({ pageInfo: { hasNextPage: true }, edges: [] });
    const over = await gql(node, '{ transactions(first: 1001) { edges { cursor } } }');
    expect(over.errors?.[0]?.message).toBe(
      'first must be between 0 and 1000, got 1001; page with the cursor of the last edge',
    );
    expect(over.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });

  it('refuses a cursor it did not make', async () => {
    const reply = await gql(node, '{ transactions(after: "bm9wZQ") { edges { cursor } } }');
    expect(reply.errors?.[0]?.message).toContain('invalid cursor "bm9wZQ"');
    expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('blocks', () => {
  it('lists sealed blocks by height with filters, cursors and lookups by id', async () => {
    for (let i = 0; i < 3; i++) {
      node.advance(3000);
      node.scheduler.sealBlock();
    }
    const latest = node.store.latestBlock()!;
    expect(latest.height).toBe(3);
    const page = await gqlData(
      node,
      '{ blocks(first: 2) { pageInfo { hasNextPage } edges { cursor node { height } } } }',
    );
    expect(page.blocks.edges.map((e: Json) => e.node.height)).toEqual([3, 2]);
    expect(page.blocks.pageInfo.hasNextPage).toBe(true);
    const next = await gqlData(
      node,
      `query ($c: String) { blocks(first: 2, after: $c) { pageInfo { hasNextPage } edges { node { height previous } } } }`,
      {
        c: page.blocks.edges[1].cursor,
      },
    );
    expect(next.blocks.edges.map((e: Json) => e.node.height)).toEqual([1, 0]);
    expect(next.blocks.edges[1].node.previous).toBe('');
    expect(next.blocks.pageInfo.hasNextPage).toBe(false);
    const ranged = await gqlData(
      node,
      '{ blocks(height: { min: 1, max: 2 }, sort: HEIGHT_ASC) { edges { node { height } } } }',
    );
    expect(ranged.blocks.edges.map((e: Json) => e.node.height)).toEqual([1, 2]);
    const byId = await gqlData(
      node,
      `query ($id: String) { block(id: $id) { id height timestamp } latest: block { height } }`,
      {
        id: latest.id,
      },
    );
    expect(byId).toEqual({
      block: { id: latest.id, height: 3, timestamp: Math.floor(latest.timestamp / 1000) },
      latest: { height: 3 },
    });
  });
});

describe('serving and abuse limits', () => {
  it('answers GET /graphql?query= and serves GraphiQL to a browser', async () => {
    const get = await node.fetch(
      new Request(
        `http://aolite.test/graphql?query=${encodeURIComponent('{ blocks(first: 1) { edges { node { height } } } }')}`,
        {
          headers: { accept: 'application/json' },
        },
      ),
    );
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { blocks: { edges: [{ node: { height: 0 } }] } } });
    const page = await node.fetch(
      new Request('http://aolite.test/graphql', { headers: { accept: 'text/html' } }),
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // Its scripts are inlined: it works offline (yoga's default page loads them from unpkg.com).
    expect(html).not.toContain('unpkg.com');
    expect(html.length).toBeGreaterThan(1_000_000);
  });

  it('refuses a query nested deeper than the configured limit', async () => {
    const strict = createGraphQL({ reads: node.reads, limits: { maxDepth: 4 } });
    const ask = async (query: string) => {
      const response = await strict.fetch(
        new Request('http://aolite.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }),
      );
      return (await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
    };
    expect((await ask('{ transactions { edges { node { id } } } }')).errors).toBeUndefined();
    const deep = await ask('{ transactions { edges { node { block { id } } } } }');
    // a refusal is no syntax error: the message names the limit and the code is LIMIT_EXCEEDED
    expect(deep.errors?.[0]?.message).toBe('Query depth limit of 4 exceeded, found 5.');
    expect(deep.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    // Fragments do not hide depth.
    const viaFragments = await ask(
      'query { ...A } fragment A on Query { transactions { edges { node { ...B } } } } fragment B on Transaction { block { id } }',
    );
    expect(viaFragments.errors?.[0]?.message).toContain('Query depth limit of 4 exceeded');
  });

  it('refuses too many aliases and too many tokens with GraphQL errors naming the limit', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: block { id }`).join(' ')} }`;
    const aliasReply = await gql(node, aliases);
    expect(aliasReply.errors?.[0]?.message).toBe('Aliases limit of 15 exceeded, found 16.');
    expect(aliasReply.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: block { id }`).join(' ')} }`;
    expect((await gql(node, fifteen)).errors).toBeUndefined();
    const tokens = `{ block { ${Array(2001).fill('id').join(' ')} } }`;
    const tokenReply = await gql(node, tokens);
    expect(tokenReply.errors?.[0]?.message).toMatch(/^Token limit of 2000 exceeded/);
    expect(tokenReply.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });

  it('refuses a GraphQL request body over 64 KiB with 413', async () => {
    const response = await node.fetch(
      new Request('http://aolite.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ block { id } } #${'x'.repeat(70_000)}` }),
      }),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a malformed query with a GraphQL error and keeps serving', async () => {
    const bad = await gql(node, '{ transactions( { edges }');
    expect(bad.errors?.[0]?.message).toContain('Syntax Error');
    const unknown = await gql(node, '{ transactions { nope } }');
    expect(unknown.errors?.[0]?.message).toContain('Cannot query field "nope"');
    const ok = await gqlData(node, '{ blocks(first: 1) { edges { node { height } } } }');
    expect(ok.blocks.edges).toEqual([{ node: { height: 0 } }]);
  });
});
