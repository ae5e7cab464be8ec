/**
 * Message lineage from stored data only (no delivery records needed). A message the messenger pushed for
 * process P carries `From-Process` = P and `Pushed-For` = R, the user message that started the chain:
 *
 * - root: R, or the message itself when it has no `Pushed-For`;
 * - parent: the message X assigned to P (X is R, or carries `Pushed-For` = R; earliest slot first) whose
 *   stored result in P has an outbox entry matching the message: a `Messages` entry for a message, a
 *   `Spawns` entry for a Process item. An entry matches when the targets agree and, if the entry has a
 *   `Reference` tag, the message carries the same `Reference`; an entry without one matches when every tag
 *   of the entry is on the message;
 * - children: the inverse, entry by entry: for each outbox entry of each stored result of X, the first
 *   item with `From-Process` = that process and `Pushed-For` = root(X) that matches it (tag index seeks).
 */
import type { Tag } from '../../core/types.js';
import type { Store } from '../types.js';
import type { GatewayReads } from './item-reads.js';
import type { GatewayItem, TagCondition } from './types.js';

export interface LineageEdge {
  /** 1 = a direct child. */
  depth: number;
  parentId: string;
  fromProcess: string;
  message: GatewayItem;
}

export interface LineageReads {
  /** `Pushed-For`, or the item's own id. */
  rootOf(item: GatewayItem): string;
  /** The message whose evaluation emitted this one, or undefined (a user message, or not found). */
  parentOf(item: GatewayItem): GatewayItem | undefined;
  /** What this message caused, depth first, at most `maxNodes`. */
  childrenOf(item: GatewayItem, depth: number, maxNodes: number): LineageEdge[];
}

interface OutboxEntry {
  Target?: unknown;
  Tags?: Array<{ name: string; value: unknown }>;
}

const CANDIDATE_LIMIT = 1000;

export function tagsOf(item: GatewayItem): Tag[] {
  return JSON.parse(item.tags) as Tag[];
}

export function tagValue(tags: readonly Tag[], name: string): string | undefined {
  return tags.find((t) => t.name === name)?.value;
}

const entryTags = (entry: OutboxEntry): Tag[] =>
  (entry.Tags ?? []).map((t) => ({ name: String(t.name), value: String(t.value) }));

function matches(entry: OutboxEntry, item: GatewayItem, tags: readonly Tag[], spawn: boolean): boolean {
  if (!spawn && String(entry.Target ?? '') !== (item.target ?? '')) return false;
  const wanted = entryTags(entry);
  const reference = tagValue(wanted, 'Reference');
  if (reference !== undefined) return tagValue(tags, 'Reference') === reference;
  return wanted.every((w) => tags.some((t) => t.name === w.name && t.value === w.value));
}

const eq = (name: string, value: string): TagCondition => ({
  name,
  values: [value],
  op: 'EQ',
  match: 'EXACT',
});

export function createLineageReads(store: Store, gateway: GatewayReads): LineageReads {
  const db = store.orm.$client;
  const candidates = db.prepare<[string, string, string, number], { slot: number; messageId: string }>(
    `SELECT a.slot AS slot, a.message_id AS messageId FROM assignments a
     WHERE a.process_id = ? AND (a.message_id = ? OR a.message_id IN (
       SELECT d.id FROM tags t JOIN data_items d ON d.seq = t.item_seq
       WHERE t.name = 'Pushed-For' AND t.value = ?))
     ORDER BY a.slot ASC LIMIT ?`,
  );
  const resultAt = db.prepare<[string, number], { result: string }>(
    'SELECT result FROM results WHERE process_id = ? AND slot = ?',
  );
  const assignmentsOf = db.prepare<[string], { processId: string; slot: number }>(
    'SELECT process_id AS processId, slot FROM assignments WHERE message_id = ? ORDER BY seq ASC',
  );
  const outbox = (processId: string, slot: number) => {
    const row = store.run('lineage.result', () => resultAt.get(processId, slot));
    if (row === undefined) return undefined;
    const parsed = JSON.parse(row.result) as { Messages?: OutboxEntry[]; Spawns?: OutboxEntry[] };
    return { messages: parsed.Messages ?? [], spawns: parsed.Spawns ?? [] };
  };

  const rootOf = (item: GatewayItem): string => tagValue(tagsOf(item), 'Pushed-For') ?? item.id;

  return {
    rootOf,
    parentOf(item) {
      const tags = tagsOf(item);
      const from = tagValue(tags, 'From-Process');
      const root = tagValue(tags, 'Pushed-For');
      if (from === undefined || root === undefined) return undefined;
      const spawn = tagValue(tags, 'Type') === 'Process';
      const rows = store.run('lineage.candidates', () => candidates.all(from, root, root, CANDIDATE_LIMIT));
      for (const row of rows) {
        if (row.messageId === item.id) continue;
        const out = outbox(from, row.slot);
        if (out === undefined) continue;
        const entries = spawn ? out.spawns : out.messages;
        if (entries.some((entry) => matches(entry, item, tags, spawn))) {
          return gateway.itemsByIds([row.messageId])[0];
        }
      }
      return undefined;
    },
    childrenOf(item, depth, maxNodes) {
      const edges: LineageEdge[] = [];
      const seen = new Set<string>([item.id]);
      const visit = (parent: GatewayItem, level: number): void => {
        const root = rootOf(parent);
        const assigned = store.run('lineage.assignments', () => assignmentsOf.all(parent.id));
        for (const { processId, slot } of assigned) {
          const out = outbox(processId, slot);
          if (out === undefined) continue;
          const entries = [
            ...out.messages.map((entry) => ({ entry, spawn: false })),
            ...out.spawns.map((entry) => ({ entry, spawn: true })),
          ];
          for (const { entry, spawn } of entries) {
            if (edges.length >= maxNodes) return;
            const conditions = [eq('From-Process', processId), eq('Pushed-For', root)];
            const reference = tagValue(entryTags(entry), 'Reference');
            if (reference !== undefined) conditions.push(eq('Reference', reference));
            if (spawn) conditions.push(eq('Type', 'Process'));
            const filter =
              spawn || entry.Target === undefined
                ? { tags: conditions }
                : { tags: conditions, recipients: [String(entry.Target)] };
            const { items } = gateway.findItems(filter, { limit: 20, direction: 'asc' });
            const child = items.find((c) => !seen.has(c.id) && matches(entry, c, tagsOf(c), spawn));
            if (child === undefined) continue;
            seen.add(child.id);
            edges.push({ depth: level, parentId: parent.id, fromProcess: processId, message: child });
            if (level < depth) visit(child, level + 1);
          }
        }
      };
      visit(item, 1);
      return edges;
    },
  };
}
