import DataLoader from 'dataloader';
import type { AoReads, GatewayReads } from '../../store/read/index.js';
import type { StoredAssignment } from '../../store/types.js';
import type { Loaders } from './context.js';

const byKey = <K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] => {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
};

export const resultKey = (processId: string, slot: number): string => `${processId} ${slot}`;

/** Fresh loaders for one request (their caches must not outlive it). */
export function createLoaders(reads: GatewayReads, ao: AoReads | undefined): Loaders {
  const need = (): AoReads => {
    if (ao === undefined) throw new Error('ao reads are not configured');
    return ao;
  };
  return {
    itemById: new DataLoader(async (ids) => byKey(ids, reads.itemsByIds(ids), (item) => item.id)),
    blockByHeight: new DataLoader(async (heights) =>
      byKey(heights, reads.blocksByHeights(heights), (block) => block.height),
    ),
    processById: new DataLoader(async (ids) => byKey(ids, need().processesByIds(ids), (p) => p.id)),
    processStats: new DataLoader(async (ids) => byKey(ids, need().processStats(ids), (s) => s.processId)),
    resultAt: new DataLoader(async (keys) => {
      const parsed = keys.map((key) => {
        const space = key.lastIndexOf(' ');
        return { processId: key.slice(0, space), slot: Number(key.slice(space + 1)) };
      });
      return byKey(keys, need().resultsAt(parsed), (r) => resultKey(r.processId, r.slot));
    }),
    assignmentsOfMessage: new DataLoader(async (ids) => {
      const grouped = new Map<string, StoredAssignment[]>();
      for (const a of need().assignmentsOfMessages(ids)) {
        const list = grouped.get(a.messageId) ?? [];
        list.push(a);
        grouped.set(a.messageId, list);
      }
      return ids.map((id) => grouped.get(id) ?? []);
    }),
  };
}
