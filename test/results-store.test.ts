import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResultStore, type ResultRecord, type ResultStore } from '../src/store/results.js';
import { COUNTER_CODE, sendMessage, spawnProcess } from './support/aos-items.js';
import { errorOf } from './support/error-of.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('results-owner');
let node: TestNode;
let results: ResultStore;
let pid: string;

beforeEach(async () => {
  node = await createTestNode({}, { eager: false });
  results = createResultStore(node.store);
  pid = await spawnProcess(node, owner);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
});

afterEach(async () => {
  await node.close();
});

const row = (slot: number): ResultRecord => ({
  processId: pid,
  slot,
  messageId: pid,
  result: '{}',
  error: null,
  gasUsed: 0,
  hash: `h${slot}`,
});

describe('results table', () => {
  it('appends only the slot right after the last stored one, so no gap can be written', () => {
    results.append(pid, [row(0)]);
    const gap = errorOf(() => results.append(pid, [row(2)]));
    expect(gap.code).toBe('CONFLICT');
    expect(gap.message).toContain('must continue at slot 1, got 2');
    results.append(pid, [row(1), row(2)]);
    expect(results.latestSlot(pid)).toBe(2);
  });

  it('writes a batch all or nothing', () => {
    const duplicateInside = errorOf(() => results.append(pid, [row(0), row(1), row(1)]));
    expect(duplicateInside.code).toBe('CONFLICT');
    expect(results.latestSlot(pid)).toBe(-1);
  });

  it('never changes a stored result: UPDATE and DELETE abort in the database', async () => {
    await node.compute.catchUp(pid);
    const db = node.store.orm.$client;
    expect(() => db.prepare("UPDATE results SET error = 'x'").run()).toThrow('append-only: results');
    expect(() => db.prepare('DELETE FROM results').run()).toThrow('append-only: results');
    expect(results.latestSlot(pid)).toBe(1);
  });
});
