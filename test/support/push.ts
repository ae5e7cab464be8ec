/**
 * What the messenger does with an outbox entry, done by hand for tests while the messenger's delivery is
 * not on this branch: the entry becomes an item signed by the node's key, with `From-Process`,
 * `From-Module` and `Pushed-For` added. Items for processes go through the MU route; items for wallets
 * (no process to schedule them) are logged directly.
 */
import type { DataItem, Tag } from '../../src/core/types.js';
import { signDataItem } from '../../src/crypto/index.js';
import { TEST_START_MS, type TestNode } from './test-node.js';

export interface OutboxEntryLike {
  Target?: unknown;
  Data?: unknown;
  Tags?: Array<{ name: string; value: unknown }>;
}

export async function pushEntry(
  node: TestNode,
  entry: OutboxEntryLike,
  fromProcess: string,
  pushedFor: string,
): Promise<DataItem> {
  const tags: Tag[] = [
    ...(entry.Tags ?? []).map((t) => ({ name: String(t.name), value: String(t.value) })),
    { name: 'From-Process', value: fromProcess },
    { name: 'From-Module', value: node.moduleId },
    { name: 'Pushed-For', value: pushedFor },
  ];
  const target = String(entry.Target ?? '');
  const data = typeof entry.Data === 'string' && entry.Data !== '' ? entry.Data : ' ';
  const item = signDataItem(target === '' ? { tags, data } : { target, tags, data }, node.signer);
  const spawn = tags.some((t) => t.name === 'Type' && t.value === 'Process');
  if (spawn || node.store.getProcess(target) !== undefined) {
    const response = await node.post(item.raw);
    if (response.status !== 202) throw new Error(`push failed: ${response.status} ${await response.text()}`);
  } else {
    node.store.insertItem(item, TEST_START_MS);
  }
  return item;
}
