import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { diffJson, joinJsonPath } from '../src/core/json-diff.js';
import { COUNTER_CODE, sendMessage, spawnProcess } from './support/aos-items.js';
import { gql, type Json } from './support/graphql.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('live-owner');

let node: TestNode;

beforeEach(async () => {
  node = await createTestNode({}, {}, { maxReplayFields: 2, maxReplaySlots: 3 });
});

afterEach(async () => {
  await node.close();
});

/** Opens a GraphQL subscription over SSE and returns a reader of its `next` payloads. */
async function subscribe(query: string) {
  const controller = new AbortController();
  const response = await node.fetch(
    new Request('http://aolite.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query }),
      signal: controller.signal,
    }),
  );
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Json[] = [];
  let pending: Promise<void> | undefined;
  /** Reads one more chunk (at most one read in flight). */
  const pump = (): Promise<void> => {
    pending ??= reader.read().then(({ value, done }) => {
      pending = undefined;
      if (done) throw new Error('the event stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith('event: next')) {
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data !== undefined) events.push(JSON.parse(data.slice(6)));
        }
        end = buffer.indexOf('\n\n');
      }
    });
    return pending;
  };
  return {
    events,
    /** Calls `act` (again) until `count` events arrived; a subscriber attaches lazily on its first read. */
    async collect(count: number, act: () => Promise<void>): Promise<Json[]> {
      for (let attempt = 0; events.length < count && attempt < 50; attempt++) {
        await act();
        await Promise.race([pump(), new Promise((resolve) => setTimeout(resolve, 20))]);
      }
      while (events.length < count) await pump();
      return events.slice(0, count);
    },
    close: () => {
      controller.abort();
      return reader.cancel().catch(() => undefined);
    },
  };
}

/** Subscribes to a process's assignments and results, and checks the events of messages sent after. */
async function streamsAssignmentsAndResults(): Promise<void> {
  const pid = await spawnProcess(node, owner);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
  await node.compute.catchUp(pid);
  const assignments = await subscribe(
    `subscription { assignments(process: "${pid}") { process slot message { id } hashChain } }`,
  );
  const results = await subscribe(`subscription { results(process: "${pid}") { slot messages error } }`);
  const sent: string[] = [];
  const got = await assignments.collect(2, async () => {
    sent.push(await sendMessage(node, owner, pid, 'Inc'));
  });
  expect(got[0].data.assignments.process).toBe(pid);
  // The events are the assignments of messages just sent, in slot order (hash chained).
  const slotOf = new Map(sent.map((id, i) => [id, i]));
  expect(slotOf.has(got[0].data.assignments.message.id)).toBe(true);
  expect(slotOf.get(got[1].data.assignments.message.id)).toBe(
    slotOf.get(got[0].data.assignments.message.id)! + 1,
  );
  expect(got[0].data.assignments.hashChain).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(got.map((e) => e.data.assignments.slot)).toEqual([
    got[0].data.assignments.slot,
    got[0].data.assignments.slot + 1,
  ]);
  const stored = await results.collect(1, async () => {
    await sendMessage(node, owner, pid, 'Inc');
    await node.compute.catchUp(pid);
  });
  expect(stored[0].data.results.error).toBeNull();
  expect(stored[0].data.results.slot).toBeGreaterThanOrEqual(2);
  expect(stored[0].data.results.messages[0].Tags).toContainEqual({ name: 'Action', value: 'Counted' });
  await assignments.close();
  await results.close();
}

describe('subscriptions over SSE', () => {
  it('streams new assignments of a process and its results as they are stored', async () => {
    await streamsAssignmentsAndResults();
  });

  it('streams them from a node on a file too, where results are stored by the writer thread', async () => {
    await node.close();
    const folder = tempDir('aolite-live-');
    try {
      node = await createTestNode({ dataDir: folder.dir }, {}, { maxReplayFields: 2, maxReplaySlots: 3 });
      await streamsAssignmentsAndResults();
    } finally {
      await node.close();
      node = await createTestNode({}, {}, { maxReplayFields: 2, maxReplaySlots: 3 });
      folder.cleanup();
    }
  });

  it('lets go of a subscription as soon as its HTTP client goes away, not at the next keep-alive ping', async () => {
    // yoga pings every 12 s, but every 300 ms under NODE_ENV=test, which would hide a late cancel.
    vi.stubEnv('NODE_ENV', 'production');
    const server = createServer(node.listener);
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const pid = await spawnProcess(node, owner);
      const client = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: `subscription { results(process: "${pid}") { slot } }` }),
        signal: client.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(':\n\n'); // the opening ping
      expect(node.events.watchesResults(pid)).toBe(true);
      client.abort(); // closes the connection
      const deadline = Date.now() + 3_000;
      while (node.events.watchesResults(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(node.events.watchesResults(pid)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a subscription to an unknown process with a clear error', async () => {
    const unknown = 'B'.repeat(43);
    const reply = await gql(node, `subscription { assignments(process: "${unknown}") { slot } }`);
    expect(reply.errors?.[0]?.message).toBe(`${unknown} is not a process scheduled by this node`);
  });
});

describe('replay cost limits', () => {
  it('refuses more replay-backed fields than the limit in one query', async () => {
    const pid = await spawnProcess(node, owner);
    await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
    await node.compute.catchUp(pid);
    const reply = await gql(
      node,
      `{ a: state(process: "${pid}", path: "Handlers") { slot } b: state(process: "${pid}", path: "Handlers") { slot }
         c: state(process: "${pid}", path: "Handlers") { slot } }`,
    );
    expect(reply.errors?.map((e) => e.message)).toEqual([
      'state: a query may ask at most 2 replay-backed fields (state, stateDiff, verify, tokenBalances, audit); split it into several queries',
    ]);
    expect(reply.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(reply.data?.a).toEqual({ slot: 1 });
    const audits = await gql(
      node,
      `{ a: audit(process: "${pid}") { ok } b: state(process: "${pid}", path: "Handlers") { slot } c: audit(process: "${pid}") { ok } }`,
    );
    expect(audits.errors?.map((e) => e.message)).toEqual([
      'audit: a query may ask at most 2 replay-backed fields (state, stateDiff, verify, tokenBalances, audit); split it into several queries',
    ]);
  });

  it('refuses a state read or a verify that would replay more slots than the limit', async () => {
    const pid = await spawnProcess(node, owner);
    await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
    for (let i = 0; i < 4; i++) await sendMessage(node, owner, pid, 'Inc');
    await node.compute.catchUp(pid);
    const state = await gql(node, `{ state(process: "${pid}", path: "Count", slot: 4) { value } }`);
    expect(state.errors?.[0]?.message).toBe(
      `state: slot 4 of process ${pid} needs 5 slots replayed from genesis, more than this node's limit of 3; ask for a slot nearer a checkpoint, or run \`aolite verify\` for long replays`,
    );
    const near = await gql(node, `{ state(process: "${pid}", path: "Count", slot: 2) { value } }`);
    expect(near.data?.state).toEqual({ value: 1 });
    const verify = await gql(node, `{ verify(process: "${pid}") { ok } }`);
    expect(verify.errors?.[0]?.message).toMatch(
      /^verify: slot 5 of process .* needs 6 slots replayed from genesis/,
    );
  });
});

describe('a subscription asked for as JSON', () => {
  it('is a 406 whose body says which types to accept, not an empty 406', async () => {
    const pid = await spawnProcess(node, owner);
    const response = await node.fetch(
      new Request('http://aolite.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: `subscription { assignments(process: "${pid}") { slot } }` }),
      }),
    );
    expect(response.status).toBe(406);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'this result cannot be sent as any type the request accepts (Accept: application/json): a subscription streams text/event-stream or multipart/mixed; queries answer application/json or application/graphql-response+json',
          extensions: { code: 'NOT_ACCEPTABLE' },
        },
      ],
    });
  });
});

describe('json diff', () => {
  it('walks objects by sorted key and arrays by index (written 1-based, as Lua), and reports kind changes whole', () => {
    expect(diffJson({ b: 1, a: [1, { x: 1 }] }, { a: [1, { x: 2 }, 3], b: '1' })).toEqual({
      changes: [
        { path: 'a[2].x', kind: 'CHANGED', before: 1, after: 2 },
        { path: 'a[3]', kind: 'ADDED', before: null, after: 3 },
        { path: 'b', kind: 'CHANGED', before: 1, after: '1' },
      ],
      truncated: false,
    });
    expect(diffJson({ k: [1] }, { k: { 0: 1 } }).changes).toEqual([
      { path: 'k', kind: 'CHANGED', before: [1], after: { 0: 1 } },
    ]);
    expect(diffJson({ a: 1, b: 2 }, {}, 1)).toEqual({
      changes: [{ path: 'a', kind: 'REMOVED', before: 1, after: null }],
      truncated: true,
    });
    expect(joinJsonPath('', 'a b')).toBe('["a b"]');
    expect(diffJson([1, 2], [1, 2])).toEqual({ changes: [], truncated: false });
  });
});
