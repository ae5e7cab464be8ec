import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Signer } from '../src/core/types.js';
import { parseAndVerify, verifyDataItem } from '../src/crypto/index.js';
import { createScheduler } from '../src/scheduler/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { errorOf } from './support/error-of.js';
import { createItem, itemId, messageItem, moduleItem, processItem, testSigner } from './support/log-items.js';
import { manualClock } from './support/store-fixtures.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
const raw = (id: string) => Buffer.from(id, 'base64url');
const b64 = (bytes: Buffer) => bytes.toString('base64url');

const user = testSigner('user');
const t0 = 1_700_000_000_000;

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function setup(opts: { signer?: Signer; blockIntervalMs?: number; indexAssignmentTags?: boolean } = {}) {
  const store = openStore({ path: ':memory:' });
  stores.push(store);
  const time = manualClock(t0);
  const signer = opts.signer ?? testSigner('node');
  const scheduler = createScheduler({
    store,
    signer,
    createItem: createItem,
    clock: time.clock,
    blockIntervalMs: opts.blockIntervalMs ?? 1000,
    ...(opts.indexAssignmentTags === undefined ? {} : { indexAssignmentTags: opts.indexAssignmentTags }),
  });
  const module = moduleItem(user);
  store.insertItem(module, t0);
  const spawn = (name = 'p') =>
    scheduler.schedule(processItem(user, { module: module.id, scheduler: signer.address, name }));
  return { store, scheduler, time, signer, spawn, module };
}

/** Recomputes the chain from the formula and checks slots are exactly 0..n-1. */
function expectChainIntact(store: Store, processId: string, count: number) {
  const rows = store.assignmentsBySlot(processId, { limit: 10_000 });
  expect(rows.map((r) => r.slot)).toEqual(Array.from({ length: count }, (_, i) => i));
  let expected = b64(sha(raw(processId)));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    expect(row.hashChain).toBe(expected);
    expected = b64(sha(Buffer.concat([raw(row.assignmentId), raw(row.hashChain)])));
  }
}

describe('scheduler', () => {
  it('gives a process slot 0 of itself with the first link SHA-256(raw process id)', () => {
    const { scheduler, spawn, store } = setup();
    const a = spawn();
    expect(a).toMatchObject({ slot: 0, epoch: 0, timestamp: t0, blockHeight: 1 });
    expect(a.messageId).toBe(a.processId);
    expect(a.hashChain).toBe(b64(sha(raw(a.processId))));
    expect(store.getProcess(a.processId)).toMatchObject({
      owner: user.address,
      scheduler: scheduler.address,
    });
    expect(store.getProcess(a.processId)?.spawnedAt).toBe(t0);
  });

  it('assigns the next slot per process and links each to the previous assignment', () => {
    const { scheduler, spawn } = setup();
    const s0 = spawn('p');
    const p = s0.processId;
    const q = spawn('q').processId;
    const m1 = scheduler.schedule(messageItem(user, p, 1));
    const n1 = scheduler.schedule(messageItem(user, q, 1));
    const m2 = scheduler.schedule(messageItem(user, p, 2));
    expect([m1.slot, n1.slot, m2.slot]).toEqual([1, 1, 2]);
    expect(m1.hashChain).toBe(b64(sha(Buffer.concat([raw(s0.assignmentId), raw(b64(sha(raw(p))))]))));
    expect(m2.hashChain).toBe(b64(sha(Buffer.concat([raw(m1.assignmentId), raw(m1.hashChain)]))));
  });

  it('records each assignment as a logged Assignment item with the reference tags in order', () => {
    const { scheduler, spawn, store, signer } = setup();
    const p = spawn().processId;
    const msg = messageItem(user, p, 1);
    const a = scheduler.schedule(msg);
    const logged = store.getItem(a.assignmentId);
    expect(logged?.ownerAddress).toBe(signer.address);
    expect(logged?.tags).toEqual([
      { name: 'Process', value: p },
      { name: 'Epoch', value: '0' },
      { name: 'Nonce', value: '1' },
      { name: 'Hash-Chain', value: a.hashChain },
      { name: 'Block-Height', value: '1' },
      { name: 'Timestamp', value: String(t0) },
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Type', value: 'Assignment' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Message', value: msg.id },
    ]);
    expect(a.item.id).toBe(a.assignmentId);
    // really signed by the node's ed25519 key, and the logged bytes are exactly the signed item
    expect(verifyDataItem(logged!)).toBe(true);
    const reparsed = parseAndVerify(logged!.raw);
    expect(reparsed.id).toBe(a.assignmentId);
    expect(reparsed.signatureType).toBe(2);
    expect(Buffer.from(reparsed.owner).equals(Buffer.from(signer.publicKey))).toBe(true);
    expect(reparsed.tags).toEqual(logged?.tags);
    expect(store.getItem(msg.id)?.ingestedAt).toBe(t0);
    expect(store.assignmentOf(p, msg.id)?.assignmentId).toBe(a.assignmentId);
  });

  it('never lets timestamps go back within a process when the clock does', () => {
    const { scheduler, spawn, time } = setup();
    const p = spawn().processId;
    time.set(t0 + 500);
    expect(scheduler.schedule(messageItem(user, p, 1)).timestamp).toBe(t0 + 500);
    time.set(t0 + 100);
    expect(scheduler.schedule(messageItem(user, p, 2)).timestamp).toBe(t0 + 500);
    time.set(t0 + 700.9);
    expect(scheduler.schedule(messageItem(user, p, 3)).timestamp).toBe(t0 + 700);
  });

  it('assigns an existing message to another process, once per process, with Exclude tags', () => {
    const { scheduler, spawn, store } = setup();
    const p = spawn('p').processId;
    const q = spawn('q').processId;
    const msg = messageItem(user, p, 1);
    scheduler.schedule(msg);
    const a = scheduler.assign({ processId: q, messageId: msg.id, exclude: ['Data', 'Anchor'] });
    expect(a).toMatchObject({ processId: q, slot: 1, messageId: msg.id });
    expect(a.item.tags.slice(9)).toEqual([
      { name: 'Message', value: msg.id },
      { name: 'Exclude', value: 'Data' },
      { name: 'Exclude', value: 'Anchor' },
    ]);
    expect(store.assignmentsOfMessage(msg.id).map((x) => [x.processId, x.slot])).toEqual([
      [p, 1],
      [q, 1],
    ]);
    const again = errorOf(() => scheduler.assign({ processId: q, messageId: msg.id }));
    expect(again.code).toBe('DUPLICATE');
    expect(again.message).toBe(`message ${msg.id} is already assigned to ${q} (slot 1)`);
    expect(errorOf(() => scheduler.schedule(msg)).code).toBe('DUPLICATE');
    expect(store.latestAssignment(q)?.slot).toBe(1);
  });

  it('refuses what it cannot schedule with a clear error and logs nothing', () => {
    const { scheduler, spawn, store, module } = setup();
    const p = spawn().processId;
    const stranger = messageItem(user, itemId('Q'), 1);
    const notFound = errorOf(() => scheduler.schedule(stranger));
    expect(notFound.code).toBe('NOT_FOUND');
    expect(notFound.message).toBe(
      `message ${stranger.id} targets ${itemId('Q')}, which is not a process here`,
    );
    expect(store.hasItem(stranger.id)).toBe(false);

    expect(errorOf(() => scheduler.schedule(module)).code).toBe('BAD_REQUEST');
    const untargeted = createItem({ tags: [{ name: 'Type', value: 'Message' }], data: 'x' }, user);
    expect(errorOf(() => scheduler.schedule(untargeted)).message).toBe(
      `message ${untargeted.id} has no target process`,
    );
    expect(errorOf(() => scheduler.assign({ processId: p, messageId: itemId('M') })).message).toBe(
      `message ${itemId('M')} is not in the log`,
    );

    const foreign = processItem(user, { module: module.id, scheduler: 'someone-else' });
    expect(errorOf(() => scheduler.schedule(foreign)).code).toBe('WRONG_SCHEDULER');
    const noModule = createItem(
      {
        tags: [
          { name: 'Type', value: 'Process' },
          { name: 'Scheduler', value: scheduler.address },
        ],
        data: '',
      },
      user,
    );
    expect(errorOf(() => scheduler.schedule(noModule)).code).toBe('MISSING_TAG');
    expect(store.hasItem(noModule.id)).toBe(false);
    expect(store.hasItem(foreign.id)).toBe(false);
    expect(store.latestAssignment(p)?.slot).toBe(0);
  });

  it('seals local blocks on the injected clock and records the open block height on assignments', () => {
    const { scheduler, spawn, store, time } = setup({ blockIntervalMs: 1000 });
    const genesis = store.getBlock(0)!;
    expect(genesis).toMatchObject({ height: 0, previous: null, timestamp: t0, assignmentCount: 0 });
    expect(scheduler.sealBlock()).toBeNull();
    const p = spawn().processId;
    time.advance(400);
    const m1 = scheduler.schedule(messageItem(user, p, 1));
    expect(m1.blockHeight).toBe(1);
    expect(scheduler.now()).toEqual({ timestamp: t0 + 400, blockHeight: 1 });

    time.advance(600); // t0 + 1000: block 1 is due; the next assignment seals it and goes into block 2
    expect(scheduler.now()).toEqual({ timestamp: t0 + 1000, blockHeight: 2 });
    const m2 = scheduler.schedule(messageItem(user, p, 2));
    expect(m2.blockHeight).toBe(2);
    const block1 = store.getBlock(1)!;
    const ids = store.assignmentsInBlock(1).map((a) => a.assignmentId);
    expect(ids).toHaveLength(2);
    const root = b64(sha(Buffer.concat(ids.map(raw))));
    const u64 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(BigInt(n));
      return b;
    };
    expect(block1).toEqual({
      height: 1,
      previous: genesis.id,
      timestamp: t0 + 1000,
      assignmentsRoot: root,
      assignmentCount: 2,
      id: b64(sha(Buffer.concat([u64(1), raw(genesis.id), u64(t0 + 1000), raw(root)]))),
      // The items logged before the seal: up to m1's Assignment item. m2 was logged after the seal, so it
      // is in block 2, the block its assignment names.
      lastItemSeq: store.itemSeq(m1.assignmentId),
    });
    expect(store.itemSeq(m2.messageId)).toBe(block1.lastItemSeq + 1);

    time.advance(5000); // long idle: the node's timer seals one (empty) block per due call, no backlog
    const block2 = scheduler.sealBlock();
    expect(block2).toMatchObject({
      height: 2,
      previous: block1.id,
      timestamp: t0 + 6000,
      assignmentCount: 1,
    });
    expect(scheduler.sealBlock()).toBeNull();
    time.advance(1000);
    expect(scheduler.sealBlock()).toMatchObject({ height: 3, assignmentCount: 0 });
    expect(store.latestBlock()?.height).toBe(3);
  });

  it('keeps the genesis block when a second scheduler opens the same log', () => {
    const { store, time, signer } = setup();
    const genesis = store.getBlock(0)!;
    time.advance(10);
    createScheduler({ store, signer, createItem: createItem, clock: time.clock, blockIntervalMs: 1000 });
    expect(store.latestBlock()).toEqual(genesis);
    expect(
      errorOf(() =>
        createScheduler({ store, signer, createItem: createItem, clock: time.clock, blockIntervalMs: 0 }),
      ).message,
    ).toBe('blockIntervalMs must be a positive integer, got 0');
  });

  it('gives 500 concurrent posts to one process the slots 1..500 exactly, chained without a gap', async () => {
    const { scheduler, spawn, store, time } = setup();
    const p = spawn().processId;
    const results = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        await Promise.resolve();
        time.advance(i % 3);
        return scheduler.schedule(messageItem(user, p, i));
      }),
    );
    expect(results.map((r) => r.slot).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 500 }, (_, i) => i + 1),
    );
    expectChainIntact(store, p, 501);
  });

  it('schedules a batch in one transaction, returning the error of a refused item in its place', () => {
    const { scheduler, spawn, store } = setup();
    const p = spawn().processId;
    const first = messageItem(user, p, 1);
    const stray = messageItem(user, itemId('Z'), 2);
    const results = scheduler.scheduleMany([first, stray, messageItem(user, p, 3), first]);
    expect(results.map((r) => ('slot' in r ? r.slot : r.code))).toEqual([1, 'NOT_FOUND', 2, 'DUPLICATE']);
    expect(store.hasItem(stray.id)).toBe(false);
    expectChainIntact(store, p, 3);
  });

  it('indexes Assignment item tags by default and can leave them out of the tag index', () => {
    const countTypeAssignment = (store: Store) =>
      (
        store.orm.$client
          .prepare("SELECT count(*) AS n FROM tags WHERE name = 'Type' AND value = 'Assignment'")
          .get() as { n: number }
      ).n;
    const indexed = setup();
    indexed.spawn();
    expect(countTypeAssignment(indexed.store)).toBe(1);
    const lean = setup({ indexAssignmentTags: false });
    const a = lean.spawn();
    expect(countTypeAssignment(lean.store)).toBe(0);
    expect(lean.store.getItem(a.assignmentId)?.tags[7]).toEqual({ name: 'Type', value: 'Assignment' });
  });
});
