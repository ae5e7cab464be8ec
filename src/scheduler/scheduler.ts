import { cronTickTags, dueBlockTicks, dueTicks, parseCrons } from '../core/cron.js';
import { AoliteError, isAoliteError } from '../core/errors.js';
import { firstHashChainLink, nextHashChainLink } from '../core/hash-chain.js';
import { tagValue } from '../core/tags.js';
import type { DataItem } from '../core/types.js';
import { nodeHashes } from '../crypto/hashes.js';
import { processRecordFromItem } from '../store/records.js';
import type { BlockRecord, ProcessRecord, StoredAssignment } from '../store/types.js';
import { assignmentTags } from './assignment-tags.js';
import { sealedBlock } from './blocks.js';
import { createCronTable } from './crons.js';
import type { AssignInput, ScheduledAssignment, Scheduler, SchedulerDeps } from './types.js';

const epoch = 0;

/** What the next assignment of a process links to. */
type ChainHead = Pick<StoredAssignment, 'slot' | 'timestamp' | 'assignmentId' | 'hashChain' | 'blockHeight'>;

interface TransactionCache {
  block: BlockRecord | undefined;
  heads: Map<string, ChainHead>;
  processes: Set<string>;
}

/** Thrown out of the savepoint-free batch transaction to roll it back and redo it with savepoints. */
const retryWithSavepoints = new Error('retry the batch with a savepoint per item');
const sha256 = nodeHashes.sha256;
const noExclude: readonly string[] = [];

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, signer, createItem, clock } = deps;
  const interval = deps.blockIntervalMs;
  if (!Number.isSafeInteger(interval) || interval <= 0) {
    throw new AoliteError('BAD_REQUEST', `blockIntervalMs must be a positive integer, got ${interval}`);
  }
  ensureGenesisBlock(deps);
  const indexAssignmentOptions = { indexTags: deps.indexAssignmentTags !== false };
  const crons = createCronTable(store);
  /**
   * Read-through caches valid inside ONE write transaction of the savepoint-free batch path only (the
   * write lock makes them exact there; they are dropped when it ends, committed or not, since other
   * connections may write between transactions).
   */
  let cache: TransactionCache | undefined;
  /** Counts the scheduler's writes, so the batch path knows whether a failed item wrote anything. */
  let writes = 0;
  const write = {
    item: (item: DataItem, at: number, options?: { indexTags: boolean }): number => {
      // A block due at `at` is sealed first, so the item is in the block its assignment will name.
      openHeight(at);
      writes++;
      return store.insertItem(item, at, options);
    },
    block: (block: BlockRecord): void => {
      writes++;
      store.insertBlock(block);
    },
    process: (record: ProcessRecord): void => {
      writes++;
      store.insertProcess(record);
    },
    assignment: (record: Omit<StoredAssignment, 'seq'>): number => {
      writes++;
      return store.insertAssignment(record);
    },
  };

  const readClock = (): number => {
    const now = clock();
    if (!Number.isFinite(now) || now < 0) throw new AoliteError('INTERNAL', `clock returned ${now}`);
    return Math.floor(now);
  };

  const latestBlock = (): BlockRecord => {
    if (cache?.block !== undefined) return cache.block;
    const latest = store.latestBlock();
    if (latest === undefined) throw new AoliteError('INTERNAL', 'scheduler: the log has no genesis block');
    if (cache !== undefined) cache.block = latest;
    return latest;
  };

  const seal = (latest: BlockRecord, now: number): BlockRecord => {
    const block = sealedBlock(latest, now, store.assignmentsInBlock(latest.height + 1), store.lastItemSeq());
    write.block(block);
    if (cache !== undefined) cache.block = block;
    return block;
  };

  const latestAssignment = (processId: string): ChainHead | undefined => {
    const cached = cache?.heads.get(processId);
    if (cached !== undefined) return cached;
    return store.latestAssignment(processId);
  };

  const isProcess = (processId: string): boolean => {
    if (cache?.processes.has(processId)) return true;
    const found = store.getProcess(processId) !== undefined;
    if (found) cache?.processes.add(processId);
    return found;
  };

  /** The height new assignments get at `now`, sealing the open block first if it is due. */
  const openHeight = (now: number): number => {
    const latest = latestBlock();
    if (now >= latest.timestamp + interval) return seal(latest, now).height + 1;
    return latest.height + 1;
  };

  /** Assigns the next slot of `processId` to a logged message. Call inside a transaction. */
  const assignNext = (
    processId: string,
    messageId: string,
    exclude: readonly string[],
    now: number,
    at: number = now,
  ): ScheduledAssignment => {
    const blockHeight = openHeight(now);
    const last = latestAssignment(processId);
    if (last === undefined && messageId !== processId) {
      throw new AoliteError('INTERNAL', `process ${processId} has no slot 0`, { processId });
    }
    const slot = last === undefined ? 0 : last.slot + 1;
    const timestamp = last === undefined ? at : Math.max(at, last.timestamp);
    const hashChain =
      last === undefined
        ? firstHashChainLink(processId, sha256)
        : nextHashChainLink(last.assignmentId, last.hashChain, sha256);
    const tags = assignmentTags({
      processId,
      epoch,
      slot,
      hashChain,
      blockHeight,
      timestamp,
      messageId,
      exclude,
    });
    const item = createItem({ tags, data: '' }, signer);
    write.item(item, now, indexAssignmentOptions);
    const record = {
      processId,
      slot,
      messageId,
      assignmentId: item.id,
      timestamp,
      blockHeight,
      epoch,
      hashChain,
    };
    const seq = write.assignment(record);
    cache?.heads.set(processId, record);
    const assignment: ScheduledAssignment = { seq, ...record, item };
    deps.onAssigned?.(processId, slot, assignment);
    return assignment;
  };

  /**
   * Assigns the cron ticks of `processId` due at or before `now` (AO-PROTOCOL.md, crons): each is a node-
   * signed item (deterministic, see core/cron.ts) taking the next slot with its firing time as timestamp.
   * Called before every other assignment to the process, so timestamps never decrease and every tick at
   * or before a message's timestamp precedes it. Call inside a transaction. Returns the ticks assigned.
   */
  const assignDueTicks = (processId: string, now: number): number => {
    const specs = crons.specsOf(processId);
    if (specs.length === 0) return 0;
    const process = store.getProcess(processId);
    const last = latestAssignment(processId);
    if (process === undefined || last === undefined) return 0;
    const ticks = dueTicks(specs, process.spawnedAt, last.timestamp, now);
    if (specs.some((spec) => spec.unit === 'blocks')) {
      // Block crons count from the block of slot 0; ticks up to the block new assignments now go into.
      const first = store.assignmentsBySlot(processId, { fromSlot: 0, toSlot: 0, limit: 1 })[0];
      const start = first?.blockHeight ?? last.blockHeight;
      ticks.push(...dueBlockTicks(specs, start, last.blockHeight, openHeight(now)));
    }
    for (const tick of ticks) {
      const item = createItem({ target: processId, tags: cronTickTags(tick), data: '' }, signer);
      if (!store.hasItem(item.id)) write.item(item, now);
      assignNext(processId, item.id, noExclude, now, tick.timestamp ?? now);
    }
    return ticks.length;
  };

  const duplicate = (processId: string, messageId: string): AoliteError => {
    const slot = store.assignmentOf(processId, messageId)?.slot;
    return new AoliteError(
      'DUPLICATE',
      `message ${messageId} is already assigned to ${processId} (slot ${slot})`,
      {
        processId,
        messageId,
        slot,
      },
    );
  };

  /** Registers a process and gives it slot 0. Every refusal is thrown before the first write. */
  const spawnInTransaction = (item: DataItem): ScheduledAssignment => {
    const now = readClock();
    const scheduler = tagValue(item.tags, 'Scheduler');
    if (scheduler !== undefined && scheduler !== signer.address && deps.acceptAnyScheduler !== true) {
      throw new AoliteError(
        'WRONG_SCHEDULER',
        `process ${item.id} names scheduler ${scheduler}, not ${signer.address}`,
        {
          id: item.id,
          scheduler,
        },
      );
    }
    if (isProcess(item.id)) throw duplicate(item.id, item.id);
    const specs = parseCrons(item.tags);
    const record = processRecordFromItem(item, 0, now); // checks the tags before anything is written
    const seq = store.itemSeq(item.id) ?? write.item(item, now);
    write.process({ ...record, itemSeq: seq });
    cache?.processes.add(item.id);
    const assigned = assignNext(item.id, item.id, noExclude, now);
    crons.add(item.id, specs);
    return assigned;
  };

  /** Logs a message (if new) and gives it the next slot. Every refusal is thrown before the first write. */
  const sendInTransaction = (item: DataItem, processId: string): ScheduledAssignment => {
    const now = readClock();
    if (!isProcess(processId)) {
      throw new AoliteError(
        'NOT_FOUND',
        `message ${item.id} targets ${processId}, which is not a process here`,
        {
          id: item.id,
          target: processId,
        },
      );
    }
    if (!store.hasItem(item.id)) write.item(item, now);
    else if (store.assignmentOf(processId, item.id) !== undefined) throw duplicate(processId, item.id);
    assignDueTicks(processId, now);
    return assignNext(processId, item.id, noExclude, now);
  };

  /** Checks what needs no database, then runs `spawnInTransaction` or `sendInTransaction`. */
  const scheduleInTransaction = (item: DataItem): ScheduledAssignment => {
    const type = tagValue(item.tags, 'Type');
    if (type === 'Process') return spawnInTransaction(item);
    if (type === 'Module' || type === 'Assignment') {
      throw new AoliteError('BAD_REQUEST', `a ${type} item is logged, not scheduled (item ${item.id})`, {
        id: item.id,
      });
    }
    if (item.target === null || item.target === '') {
      throw new AoliteError('BAD_REQUEST', `message ${item.id} has no target process`, { id: item.id });
    }
    return sendInTransaction(item, item.target);
  };

  const schedule = (item: DataItem): ScheduledAssignment =>
    store.transaction(() => scheduleInTransaction(item));

  /**
   * The batch in one transaction WITHOUT a savepoint per item, with the transaction-scoped caches: each
   * item's refusals are thrown before it writes anything, so a refused item leaves nothing to undo. Returns
   * undefined (and rolls the whole transaction back) if an item failed after it had written, or with an
   * error that is not a refusal; the caller then redoes the batch with a savepoint per item.
   */
  const scheduleBatchFast = (
    items: readonly DataItem[],
  ): (ScheduledAssignment | AoliteError)[] | undefined => {
    try {
      return store.transaction(() => {
        cache = { block: undefined, heads: new Map(), processes: new Set() };
        const results: (ScheduledAssignment | AoliteError)[] = [];
        for (const item of items) {
          const before = writes;
          try {
            results.push(scheduleInTransaction(item));
          } catch (error) {
            if (!isAoliteError(error) || writes !== before) throw retryWithSavepoints;
            results.push(error);
          }
        }
        return results;
      });
    } catch (error) {
      if (error === retryWithSavepoints) return undefined;
      throw error;
    } finally {
      cache = undefined;
    }
  };

  return {
    address: signer.address,
    schedule,

    scheduleMany(items) {
      if (items.length === 0) return [];
      return (
        scheduleBatchFast(items) ??
        store.transaction(() =>
          items.map((item) => {
            try {
              return schedule(item); // a savepoint per item when nested
            } catch (error) {
              if (isAoliteError(error)) return error;
              throw error;
            }
          }),
        )
      );
    },

    assign(input: AssignInput) {
      const { processId, messageId } = input;
      const exclude = input.exclude ?? noExclude;
      for (const id of exclude) {
        if (typeof id !== 'string' || id === '')
          throw new AoliteError('BAD_REQUEST', 'exclude ids must be non-empty');
      }
      return store.transaction(() => {
        const now = readClock();
        if (store.getProcess(processId) === undefined) {
          throw new AoliteError('NOT_FOUND', `process ${processId} is not a process here`, { processId });
        }
        if (!store.hasItem(messageId)) {
          throw new AoliteError('NOT_FOUND', `message ${messageId} is not in the log`, { messageId });
        }
        if (store.assignmentOf(processId, messageId) !== undefined) throw duplicate(processId, messageId);
        assignDueTicks(processId, now);
        return assignNext(processId, messageId, exclude, now);
      });
    },

    tickCrons(processId) {
      const ids = processId === undefined ? crons.processIds() : [processId];
      let assigned = 0;
      for (const id of ids) {
        assigned += store.transaction(() => assignDueTicks(id, readClock()));
      }
      return assigned;
    },

    cronProcesses: () => crons.processIds(),

    sealBlock() {
      return store.transaction(() => {
        const now = readClock();
        const latest = latestBlock();
        return now >= latest.timestamp + interval ? seal(latest, now) : null;
      });
    },

    now() {
      const timestamp = readClock();
      const latest = latestBlock();
      const due = timestamp >= latest.timestamp + interval;
      return { timestamp, blockHeight: latest.height + (due ? 2 : 1) };
    },
  };
}

/** Seals the genesis block (height 0) if the log has none. Idempotent; safe across connections. */
export function ensureGenesisBlock(deps: Pick<SchedulerDeps, 'store' | 'clock'>): BlockRecord {
  return deps.store.transaction(() => {
    const existing = deps.store.latestBlock();
    if (existing !== undefined) return existing;
    const genesis = sealedBlock(null, Math.floor(deps.clock()), [], deps.store.lastItemSeq());
    deps.store.insertBlock(genesis);
    return genesis;
  });
}
