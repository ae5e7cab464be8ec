import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeResult, hashEncodedResult } from '../src/compute/result-hash.js';
import { createDeliveryStore } from '../src/store/deliveries.js';
import { createResultStore } from '../src/store/results.js';
import { COUNTER_CODE, sendMessage, spawnProcess } from './support/aos-items.js';
import { spawnWithCode } from './support/chain-processes.js';
import { gql, gqlData, type Json } from './support/graphql.js';
import { createItem, testSigner } from './support/log-items.js';
import { createTestNode, TEST_START_MS, type TestNode } from './support/test-node.js';
import { TOKEN_CODE } from './support/token-code.js';

const owner = testSigner('ao-owner');
const alice = testSigner('ao-alice');

let node: TestNode;

beforeEach(async () => {
  node = await createTestNode();
});

afterEach(async () => {
  await node.close();
});

/** A counter process with its handlers installed (slot 1) and evaluated. */
async function counter(extra: { name: string; value: string }[] = []): Promise<string> {
  const pid = await spawnProcess(node, owner, extra);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
  await node.compute.catchUp(pid);
  return pid;
}

async function settle(pid: string): Promise<void> {
  await node.compute.catchUp(pid);
  await node.settle();
}

describe('process queries', () => {
  it('answers a process with its owner, module, tags, crons, head, evaluated slot and blocks', async () => {
    const pid = await counter([
      { name: 'Cron-Interval', value: '10-minutes' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ]);
    node.advance(10_000);
    node.scheduler.sealBlock();
    await sendMessage(node, alice, pid, 'Inc');
    await settle(pid);
    const { process } = await gqlData(
      node,
      `query ($id: ID!) { process(id: $id) {
        id owner module scheduler tags { name value } spawnMessage { id } parent { id } parentId spawnedAt
        headSlot evaluatedSlot blockRange { min max } crons { interval tags { name value } }
        messagesIn(first: 2) { pageInfo { hasNextPage } edges { cursor node { slot messageId } } }
      } }`,
      { id: pid },
    );
    expect(process.id).toBe(pid);
    expect(process.owner).toBe(owner.address);
    expect(process.module).toBe(node.moduleId);
    expect(process.scheduler).toBe(node.address);
    expect(process.tags).toContainEqual({ name: 'Cron-Interval', value: '10-minutes' });
    expect(process.spawnMessage.id).toBe(pid);
    expect(process.parent).toBeNull();
    expect(process.parentId).toBeNull();
    expect(process.spawnedAt).toBe(TEST_START_MS);
    expect(process.headSlot).toBe(2);
    expect(process.evaluatedSlot).toBe(2);
    expect(process.blockRange).toEqual({ min: 1, max: 2 });
    expect(process.crons).toEqual([{ interval: '10-minutes', tags: [{ name: 'Action', value: 'Tick' }] }]);
    expect(process.messagesIn.pageInfo.hasNextPage).toBe(true);
    expect(process.messagesIn.edges.map((e: Json) => e.node.slot)).toEqual([0, 1]);
    const next = await gqlData(
      node,
      `query ($id: ID!, $after: String) { process(id: $id) { messagesIn(first: 2, after: $after) {
        pageInfo { hasNextPage } edges { node { slot } } } } }`,
      { id: pid, after: process.messagesIn.edges[1].cursor },
    );
    expect(next.process.messagesIn.edges.map((e: Json) => e.node.slot)).toEqual([2]);
    expect(next.process.messagesIn.pageInfo.hasNextPage).toBe(false);
  });

  it('lists processes by owner and by parent with cursors, and links children to their parent', async () => {
    const first = await spawnProcess(node, owner, [], 'one');
    const second = await spawnProcess(node, owner, [], 'two');
    await spawnProcess(node, alice, [], 'three');
    const page1 = await gqlData(
      node,
      `query ($o: String) { processes(owner: $o, first: 1) { pageInfo { hasNextPage } edges { cursor node { id } } } }`,
      { o: owner.address },
    );
    expect(page1.processes.edges.map((e: Json) => e.node.id)).toEqual([first]);
    expect(page1.processes.pageInfo.hasNextPage).toBe(true);
    const page2 = await gqlData(
      node,
      `query ($o: String, $a: String) { processes(owner: $o, first: 5, after: $a) { pageInfo { hasNextPage } edges { node { id } } } }`,
      { o: owner.address, a: page1.processes.edges[0].cursor },
    );
    expect(page2.processes.edges.map((e: Json) => e.node.id)).toEqual([second]);
    expect(page2.processes.pageInfo.hasNextPage).toBe(false);
    const byModule = await gqlData(
      node,
      `query ($m: ID, $x: ID) { mine: processes(module: $m) { edges { node { name: id } } } none: processes(module: $x) { edges { cursor } } }`,
      { m: node.moduleId, x: 'X'.repeat(43) },
    );
    expect(byModule.mine.edges).toHaveLength(3);
    expect(byModule.none.edges).toEqual([]);

    // `first` spawns a child; the messenger logs the Process item with From-Process = first.
    const spawner = await sendMessage(
      node,
      owner,
      first,
      'Eval',
      "ao.spawn(ao.env.Module.Id, { Tags = { Name = 'kid' } })",
    );
    await settle(first);
    const child = {
      id: node.messenger.lineage(spawner).children.find((c) => c.kind === 'spawn')!.messageId!,
    };
    const family = await gqlData(
      node,
      `query ($p: ID!, $c: ID!) {
        byParent: processes(parent: $p) { edges { node { id } } }
        parent: process(id: $p) { children { edges { node { id parent { id } pushedFor } } } }
        child: process(id: $c) { parentId parent { id } }
      }`,
      { p: first, c: child.id },
    );
    expect(family.byParent.edges.map((e: Json) => e.node.id)).toEqual([child.id]);
    expect(family.parent.children.edges).toEqual([
      { node: { id: child.id, parent: { id: first }, pushedFor: spawner } },
    ]);
    expect(family.child).toEqual({ parentId: first, parent: { id: first } });
    // The spawn and the Spawned notice back to `first` are the Eval's children in its lineage.
    const { message } = await gqlData(
      node,
      `{ message(id: "${spawner}") { lineage { children(depth: 1) { fromProcess message { id recipient tags { name value } } } } } }`,
    );
    const kids = message.lineage.children as Json[];
    expect(kids.map((k) => k.fromProcess)).toEqual([first, first]);
    expect(kids[0].message.id).toBe(child.id);
    expect(kids[1].message.recipient).toBe(first);
    expect(kids[1].message.tags).toContainEqual({ name: 'Action', value: 'Spawned' });
  });

  it('loads the standing of every process in a listing with one batched query', async () => {
    for (let i = 0; i < 5; i++) await spawnProcess(node, owner, [], `p${i}`);
    const run = vi.spyOn(node.store, 'run');
    const data = await gqlData(
      node,
      '{ processes(first: 10) { edges { node { headSlot evaluatedSlot blockRange { min } } } } }',
    );
    expect(data.processes.edges).toHaveLength(5);
    const labels = run.mock.calls.map((call) => call[0]);
    expect(labels.filter((l) => l === 'ao.processStats')).toHaveLength(1);
    expect(labels.filter((l) => l === 'ao.findProcesses')).toHaveLength(1);
  });

  it('loads the messages and results of a page of slots with one batched query each', async () => {
    const pid = await counter();
    for (let i = 0; i < 4; i++) await sendMessage(node, alice, pid, 'Inc');
    await settle(pid);
    const run = vi.spyOn(node.store, 'run');
    const data = await gqlData(
      node,
      `{ slots(process: "${pid}", first: 6) { edges { node { message { id } assignment { id } result { slot } } } } }`,
    );
    expect(data.slots.edges.map((e: Json) => e.node.result.slot)).toEqual([0, 1, 2, 3, 4, 5]);
    const labels = run.mock.calls.map((call) => call[0]);
    expect(labels.filter((l) => l === 'ao.resultsAt')).toHaveLength(1);
    expect(labels.filter((l) => l === 'gateway.itemsByIds')).toHaveLength(1);
  });

  it('answers null for an unknown process and a clear error for an unknown one in slots', async () => {
    const unknown = 'A'.repeat(43);
    const reply = await gql(
      node,
      `{ process(id: "${unknown}") { id } slots(process: "${unknown}") { edges { cursor } } }`,
    );
    expect(reply.data).toBeNull();
    expect(reply.errors?.[0]?.message).toBe(`${unknown} is not a process scheduled by this node`);
    expect(reply.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('slots, messages and results', () => {
  it('lists slots in a range with message, timestamp, block, hash chain and result', async () => {
    const pid = await counter();
    const inc = await sendMessage(node, alice, pid, 'Inc');
    await settle(pid);
    const { slots } = await gqlData(
      node,
      `query ($p: ID!) { slots(process: $p, from: 1, to: 2) { pageInfo { hasNextPage } edges { node {
        process slot messageId message { id } assignment { tags { name value } } timestamp blockHeight epoch hashChain
        result { slot error messages output }
      } } } }`,
      { p: pid },
    );
    expect(slots.pageInfo.hasNextPage).toBe(false);
    expect(slots.edges).toHaveLength(2);
    const [eval1, incSlot] = slots.edges.map((e: Json) => e.node);
    expect(eval1.slot).toBe(1);
    expect(incSlot).toMatchObject({
      process: pid,
      slot: 2,
      messageId: inc,
      message: { id: inc },
      epoch: 0,
      blockHeight: 1,
    });
    expect(incSlot.timestamp).toBe(TEST_START_MS);
    const tags = incSlot.assignment.tags as { name: string; value: string }[];
    expect(tags.find((t) => t.name === 'Hash-Chain')?.value).toBe(incSlot.hashChain);
    expect(tags.find((t) => t.name === 'Nonce')?.value).toBe('2');
    expect(incSlot.result.error).toBeNull();
    expect(incSlot.result.messages[0].Data).toBe('1');
    expect(JSON.stringify(incSlot.result.output)).toContain('Count is now 1');
  });

  it('gives a message its assignments, its result and the result in a named process', async () => {
    const pid = await counter();
    const inc = await sendMessage(node, alice, pid, 'Inc');
    await settle(pid);
    const { message } = await gqlData(
      node,
      `query ($m: ID!, $p: ID) { message(id: $m) { id item { owner { address } }
        assignments { process slot } result { slot gasUsed hash } named: result(process: $p) { slot } } }`,
      { m: inc, p: pid },
    );
    expect(message.id).toBe(inc);
    expect(message.item.owner.address).toBe(alice.address);
    expect(message.assignments).toEqual([{ process: pid, slot: 2 }]);
    expect(message.result.slot).toBe(2);
    expect(message.result.gasUsed).toBe((await node.compute.resultOf(pid, { slot: 2 })).result.GasUsed);
    expect(message.result.hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(message.named).toEqual({ slot: 2 });
    const other = await spawnProcess(node, owner, [], 'other');
    const reply = await gql(node, `{ message(id: "${inc}") { result(process: "${other}") { slot } } }`);
    expect(reply.errors?.[0]?.message).toBe(`message ${inc} is not assigned to process ${other}`);
  });

  it('filters results by the action the process saw: a cron tick by its Cron-Tag-Action, not a look-alike', async () => {
    const pid = await counter([
      { name: 'Cron-Interval', value: '10-seconds' },
      { name: 'Cron-Tag-Action', value: 'Inc' },
    ]);
    await sendMessage(node, alice, pid, 'Inc');
    // A wallet's message with a tick's Cron-Tag-Action is an ordinary message: its Action is Other.
    await sendMessage(node, alice, pid, 'Other', ' ', [{ name: 'Cron-Tag-Action', value: 'Inc' }]);
    node.advance(25_000);
    expect(node.messenger.tickCrons()).toBe(2);
    await settle(pid);
    const data = await gqlData(
      node,
      `query ($p: ID!) { results(process: $p, action: "Inc") { edges { node { slot } } } }`,
      { p: pid },
    );
    expect(data.results.edges.map((e: Json) => e.node.slot)).toEqual([2, 4, 5]);
  });

  it('filters results to errors only and by action, with a cursor', async () => {
    const pid = await counter();
    await sendMessage(node, alice, pid, 'Inc');
    const boom = await sendMessage(node, alice, pid, 'Boom');
    await sendMessage(node, alice, pid, 'Inc');
    await settle(pid);
    const errors = await gqlData(
      node,
      `query ($p: ID!) { results(process: $p, errorsOnly: true) { edges { node { slot messageId error } } } }`,
      { p: pid },
    );
    expect(errors.results.edges).toHaveLength(1);
    expect(errors.results.edges[0].node.messageId).toBe(boom);
    expect(errors.results.edges[0].node.error).toContain('boom!');
    const incs = await gqlData(
      node,
      `query ($p: ID!) { results(process: $p, action: "Inc", first: 1) { pageInfo { hasNextPage } edges { cursor node { slot } } } }`,
      { p: pid },
    );
    expect(incs.results.edges.map((e: Json) => e.node.slot)).toEqual([2]);
    expect(incs.results.pageInfo.hasNextPage).toBe(true);
    const rest = await gqlData(
      node,
      `query ($p: ID!, $a: String) { results(process: $p, action: "Inc", after: $a) { pageInfo { hasNextPage } edges { node { slot } } } }`,
      { p: pid, a: incs.results.edges[0].cursor },
    );
    expect(rest.results.edges.map((e: Json) => e.node.slot)).toEqual([4]);
    const ranged = await gqlData(
      node,
      `query ($p: ID!) { results(process: $p, from: 3, to: 4) { edges { node { slot } } } }`,
      { p: pid },
    );
    expect(ranged.results.edges.map((e: Json) => e.node.slot)).toEqual([3, 4]);
  });

  it('refuses a cursor from another listing with a clear error', async () => {
    const pid = await counter();
    const slots = await gqlData(node, `{ slots(process: "${pid}", first: 1) { edges { cursor } } }`);
    const reply = await gql(
      node,
      `{ results(process: "${pid}", after: "${slots.slots.edges[0].cursor}") { edges { cursor } } }`,
    );
    expect(reply.errors?.[0]?.message).toMatch(
      /^invalid cursor .*: pass the cursor of an edge from this same listing$/,
    );
    expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('lineage', () => {
  it('gives root, parent and the tree of children from the delivery records', async () => {
    const a = await spawnWithCode(
      node,
      owner,
      `Handlers.add('Ping', 'Ping', function (msg) ao.send({ Target = msg.Tags.To, Action = 'Pong' }) end)`,
      'a',
    );
    const b = await spawnWithCode(
      node,
      owner,
      `Handlers.add('Pong', 'Pong', function (msg) ao.send({ Target = msg.From, Action = 'Done' }) end)`,
      'b',
    );
    const ping = await sendMessage(node, owner, a, 'Ping', ' ', [{ name: 'To', value: b }]);
    await settle(a);
    const pong = { id: node.messenger.lineage(ping).children[0]!.messageId! };
    const done = { id: node.messenger.lineage(pong.id).children[0]!.messageId! };
    expect(node.store.assignmentsOfMessage(done.id).map((x) => x.processId)).toEqual([a]);

    const lineage = `lineage { rootId root { id } parent { id } children(depth: 3) { depth parentId fromProcess message { id } } }`;
    const data = await gqlData(
      node,
      `query ($ping: ID!, $pong: ID!, $done: ID!) {
        ping: message(id: $ping) { ${lineage} } pong: message(id: $pong) { ${lineage} } done: message(id: $done) { ${lineage} }
      }`,
      { ping, pong: pong.id, done: done.id },
    );
    expect(data.ping.lineage).toEqual({
      rootId: ping,
      root: { id: ping },
      parent: null,
      children: [
        { depth: 1, parentId: ping, fromProcess: a, message: { id: pong.id } },
        { depth: 2, parentId: pong.id, fromProcess: b, message: { id: done.id } },
      ],
    });
    expect(data.pong.lineage.parent).toEqual({ id: ping });
    expect(data.pong.lineage.rootId).toBe(ping);
    expect(data.done.lineage.parent).toEqual({ id: pong.id });
    expect(data.done.lineage.children).toEqual([]);
    const shallow = await gqlData(
      node,
      `{ message(id: "${ping}") { lineage { children(depth: 1) { message { id } } } } }`,
    );
    expect(shallow.message.lineage.children).toEqual([{ message: { id: pong.id } }]);
    const deep = await gql(node, `{ message(id: "${ping}") { lineage { children(depth: 9) { depth } } } }`);
    expect(deep.errors?.[0]?.message).toBe('depth must be between 1 and 5, got 9');
  });

  it('says when the children stop at 500 nodes, and not for a tree of exactly 500', async () => {
    const a = await counter();
    const sends = (n: number) =>
      `for i = 1, ${n} do Send({ Target = "${alice.address}", Action = "N" .. i }) end`;
    const over = await sendMessage(node, owner, a, 'Eval', sends(501));
    const exact = await sendMessage(node, owner, a, 'Eval', sends(500));
    await settle(a);
    const lineage = `lineage { childrenTruncated(depth: 1) children(depth: 1) { depth message { tags { name value } } } }`;
    const data = await gqlData(
      node,
      `query ($over: ID!, $exact: ID!) { over: message(id: $over) { ${lineage} } exact: message(id: $exact) { ${lineage} } }`,
      { over, exact },
    );
    const actions = (children: Json[]) =>
      children.map((c) => (c.message.tags as Json[]).find((t) => t.name === 'Action')!.value);
    expect(data.over.lineage.childrenTruncated).toBe(true);
    expect(data.over.lineage.children).toHaveLength(500);
    expect(actions(data.over.lineage.children).slice(0, 2)).toEqual(['N1', 'N2']);
    expect(actions(data.over.lineage.children).at(-1)).toBe('N500');
    expect(data.exact.lineage.childrenTruncated).toBe(false);
    expect(data.exact.lineage.children).toHaveLength(500);
    const deep = await gql(node, `{ message(id: "${over}") { lineage { childrenTruncated(depth: 0) } } }`);
    expect(deep.errors?.[0]?.message).toBe('depth must be between 1 and 5, got 0');
  });

  it('lists the messages a process sent', async () => {
    const a = await counter();
    const inc = await sendMessage(node, alice, a, 'Inc');
    await settle(a);
    const item = { id: node.messenger.lineage(inc).children[0]!.messageId! };
    const data = await gqlData(
      node,
      `{ process(id: "${a}") { messagesOut { count edges { node { id recipient } } } } }`,
    );
    expect(data.process.messagesOut).toEqual({
      count: 1,
      edges: [{ node: { id: item.id, recipient: alice.address } }],
    });
  });
});

describe('state, diff, verify and audit', () => {
  it('reads state at the head and at a slot, and diffs it between slots', async () => {
    const pid = await counter();
    await sendMessage(node, alice, pid, 'Inc');
    await sendMessage(node, owner, pid, 'Eval', 'Config = { Name = "x", List = { 1, 2 } }');
    await sendMessage(node, alice, pid, 'Inc');
    await sendMessage(
      node,
      owner,
      pid,
      'Eval',
      'Config = { Name = "y", List = { 1, 2, 3 }, ["a b"] = true }',
    );
    await settle(pid);
    const data = await gqlData(
      node,
      `query ($p: ID!) {
        head: state(process: $p, path: "Count") { slot value }
        then: state(process: $p, path: "Count", slot: 2) { slot value }
        diff: stateDiff(process: $p, path: "Config", fromSlot: 3, toSlot: 5) { equal truncated changes { path kind before after } }
        added: stateDiff(process: $p, path: "Count", fromSlot: 0, toSlot: 2) { changes { path kind before after } }
      }`,
      { p: pid },
    );
    expect(data.head).toEqual({ slot: 5, value: 2 });
    expect(data.then).toEqual({ slot: 2, value: 1 });
    expect(data.diff.equal).toBe(false);
    expect(data.diff.truncated).toBe(false);
    expect(data.diff.changes).toEqual([
      { path: 'List[3]', kind: 'ADDED', before: null, after: 3 },
      { path: 'Name', kind: 'CHANGED', before: 'x', after: 'y' },
      { path: '["a b"]', kind: 'ADDED', before: null, after: true },
    ]);
    expect(data.added.changes).toEqual([{ path: '', kind: 'ADDED', before: null, after: 1 }]);
  });

  it('diffs a path whose parent stops being a table as removed, and reads fields that are no identifiers', async () => {
    const pid = await counter();
    const address = '3CZv4zsHS7Mhq-CAhgonY9-t1fGUOZzJlMsz1V2-PvA';
    await sendMessage(node, owner, pid, 'Eval', `T = { x = 1 }; Balances = { ["${address}"] = "7" }`);
    await sendMessage(node, owner, pid, 'Eval', 'T = 5');
    await settle(pid);
    const data = await gqlData(
      node,
      `query ($p: ID!) {
        gone: stateDiff(process: $p, path: "T.x", fromSlot: 2, toSlot: 3) { changes { path kind before after } }
        back: stateDiff(process: $p, path: "T.x", fromSlot: 3, toSlot: 2) { changes { path kind before after } }
        balance: state(process: $p, path: "Balances.${address}") { value }
      }`,
      { p: pid },
    );
    expect(data).toEqual({
      gone: { changes: [{ path: '', kind: 'REMOVED', before: 1, after: null }] },
      back: { changes: [{ path: '', kind: 'ADDED', before: null, after: 1 }] },
      balance: { value: '7' },
    });
  });

  it('refuses a state value of more than 1 MiB of JSON, pointing at its parts', async () => {
    const pid = await counter();
    await sendMessage(node, owner, pid, 'Eval', 'Big = {} for i = 1, 100000 do Big[i] = "0123456789" end');
    await settle(pid);
    const whole = await gql(node, `{ state(process: "${pid}", path: "Big") { value } }`);
    expect(whole.errors?.[0]?.message).toBe(
      `process ${pid}: the value at Big is more than the 1,048,576 characters of JSON a state read returns (slot 2); read a part of it (a field or index under Big)`,
    );
    expect(whole.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const part = await gqlData(node, `{ state(process: "${pid}", path: "Big[100000]") { value } }`);
    expect(part).toEqual({ state: { value: '0123456789' } });
  });

  it('names the missing path of a state read', async () => {
    const pid = await counter();
    const reply = await gql(node, `{ state(process: "${pid}", path: "Nope.x") { value } }`);
    expect(reply.errors?.[0]?.message).toBe(`process ${pid} has no value at Nope (slot 1)`);
    expect(reply.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('verifies a process by replay and audits its hash chain and deliveries', async () => {
    const pid = await counter();
    await sendMessage(node, alice, pid, 'Inc');
    await settle(pid);
    const data = await gqlData(
      node,
      `query ($p: ID!) {
        verify(process: $p) { process ok start startSlot slots toSlot memoryHash divergentSlot }
        audit(process: $p) { process ok slots headSlot hashChainValid firstBrokenLink gaps timestampsNonDecreasing
          firstTimestampRegression assignmentItemsMatch firstAssignmentItemMismatch delivery { available complete detail deliveredSlots pendingSlots entries refused firstMissingSlot duplicates } }
      }`,
      { p: pid },
    );
    expect(data.verify).toMatchObject({
      process: pid,
      ok: true,
      start: 'GENESIS',
      startSlot: null,
      slots: 3,
      toSlot: 2,
    });
    expect(data.verify.memoryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(data.audit).toEqual({
      process: pid,
      ok: true,
      slots: 3,
      headSlot: 2,
      hashChainValid: true,
      firstBrokenLink: null,
      gaps: [],
      timestampsNonDecreasing: true,
      firstTimestampRegression: null,
      assignmentItemsMatch: true,
      firstAssignmentItemMismatch: null,
      delivery: {
        available: true,
        complete: true,
        detail: 'every outbox entry of slots 0..2 was delivered exactly once (1 entries, 0 refused)',
        deliveredSlots: 3,
        pendingSlots: 0,
        entries: 1,
        refused: 0,
        firstMissingSlot: null,
        duplicates: 0,
      },
    });
  });
});

describe('audit of a tampered schedule', () => {
  it('reports the gap, the broken link, the timestamp going back and the unsigned assignment', async () => {
    const pid = await counter();
    // A row written behind the scheduler's back: slot 3 (slot 2 missing), a made-up link, an earlier
    // timestamp, and an "assignment" item that is just a message signed by a user.
    const message = createItem({ target: pid, tags: [{ name: 'Action', value: 'Sneak' }], data: 'x' }, alice);
    const fake = createItem({ target: pid, tags: [{ name: 'Type', value: 'Assignment' }], data: 'y' }, alice);
    node.store.insertItem(message, TEST_START_MS);
    node.store.insertItem(fake, TEST_START_MS);
    node.store.insertAssignment({
      processId: pid,
      slot: 3,
      messageId: message.id,
      assignmentId: fake.id,
      timestamp: TEST_START_MS - 1,
      blockHeight: 1,
      epoch: 0,
      hashChain: 'A'.repeat(43),
    });
    const { audit } = await gqlData(
      node,
      `{ audit(process: "${pid}") { ok slots headSlot hashChainValid firstBrokenLink gaps timestampsNonDecreasing
        firstTimestampRegression assignmentItemsMatch firstAssignmentItemMismatch } }`,
    );
    expect(audit).toEqual({
      ok: false,
      slots: 3,
      headSlot: 3,
      hashChainValid: false,
      firstBrokenLink: 3,
      gaps: [2],
      timestampsNonDecreasing: false,
      firstTimestampRegression: 3,
      assignmentItemsMatch: false,
      firstAssignmentItemMismatch: 3,
    });
  });
});

describe('audit of deliveries', () => {
  it('reports an evaluated slot whose outbox entry has no delivery, and slots not delivered yet', async () => {
    const quiet = await createTestNode({}, { eager: false });
    try {
      const pid = await spawnProcess(quiet, owner);
      await sendMessage(quiet, owner, pid, 'Inc');
      // Results written behind compute's back (the messenger is never told): slot 0 sent one message,
      // and the delivery cursor claims slot 0 is done although no delivery row exists.
      const result = {
        Output: '',
        Messages: [{ Target: alice.address, Tags: [], Data: 'x' }],
        Spawns: [],
        Assignments: [],
        GasUsed: 0,
      };
      const encoded = encodeResult(result);
      const empty = encodeResult({ ...result, Messages: [] });
      createResultStore(quiet.store).append(pid, [
        {
          processId: pid,
          slot: 0,
          messageId: pid,
          result: encoded,
          error: null,
          gasUsed: 0,
          hash: hashEncodedResult(encoded),
        },
        {
          processId: pid,
          slot: 1,
          messageId: 'x',
          result: empty,
          error: null,
          gasUsed: 0,
          hash: hashEncodedResult(empty),
        },
      ]);
      createDeliveryStore(quiet.store).setCursor(pid, 0);
      const { audit } = await gqlData(
        quiet,
        `{ audit(process: "${pid}") { ok hashChainValid delivery { available complete detail deliveredSlots pendingSlots entries firstMissingSlot duplicates } } }`,
      );
      expect(audit).toEqual({
        ok: false,
        hashChainValid: true,
        delivery: {
          available: true,
          complete: false,
          detail: 'slot 0 has an outbox entry with no delivery; 1 evaluated slots are not delivered yet',
          deliveredSlots: 1,
          pendingSlots: 1,
          entries: 1,
          firstMissingSlot: 0,
          duplicates: 0,
        },
      });
    } finally {
      await quiet.close();
    }
  });
});

describe('errors', () => {
  it('answers bad arguments with GraphQL errors naming the problem, and keeps serving', async () => {
    const pid = await counter();
    const cases: [string, string][] = [
      [
        `{ slots(process: "${pid}", from: -1) { edges { cursor } } }`,
        'from must be a non-negative integer, got -1',
      ],
      [
        `{ state(process: "${pid}", path: "Count", slot: 99) { value } }`,
        `process ${pid} has no slot 99 (its latest is 1)`,
      ],
      [`{ verify(process: "${pid}", toSlot: 5) { ok } }`, `process ${pid} has no slot 5 (its latest is 1)`],
      [
        `{ tokenTransfers(process: "${'q'.repeat(43)}") { edges { cursor } } }`,
        `${'q'.repeat(43)} is not a process scheduled by this node`,
      ],
      [
        `{ results(process: "${pid}", first: 5000) { edges { cursor } } }`,
        'first must be between 0 and 1000, got 5000; page with the cursor of the last edge',
      ],
      [`{ audit(process: "nope") { ok } }`, 'nope is not a process scheduled by this node'],
    ];
    for (const [query, message] of cases) {
      const reply = await gql(node, query);
      expect(reply.status).toBe(200);
      expect(reply.errors?.map((e) => e.message)).toEqual([message]);
    }
    const { process } = await gqlData(node, `{ process(id: "${pid}") { headSlot } }`);
    expect(process.headSlot).toBe(1);
  });
});

describe('tokens', () => {
  it('reads balances from state and transfers from the notices the token sent', async () => {
    const token = await spawnProcess(node, owner, [], 'token');
    await sendMessage(node, owner, token, 'Eval', TOKEN_CODE);
    const transfer = await sendMessage(node, owner, token, 'Transfer', ' ', [
      { name: 'Recipient', value: alice.address },
      { name: 'Quantity', value: '250' },
    ]);
    await settle(token);
    const { result } = await node.compute.resultOf(token, { messageId: transfer });
    expect(result.Messages.map((m) => m.Tags.find((t) => t.name === 'Action')?.value)).toEqual([
      'Debit-Notice',
      'Credit-Notice',
    ]);
    const data = await gqlData(
      node,
      `query ($t: ID!) {
        tokenBalances(process: $t) { process slot balances { address balance } }
        tokenTransfers(process: $t, first: 1) { pageInfo { hasNextPage } edges { cursor node { kind from to quantity } } }
      }`,
      { t: token },
    );
    expect(data.tokenBalances).toEqual({
      process: token,
      slot: 2,
      balances: [
        { address: alice.address, balance: '250' },
        { address: owner.address, balance: '750' },
      ].sort((x, y) => (x.address < y.address ? -1 : 1)),
    });
    expect(data.tokenTransfers.edges[0].node).toEqual({
      kind: 'DEBIT',
      from: owner.address,
      to: alice.address,
      quantity: '250',
    });
    expect(data.tokenTransfers.pageInfo.hasNextPage).toBe(true);
    const next = await gqlData(
      node,
      `query ($t: ID!, $a: String) { tokenTransfers(process: $t, after: $a) { pageInfo { hasNextPage } edges { node { kind from to quantity } } } }`,
      { t: token, a: data.tokenTransfers.edges[0].cursor },
    );
    expect(next.tokenTransfers.edges.map((e: Json) => e.node)).toEqual([
      { kind: 'CREDIT', from: owner.address, to: alice.address, quantity: '250' },
    ]);
    expect(next.tokenTransfers.pageInfo.hasNextPage).toBe(false);
  });

  it('takes From-Process and Pushed-For only on items this node signed, not on anyone tagging them', async () => {
    const token = await spawnProcess(node, owner, [], 'token');
    await sendMessage(node, owner, token, 'Eval', TOKEN_CODE);
    // alice writes the tags a process's own notice and spawn would carry, on items she signs herself.
    const notice = await sendMessage(node, alice, token, 'Credit-Notice', ' ', [
      { name: 'From-Process', value: token },
      { name: 'Quantity', value: '1000000000' },
      { name: 'Sender', value: alice.address },
      { name: 'Pushed-For', value: token },
    ]);
    const forged = await spawnProcess(
      node,
      alice,
      [
        { name: 'From-Process', value: token },
        { name: 'Pushed-For', value: 'P'.repeat(43) },
      ],
      'forged-child',
    );
    await settle(token);
    const data = await gqlData(
      node,
      `query ($t: ID!, $f: ID!, $a: String, $n: ID!) {
        tokenTransfers(process: $t) { edges { node { kind quantity } } }
        token: process(id: $t) { messagesOut { count } children { edges { node { id } } } }
        byParent: processes(parent: $t) { edges { node { id } } }
        byParentAndOwner: processes(parent: $t, owner: $a) { edges { node { id } } }
        forged: process(id: $f) { id parentId parent { id } pushedFor }
        notice: message(id: $n) { lineage { rootId root { id } } }
      }`,
      { t: token, f: forged, a: alice.address, n: notice },
    );
    expect(data).toEqual({
      tokenTransfers: { edges: [] },
      token: { messagesOut: { count: 0 }, children: { edges: [] } },
      byParent: { edges: [] },
      byParentAndOwner: { edges: [] },
      forged: { id: forged, parentId: null, parent: null, pushedFor: null },
      notice: { lineage: { rootId: notice, root: { id: notice } } },
    });
  });

  it('lists no balances for a token with no holders, and a balance that is a table as its JSON', async () => {
    const pid = await counter();
    await sendMessage(node, owner, pid, 'Eval', 'Balances = {}');
    await settle(pid);
    const empty = await gqlData(
      node,
      `{ tokenBalances(process: "${pid}") { balances { address balance } } }`,
    );
    expect(empty).toEqual({ tokenBalances: { balances: [] } });
    await sendMessage(node, owner, pid, 'Eval', "Balances = { alice = '5', bob = { locked = 2 } }");
    await settle(pid);
    const mixed = await gqlData(
      node,
      `{ tokenBalances(process: "${pid}") { balances { address balance } } }`,
    );
    expect(mixed).toEqual({
      tokenBalances: {
        balances: [
          { address: 'alice', balance: '5' },
          { address: 'bob', balance: '{"locked":2}' },
        ],
      },
    });
  });

  it('keeps every digit of integers beyond 2^53 (as strings) in balances and state', async () => {
    const pid = await counter();
    await sendMessage(
      node,
      owner,
      pid,
      'Eval',
      'Balances = { a = 9007199254740993, b = math.maxinteger, c = 5 }',
    );
    await settle(pid);
    const data = await gqlData(
      node,
      `{ tokenBalances(process: "${pid}") { balances { address balance } } state(process: "${pid}", path: "Balances") { value } }`,
    );
    expect(data).toEqual({
      tokenBalances: {
        balances: [
          { address: 'a', balance: '9007199254740993' },
          { address: 'b', balance: '9223372036854775807' },
          { address: 'c', balance: '5' },
        ],
      },
      state: { value: { a: '9007199254740993', b: '9223372036854775807', c: 5 } },
    });
  });

  it('says a process without Balances is not a token', async () => {
    const pid = await counter();
    const reply = await gql(node, `{ tokenBalances(process: "${pid}") { slot } }`);
    expect(reply.errors?.[0]?.message).toBe(`process ${pid} is not a token: its state has no Balances table`);
  });
});
