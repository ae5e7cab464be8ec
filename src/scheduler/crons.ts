import { type CronSpec, parseCrons } from '../core/cron.js';
import type { Store } from '../store/types.js';

/** The crons of each process, parsed once from its Process item, and the set of processes that have any. */
export interface CronTable {
  /** The process's time and block crons ([] when none). */
  specsOf(processId: string): CronSpec[];
  /** Remembers a process just spawned with these crons. */
  add(processId: string, specs: CronSpec[]): void;
  /** Every process with at least one Cron-Interval tag. */
  processIds(): string[];
}

export function createCronTable(store: Store): CronTable {
  const specs = new Map<string, CronSpec[]>();
  let withCrons: Set<string> | undefined;
  const list = store.orm.$client.prepare<[], { id: string }>(
    `SELECT DISTINCT p.id FROM tags t JOIN processes p ON p.item_seq = t.item_seq
     WHERE t.name = 'Cron-Interval' ORDER BY p.item_seq`,
  );
  const loadAll = (): Set<string> => {
    withCrons ??= new Set(store.run('crons.processes', () => list.all().map((row) => row.id)));
    return withCrons;
  };
  return {
    specsOf(processId) {
      let found = specs.get(processId);
      if (found === undefined) {
        const tags = store.getItem(processId)?.tags ?? [];
        // Stored processes were checked when spawned; a tag that no longer parses means no crons.
        try {
          found = parseCrons(tags);
        } catch {
          found = [];
        }
        specs.set(processId, found);
      }
      return found;
    },
    add(processId, parsed) {
      specs.set(processId, parsed);
      if (parsed.length > 0) loadAll().add(processId);
    },
    processIds: () => [...loadAll()],
  };
}
