import { afterEach, describe, expect, it } from 'vitest';
import { tagValue } from '../src/core/tags.js';
import { sendMessage, spawnProcess } from './support/aos-items.js';
import { PING_PONG_CODE as PING_PONG, spawnWithCode, tags } from './support/chain-processes.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, TEST_START_MS, type TestNode } from './support/test-node.js';

const owner = testSigner('effects-owner');

const nodes: TestNode[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});

async function startNode(): Promise<TestNode> {
  const node = await createTestNode();
  nodes.push(node);
  return node;
}

const state = async (node: TestNode, pid: string, path: string) =>
  (await node.compute.state(pid, path)).value;

const ASKER = `
Handlers.add('Ask', 'Ask', function (msg)
  local reply = Send({ Target = msg.Oracle, Action = 'Question' }).receive()
  Answer = reply.Data
  AnswerFrom = reply.From
end)`;
const ORACLE = `
Handlers.add('Question', 'Question', function (msg) msg.reply({ Data = '42' }) end)`;

describe('Receive across two processes', () => {
  it('suspends the handler until the reply arrives, then resumes it with the reply', async () => {
    const node = await startNode();
    const asker = await spawnWithCode(node, owner, ASKER, 'asker');
    const oracle = await spawnWithCode(node, owner, ORACLE, 'oracle');
    await sendMessage(node, owner, asker, 'Ask', ' ', tags({ Oracle: oracle }));
    await node.settle();
    expect(await state(node, asker, 'Answer')).toBe('42');
    expect(await state(node, asker, 'AnswerFrom')).toBe(oracle);
  });
});

const PARENT = `
Handlers.add('Make', 'Make', function (msg)
  local notice = Spawn(ao._module, { Data = 'Booted = "yes"', ['On-Boot'] = 'Data', Name = 'child' }).receive()
  Child = notice.Process
end)`;

describe('spawns', () => {
  it('registers the child (which trusts the node, so On-Boot runs) and tells the parent with Spawned', async () => {
    const node = await startNode();
    const parent = await spawnWithCode(node, owner, PARENT, 'parent');
    const make = await sendMessage(node, owner, parent, 'Make');
    await node.settle();
    const child = (await state(node, parent, 'Child')) as string;
    expect(node.store.getProcess(child)).toMatchObject({ parent, pushedFor: make, owner: node.address });
    expect(await state(node, child, 'Booted')).toBe('yes');
    expect(await state(node, child, 'Owner')).toBe(parent);
    const childTags = node.store.getItem(child)!.tags;
    expect(tagValue(childTags, 'Authority')).toBe(node.address);
    expect(tagValue(childTags, 'On-Boot')).toBe('Data');
    const rows = node.messenger.lineage(make).children;
    expect(rows.map((r) => [r.kind, r.target, r.status])).toEqual([
      ['spawn', child, 'assigned'],
      ['spawned', parent, 'assigned'],
    ]);
    const notice = node.store.getItem(rows[1]!.messageId!)!;
    expect(tagValue(notice.tags, 'Action')).toBe('Spawned');
    expect(tagValue(notice.tags, 'Process')).toBe(child);
  });
});

const CRON = `
Ticks = Ticks or 0
Beats = Beats or 0
Handlers.add('Tick', 'Tick', function (msg)
  Ticks = Ticks + 1
  LastTick = msg.Timestamp
  CronFlag = msg.Cron
  CronFrom = msg.From
  CronId = msg.Id or 'none'
  ao.send({ Target = ao.id, Action = 'Beat' })
end)
Handlers.add('Beat', 'Beat', function (msg) Beats = Beats + 1 end)`;

describe('crons', () => {
  it('ticks every interval of simulated time, in time order before later messages', async () => {
    const node = await startNode();
    const cron = [
      { name: 'Cron-Interval', value: '10-seconds' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ];
    const pid = await spawnWithCode(node, owner, CRON, 'cron', cron);
    node.advance(35_000);
    expect(node.messenger.tickCrons()).toBe(3);
    await node.settle();
    expect(await state(node, pid, 'Ticks')).toBe(3);
    expect(await state(node, pid, 'Beats')).toBe(3);
    expect(await state(node, pid, 'LastTick')).toBe(TEST_START_MS + 30_000);
    expect(await state(node, pid, 'CronFlag')).toBe(true);
    expect(await state(node, pid, 'CronFrom')).toBe(owner.address);
    expect(await state(node, pid, 'CronId')).toBe('none');

    // No timer: a message at +57 s first takes the ticks at +40 s and +50 s.
    node.advance(22_000);
    const later = await sendMessage(node, owner, pid, 'Eval', 'return Ticks');
    await node.settle();
    const slots = node.store.assignmentsBySlot(pid, { fromSlot: 0 });
    const laterSlot = slots.find((a) => a.messageId === later)!;
    expect(
      slots
        .filter((a) => a.slot < laterSlot.slot && a.timestamp >= TEST_START_MS + 40_000)
        .map((a) => a.timestamp),
    ).toEqual(expect.arrayContaining([TEST_START_MS + 40_000, TEST_START_MS + 50_000]));
    expect(await state(node, pid, 'Ticks')).toBe(5);
    const timestamps = slots.map((a) => a.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));

    // The cron message's outbox is pushed for the tick: the tick is the root of its chain.
    const tick = slots.find((a) => a.timestamp === TEST_START_MS + 10_000)!;
    const lineage = node.messenger.lineage(tick.messageId);
    expect(lineage.root).toBe(tick.messageId);
    expect(lineage.children).toHaveLength(1);
    expect(lineage.children[0]).toMatchObject({ target: pid, status: 'assigned', root: tick.messageId });
  });

  it('serves the results of cron ticks, and only those, at GET /cron/:pid with paging', async () => {
    const node = await startNode();
    const cron = [
      { name: 'Cron-Interval', value: '10-seconds' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ];
    const pid = await spawnWithCode(node, owner, CRON, 'cron-results', cron);
    node.advance(35_000);
    expect(node.messenger.tickCrons()).toBe(3);
    await node.settle();
    const get = async (query: string) =>
      (await (await node.fetch(new Request(`http://aolite.test/cron/${pid}${query}`))).json()) as {
        pageInfo: { hasNextPage: boolean };
        edges: { cursor: string; node: { Messages: { Tags: { name: string; value: string }[] }[] } }[];
      };
    const all = await get('');
    expect(all.edges).toHaveLength(3);
    expect(all.pageInfo.hasNextPage).toBe(false);
    for (const edge of all.edges) {
      expect(edge.node.Messages.map((m) => tagValue(m.Tags, 'Action'))).toEqual(['Beat']);
    }
    const first = await get('?limit=2');
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await get(`?limit=2&from=${first.edges[1]!.cursor}`);
    expect(rest.edges.map((e) => e.cursor)).toEqual([all.edges[2]!.cursor]);
    // Timestamps (ms) as the reference CU takes them: after `from`, up to `to`.
    const tickTimes = node.store
      .assignmentsBySlot(pid, { fromSlot: 0 })
      .filter((a) => tagValue(node.store.getItem(a.messageId)!.tags, 'Type') === 'Cron')
      .map((a) => a.timestamp);
    expect(tickTimes).toHaveLength(3);
    const [t1, t2] = tickTimes as [number, number, number];
    const cursors = all.edges.map((e) => e.cursor);
    expect((await get(`?from=${t1}`)).edges.map((e) => e.cursor)).toEqual(cursors.slice(1));
    expect((await get(`?to=${t2}`)).edges.map((e) => e.cursor)).toEqual(cursors.slice(0, 2));
    expect((await get(`?from=${t1}&to=${t2}`)).edges.map((e) => e.cursor)).toEqual([cursors[1]]);
    expect((await get(`?to=${t1 - 100_000}`)).edges).toEqual([]);

    // A tick of `pid` assigned to another process (ao assign) is an ordinary message there, not its cron.
    const other = await spawnProcess(node, owner, [], 'other');
    const tickId = node.store
      .assignmentsBySlot(pid, { fromSlot: 0 })
      .map((a) => a.messageId)
      .find((id) => tagValue(node.store.getItem(id)!.tags, 'Type') === 'Cron')!;
    const assigned = await node.fetch(
      new Request(`http://aolite.test/?process-id=${other}&assign=${tickId}`, { method: 'POST' }),
    );
    expect(assigned.status).toBe(202);
    await node.settle();
    expect(node.store.assignmentOf(other, tickId)?.slot).toBe(1);
    const otherCron = (await (await node.fetch(new Request(`http://aolite.test/cron/${other}`))).json()) as {
      edges: unknown[];
    };
    expect(otherCron.edges).toEqual([]);
  });

  it('monitor and unmonitor over HTTP: an unmonitored process ticks only when a message arrives', async () => {
    const node = await startNode();
    const cron = [
      { name: 'Cron-Interval', value: '1-minute' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ];
    const pid = await spawnWithCode(node, owner, CRON, 'cron', cron);
    const { signDataItem } = await import('../src/crypto/index.js');
    const monitorItem = signDataItem(
      { target: pid, tags: [{ name: 'Action', value: 'Monitor' }], data: ' ' },
      owner,
    );
    const call = (method: string) =>
      node.fetch(
        new Request(`http://aolite.test/monitor/${pid}`, {
          method,
          body: new Uint8Array(monitorItem.raw),
          headers: { 'content-type': 'application/octet-stream' },
        }),
      );
    expect((await call('DELETE')).status).toBe(200);
    node.advance(120_000);
    expect(node.messenger.tickCrons()).toBe(0);
    expect((await call('POST')).status).toBe(200); // monitoring again ticks what is due at once
    await node.settle();
    expect(await state(node, pid, 'Ticks')).toBe(2);

    const plain = await spawnProcess(node, owner, [], 'plain');
    const wrong = await node.fetch(
      new Request(`http://aolite.test/monitor/${plain}`, {
        method: 'POST',
        body: new Uint8Array(monitorItem.raw),
      }),
    );
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toContain(`not to process ${plain}`);
  });

  it('ticks a block cron every N local blocks', async () => {
    const node = await startNode();
    const cron = [
      { name: 'Cron-Interval', value: '2-blocks' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ];
    const pid = await spawnWithCode(node, owner, CRON, 'blocks', cron);
    const startHeight = node.store.assignmentsBySlot(pid, { fromSlot: 0, toSlot: 0 })[0]!.blockHeight;
    for (let i = 0; i < 5; i++) {
      node.advance(node.config.blockIntervalMs);
      node.scheduler.sealBlock();
    }
    expect(node.messenger.tickCrons()).toBe(2);
    await node.settle();
    expect(await state(node, pid, 'Ticks')).toBe(2);
    expect(await state(node, pid, 'CronFlag')).toBe(true);
    const ticks = node.store
      .assignmentsBySlot(pid, { fromSlot: 0 })
      .map((a) => node.store.getItem(a.messageId)!.tags)
      .filter((t) => tagValue(t, 'Type') === 'Cron')
      .map((t) => Number(tagValue(t, 'Block-Height')));
    expect(ticks).toEqual([startHeight + 2, startHeight + 4]);
  });

  it('refuses a spawn whose Cron-Interval does not parse, naming the value', async () => {
    const node = await startNode();
    await expect(
      spawnProcess(node, owner, [{ name: 'Cron-Interval', value: '5-fortnights' }], 'bad'),
    ).rejects.toThrow('Cron-Interval \\"5-fortnights\\" is not N-<unit>');
  });
});

const SHARER = `
Handlers.add('Share', 'Share', function (msg)
  Assign({ Processes = { msg.Peer, msg.Peer }, Message = msg.Id })
end)`;
const RECEIVER = `
ao.addAssignable('shares', { Action = 'Share' })
Handlers.add('Share', 'Share', function (msg) Shared = msg.Id end)`;

describe('assignments', () => {
  it('assigns an existing message to the listed processes, once each; a second listing is refused', async () => {
    const node = await startNode();
    const sharer = await spawnWithCode(node, owner, SHARER, 'sharer');
    const receiver = await spawnWithCode(node, owner, RECEIVER, 'receiver');
    const share = await sendMessage(node, owner, sharer, 'Share', ' ', tags({ Peer: receiver }));
    await node.settle();
    expect(await state(node, receiver, 'Shared')).toBe(share);
    expect(node.store.assignmentOf(receiver, share)).toBeDefined();
    const rows = node.messenger.lineage(share).children;
    expect(rows.map((r) => [r.kind, r.part, r.messageId, r.target, r.status])).toEqual([
      ['assign', 0, share, receiver, 'assigned'],
      ['assign', 1, null, null, 'refused'],
    ]);
    expect(rows[1]!.error).toContain(`Assignments[0]: message ${share} is already assigned to ${receiver}`);
  });

  it('POST /?process-id=&assign= assigns a logged message and replies with the Assignment id', async () => {
    const node = await startNode();
    const sharer = await spawnWithCode(node, owner, SHARER, 'sharer');
    const receiver = await spawnWithCode(node, owner, RECEIVER, 'receiver');
    const share = await sendMessage(node, owner, sharer, 'Noop');
    const response = await node.fetch(
      new Request(`http://aolite.test/?process-id=${receiver}&assign=${share}`, { method: 'POST' }),
    );
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string };
    expect(body.id).toBe(node.store.assignmentOf(receiver, share)?.assignmentId);
    const again = await node.fetch(
      new Request(`http://aolite.test/?process-id=${receiver}&assign=${share}`, { method: 'POST' }),
    );
    expect(again.status).toBe(409);
  });
});

describe('entries that cannot be delivered', () => {
  it('are recorded as refusals with the reason; replies to wallets are logged but not assigned', async () => {
    const node = await startNode();
    const code = `
Handlers.add('Go', 'Go', function (msg)
  Send({ Data = 'nowhere' })
  ao.send({ Target = ao.id, Action = 'Odd', Weird = { 1, 2 } })
  msg.reply({ Data = 'done' })
end)`;
    const pid = await spawnWithCode(node, owner, code, 'refuser');
    const go = await sendMessage(node, owner, pid, 'Go');
    await node.settle();
    const rows = node.messenger.lineage(go).children;
    expect(rows.map((r) => [r.kind, r.outboxIndex, r.status, r.target])).toEqual([
      ['message', 0, 'refused', null],
      ['message', 1, 'refused', null],
      ['message', 2, 'stored', owner.address],
    ]);
    expect(rows[0]!.error).toContain('Messages[0]: the message has no Target');
    expect(rows[1]!.error).toContain('tag Weird has a object value, which cannot be signed');
    const reply = node.store.getItem(rows[2]!.messageId!)!;
    expect(reply.target).toBe(owner.address);
    expect(node.store.assignmentsOfMessage(reply.id)).toEqual([]);
  });

  it('lineage of an unknown message is NOT_FOUND', async () => {
    const node = await startNode();
    expect(() => node.messenger.lineage('x'.repeat(43))).toThrow(/not in this node's log/);
  });
});

describe('spawn refusals', () => {
  it('a spawn of a module this node does not have is refused with the CU reason, and no notice is sent', async () => {
    const node = await startNode();
    const code = `Handlers.add('Make', 'Make', function (msg) Spawn('${'m'.repeat(42)}A', { Data = 'x' }) end)`;
    const parent = await spawnWithCode(node, owner, code, 'parent');
    const make = await sendMessage(node, owner, parent, 'Make');
    await node.settle();
    const rows = node.messenger.lineage(make).children;
    expect(rows.map((r) => [r.kind, r.status])).toEqual([['spawn', 'refused']]);
    expect(rows[0]!.error).toContain(
      `Spawns[0]: the process names module ${'m'.repeat(42)}A, which is not a Module`,
    );
  });
});

describe('trust', () => {
  it('a process that does not list the node as an Authority treats pushed messages as aos does: untrusted', async () => {
    const node = await startNode();
    const ping = await spawnWithCode(node, owner, PING_PONG, 'ping');
    const untrusting = await spawnProcess(node, owner, [], 'untrusting');
    await sendMessage(node, owner, untrusting, 'Eval', PING_PONG);
    await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: untrusting, Rounds: '3' }));
    await node.settle();
    expect(await state(node, untrusting, 'Hits')).toBe(0);
    const pushed = node.store.assignmentsBySlot(untrusting, { fromSlot: 0 }).at(-1)!;
    const { result } = await node.compute.resultOf(untrusting, { slot: pushed.slot });
    expect(JSON.stringify(result.Output)).toContain(
      `Message is not trusted! From: ${ping} - Owner: ${node.address}`,
    );
    expect(result.Messages).toEqual([]);
  });
});
