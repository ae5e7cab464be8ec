import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataItem } from '../src/core/types.js';
import { createSchedulerReads } from '../src/store/read/index.js';
import type { Json } from './support/graphql.js';
import { createItem, messageItem, processItem, testSigner } from './support/log-items.js';
import { createTestNode, TEST_START_MS, type TestNode } from './support/test-node.js';

const alice = testSigner('alice');

let node: TestNode;
let spawn: DataItem;
let messages: DataItem[];

async function get(path: string): Promise<{ status: number; body: Json }> {
  const response = await node.fetch(new Request(`http://aolite.test${path}`));
  return { status: response.status, body: await response.json() };
}

beforeEach(async () => {
  node = await createTestNode();
  spawn = processItem(alice, { module: node.moduleId, scheduler: node.address });
  expect((await node.post(spawn.raw)).status).toBe(202);
  messages = [];
  // 25 messages in one millisecond (the clock does not move).
  for (let i = 0; i < 25; i++) {
    const item = messageItem(alice, spawn.id, i);
    expect((await node.post(item.raw)).status).toBe(202);
    messages.push(item);
  }
});

afterEach(async () => {
  await node.close();
});

describe('GET /{pid} (SU message listing)', () => {
  /** Posts `count` messages to the process in the current millisecond. */
  async function postGroup(count: number, label: string): Promise<DataItem[]> {
    const items: DataItem[] = [];
    for (let i = 0; i < count; i++) {
      const item = messageItem(alice, spawn.id, `${label}-${i}`);
      expect((await node.post(item.raw)).status).toBe(202);
      items.push(item);
    }
    return items;
  }

  it('pages as the reference CU does (from = last cursor), never splitting a millisecond', async () => {
    // Millisecond T: the spawn and 25 messages; then 3 messages at T+1, 9 at T+2.
    node.advance(1);
    const second = await postGroup(3, 'b');
    node.advance(1);
    const third = await postGroup(9, 'c');
    const pages: { ids: string[]; cursors: string[]; more: boolean }[] = [];
    let from: string | undefined;
    for (;;) {
      const { status, body } = await get(`/${spawn.id}?limit=10${from === undefined ? '' : `&from=${from}`}`);
      expect(status).toBe(200);
      pages.push({
        ids: body.edges.map((e: Json) => e.node.message.id),
        cursors: body.edges.map((e: Json) => e.cursor),
        more: body.page_info.has_next_page,
      });
      for (const edge of body.edges) {
        const timestamp = edge.node.assignment.tags.find((t: Json) => t.name === 'Timestamp').value;
        expect(edge.cursor).toBe(timestamp);
      }
      if (!body.page_info.has_next_page) break;
      from = body.edges.at(-1).cursor;
    }
    // Page 1 is all of T (one millisecond longer than the limit); page 2 stops before T+2, whose 9
    // messages would not have fitted after the 3 of T+1.
    expect(pages.map((p) => [p.ids.length, p.more])).toEqual([
      [26, true],
      [3, true],
      [9, false],
    ]);
    expect(pages.flatMap((p) => p.ids)).toEqual([spawn, ...messages, ...second, ...third].map((m) => m.id));
    expect(pages.map((p) => p.cursors.at(-1))).toEqual(
      [TEST_START_MS, TEST_START_MS + 1, TEST_START_MS + 2].map(String),
    );
  });

  it('cuts a page of one millisecond at the limit after all when that millisecond is too long', () => {
    const reads = createSchedulerReads(node.store);
    const page = (maxWholeMillisecond: number) =>
      reads.assignmentsPage({ processId: spawn.id, limit: 10, wholeMilliseconds: true, maxWholeMillisecond });
    // The spawn and 25 messages share one millisecond.
    expect([page(26).assignments.length, page(26).hasNextPage]).toEqual([26, false]);
    expect([page(25).assignments.length, page(25).hasNextPage]).toEqual([10, true]);
  });

  it('pages by slot with from-nonce = last Nonce + 1, losing and repeating none', async () => {
    node.advance(1);
    const later = await postGroup(4, 'later');
    const slots: number[] = [];
    let fromNonce = 0;
    for (;;) {
      const { body } = await get(`/${spawn.id}?limit=10&from-nonce=${fromNonce}`);
      for (const edge of body.edges) {
        slots.push(Number(edge.node.assignment.tags.find((t: Json) => t.name === 'Nonce').value));
      }
      if (!body.page_info.has_next_page) break;
      fromNonce = slots.at(-1)! + 1;
    }
    expect(slots).toEqual(Array.from({ length: 26 + later.length }, (_, i) => i));
  });

  it('gives each node its message and assignment as SU items', async () => {
    const { body } = await get(`/${spawn.id}?from-nonce=1&to-nonce=1`);
    expect(body.page_info).toEqual({ has_next_page: false });
    expect(body.edges).toHaveLength(1);
    const { message, assignment } = body.edges[0].node;
    const m = messages[0]!;
    expect(message).toEqual({
      id: m.id,
      owner: { address: alice.address, key: Buffer.from(alice.publicKey).toString('base64url') },
      data: 'message 0',
      tags: m.tags,
      signature: Buffer.from(m.signature).toString('base64url'),
      anchor: null,
      target: spawn.id,
    });
    expect(assignment.owner.address).toBe(node.address);
    expect(assignment.tags.map((t: Json) => t.name)).toEqual([
      'Process',
      'Epoch',
      'Nonce',
      'Hash-Chain',
      'Block-Height',
      'Timestamp',
      'Data-Protocol',
      'Type',
      'Variant',
      'Message',
    ]);
    expect(assignment.tags.find((t: Json) => t.name === 'Message').value).toBe(m.id);
  });

  it('filters by timestamp (from exclusive, to inclusive) and defaults to 100 per page', async () => {
    node.advance(10);
    const late = messageItem(alice, spawn.id, 'late');
    expect((await node.post(late.raw)).status).toBe(202);
    const after = await get(`/${spawn.id}?from=${TEST_START_MS}`);
    expect(after.body.edges.map((e: Json) => e.node.message.id)).toEqual([late.id]);
    const upTo = await get(`/${spawn.id}?to=${TEST_START_MS}&from=undefined`);
    expect(upTo.body.edges).toHaveLength(26);
    for (let i = 0; i < 80; i++) {
      node.advance(1); // one millisecond each, so the page is cut at exactly 100
      await node.post(messageItem(alice, spawn.id, `more-${i}`).raw);
    }
    const all = await get(`/${spawn.id}`);
    expect(all.body.edges).toHaveLength(100);
    expect(all.body.page_info.has_next_page).toBe(true);
  });

  it('refuses a limit over 1000 and answers 404 for an unknown process', async () => {
    const over = await get(`/${spawn.id}?limit=1001`);
    expect(over.status).toBe(400);
    expect(over.body.error).toBe('limit must be an integer from 1 to 1000, got "1001"');
    const unknown = await get(`/${'u'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(
      `${'u'.repeat(43)} is not a process, a message or an assignment scheduled by this node`,
    );
  });
});

describe('SU single lookups and /raw', () => {
  it('answers GET /{messageId}?process-id= with the message and its assignment', async () => {
    const m = messages[4]!;
    const { status, body } = await get(`/${m.id}?process-id=${spawn.id}`);
    expect(status).toBe(200);
    expect(body.message.id).toBe(m.id);
    expect(body.assignment.tags.find((t: Json) => t.name === 'Nonce').value).toBe('5');
    const missing = await get(`/${'q'.repeat(43)}?process-id=${spawn.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('is not assigned to process');
  });

  it('answers GET /{id} for a message or an Assignment item id without process-id, as the reference SU', async () => {
    const m = messages[4]!;
    const byMessage = await get(`/${m.id}`);
    expect(byMessage.status).toBe(200);
    expect(byMessage.body.message.id).toBe(m.id);
    const assignmentId = byMessage.body.assignment.id;
    expect(assignmentId).toBe(node.store.assignmentOf(spawn.id, m.id)!.assignmentId);
    const byAssignment = await get(`/${assignmentId}`);
    expect(byAssignment.body).toEqual(byMessage.body);
    const withProcess = await get(`/${assignmentId}?process-id=${spawn.id}`);
    expect(withProcess.body).toEqual(byMessage.body);
  });

  it('answers GET /{pid}/latest with the highest slot', async () => {
    const { body } = await get(`/${spawn.id}/latest`);
    expect(body.message.id).toBe(messages.at(-1)!.id);
    expect(body.assignment.tags.find((t: Json) => t.name === 'Nonce').value).toBe('25');
  });

  it('answers GET /processes/{pid} with the process item', async () => {
    const { status, body } = await get(`/processes/${spawn.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      process_id: spawn.id,
      block: '1',
      owner: { address: alice.address, key: Buffer.from(alice.publicKey).toString('base64url') },
      tags: spawn.tags,
      timestamp: TEST_START_MS,
      data: '1984',
      anchor: null,
      signature: Buffer.from(spawn.signature).toString('base64url'),
    });
    expect((await get(`/processes/${messages[0]!.id}`)).status).toBe(404);
  });

  it('serves GET /raw/{id} as the data with its Content-Type, and 404 JSON for unknown ids', async () => {
    const typed = createItem(
      {
        target: spawn.id,
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Type', value: 'Message' },
          { name: 'Content-Type', value: 'application/json' },
        ],
        data: '{"a":1}',
      },
      alice,
    );
    expect((await node.post(typed.raw)).status).toBe(202);
    const response = await node.fetch(new Request(`http://aolite.test/raw/${typed.id}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"a":1}');
    const plain = await node.fetch(new Request(`http://aolite.test/raw/${spawn.id}`));
    expect(plain.headers.get('content-type')).toBe('application/octet-stream');
    expect(await plain.text()).toBe('1984');
    const unknown = await get(`/raw/${'r'.repeat(43)}`);
    expect(unknown).toEqual({
      status: 404,
      body: { error: `item ${'r'.repeat(43)} is not in this node's log`, code: 'NOT_FOUND' },
    });
  });

  it('keeps the fixed paths reachable next to the id routes', async () => {
    expect((await get('/health')).body).toEqual({ status: 'ok', address: node.address });
    expect((await get('/timestamp')).body).toEqual({ timestamp: TEST_START_MS, block_height: 1 });
    expect((await get('/')).body).toEqual({ address: node.address, timestamp: TEST_START_MS });
    expect((await get('/not-an-id')).status).toBe(404);
  });

  it('says which path segment is not an id, answers 405 to methods the API does not use, and ignores a trailing slash', async () => {
    expect(await get('/unknownpid123')).toEqual({
      status: 404,
      body: {
        error:
          'no route for GET /unknownpid123: "unknownpid123" is not an ao id (43 characters of A-Z a-z 0-9 - _) and no fixed route has that name',
        code: 'NOT_FOUND',
      },
    });
    expect((await get('/unknownpid123/latest')).body.error).toBe(
      'no route for GET /unknownpid123/latest: "unknownpid123" is not an ao id (43 characters of A-Z a-z 0-9 - _)',
    );
    expect((await get('/processes/short')).body.error).toContain('"short" is not an ao id');
    expect((await get('/raw/nope')).body.error).toContain('"nope" is not an ao id');
    // a well-formed id under an unknown path is no id problem
    expect((await get(`/${spawn.id}/oldest`)).body.error).toBe(`no route for GET /${spawn.id}/oldest`);
    const put = await node.fetch(new Request('http://aolite.test/', { method: 'PUT' }));
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST, DELETE, OPTIONS');
    expect(((await put.json()) as Json).code).toBe('METHOD_NOT_ALLOWED');
    const latest = await get(`/${spawn.id}/latest/`);
    expect(latest.status).toBe(200);
    expect(latest.body.message.id).toBe(messages.at(-1)!.id);
    expect((await get(`/results/${spawn.id}/`)).status).toBe(200);
  });
});
