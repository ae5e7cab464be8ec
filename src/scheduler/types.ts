import type { AoliteError } from '../core/errors.js';
import type { DataItem, DataItemDraft, Signer } from '../core/types.js';
import type { BlockRecord, Store, StoredAssignment } from '../store/types.js';

/** Creates and signs a data item (the codec's `createDataItem(draft, signer)` fits). */
export type CreateItem = (draft: DataItemDraft, signer: Signer) => DataItem;

export interface SchedulerDeps {
  store: Store;
  /** The node's key: signs every Assignment item. Its address is the scheduler address. */
  signer: Signer;
  createItem: CreateItem;
  /** Milliseconds since the epoch. Injected; the scheduler never reads the wall clock itself. */
  clock: () => number;
  /** Cadence of local blocks (ms, > 0). */
  blockIntervalMs: number;
  /**
   * Accept Process items whose `Scheduler` tag names another address. Default false: such a spawn is
   * refused with WRONG_SCHEDULER, as an ao SU refuses processes it is not the scheduler of.
   */
  acceptAnyScheduler?: boolean;
  /**
   * Put Assignment items in the tag index (default true), so gateway tag queries such as
   * `Type=Assignment` find them. false skips ~10 index rows per assignment (the assignments table already
   * indexes process, slot and message); the items are logged either way.
   */
  indexAssignmentTags?: boolean;
  /**
   * Told of every assignment as it is made (still inside the write transaction, which may yet roll back):
   * compute uses it to evaluate in the background. Must only schedule work, never do it or throw. The
   * third argument is the assignment row as inserted (it too may yet roll back).
   */
  onAssigned?: (processId: string, slot: number, assignment: StoredAssignment) => void;
}

/** An assignment just made, with the signed Assignment item that records it. */
export interface ScheduledAssignment extends StoredAssignment {
  item: DataItem;
}

export interface AssignInput {
  processId: string;
  /** Id of a message already in the log. */
  messageId: string;
  /** Ids carried as `Exclude` tags of the assignment (aoconnect's `exclude`). */
  exclude?: readonly string[];
}

/**
 * The scheduler unit (ao SU): gives every message the next gap-free slot of its process, chained by a
 * hash, stamped with a non-decreasing timestamp and the height of the open local block, and records it as
 * a signed Assignment item. Every call is one synchronous write transaction.
 */
export interface Scheduler {
  /** The node's scheduler address (its signer's address). */
  readonly address: string;
  /**
   * Logs a new signed item (if not logged yet) and assigns it: a `Type=Process` item registers the process
   * and takes slot 0 of itself; any other item (a message) takes the next slot of its target process.
   * Errors: BAD_REQUEST (Module/Assignment item, no target), NOT_FOUND (target is no process here),
   * WRONG_SCHEDULER, MISSING_TAG (process without Module/Scheduler), DUPLICATE (already assigned there).
   */
  schedule(item: DataItem): ScheduledAssignment;
  /**
   * Schedules many items in ONE write transaction (group commit: one commit for the batch), each in its
   * own savepoint so a refused item (its AoliteError is returned in its place) leaves the others intact.
   */
  scheduleMany(items: readonly DataItem[]): (ScheduledAssignment | AoliteError)[];
  /** Assigns a message already in the log to a (further) process (ao `assign`). NOT_FOUND, DUPLICATE. */
  assign(input: AssignInput): ScheduledAssignment;
  /**
   * Assigns the cron ticks due by now of one process (or of every process with crons), each in time
   * order before anything later; returns how many. Ticks are also assigned before any other message to
   * a cron process, so calling this only makes idle processes tick on time.
   */
  tickCrons(processId?: string): number;
  /** Processes that declare a `Cron-Interval`. */
  cronProcesses(): string[];
  /** Seals the open block if its interval has passed (even when empty); returns it, or null if not due. */
  sealBlock(): BlockRecord | null;
  /** The current time and the height new assignments get (the open block), for the SU `/timestamp`. */
  now(): { timestamp: number; blockHeight: number };
}
