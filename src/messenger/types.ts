import type { DataItem, Signer } from '../core/types.js';
import type { CreateItem, Scheduler } from '../scheduler/index.js';
import type { DeliveryRecord, DeliveryStore } from '../store/deliveries.js';
import type { ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';

export interface MessengerLimits {
  /** Pushes since the root user message after which an entry is refused (a runaway loop). Default 10,000. */
  maxChainDepth: number;
  /** Deliveries per root message after which entries are refused (a fan-out loop). Default 100,000. */
  maxChainMessages: number;
  /**
   * Deliveries per root message per second of wall time (0: no bound). A chain past it is held back, not
   * refused: the source slot whose outbox would go over waits (with everything after it from the same
   * process, which keeps the sender's order) until the second is over, then is delivered unchanged.
   * Default 1,000.
   */
  maxChainRate: number;
}

export const defaultMessengerLimits: MessengerLimits = {
  maxChainDepth: 10_000,
  maxChainMessages: 100_000,
  maxChainRate: 1_000,
};

/** A chain held back by `maxChainRate`: the source slot that waits, and why. */
export interface HeldChain {
  /** The root message (`Pushed-For`) of the chain. */
  root: string;
  /** The process whose outbox delivery waits, and its first undelivered slot. */
  processId: string;
  slot: number;
  /** Deliveries of the chain in the current one-second window (at least `limit`). */
  deliveries: number;
  limit: number;
  /** Wall-clock ms until the slot is tried again. */
  retryInMs: number;
}

export interface MessengerDeps {
  store: Store;
  scheduler: Scheduler;
  /** The node's key: signs every pushed message, spawned process and Spawned notice (ed25519: deterministic). */
  signer: Signer;
  createItem: CreateItem;
  results: ResultStore;
  /** Default: createDeliveryStore(store). */
  deliveries?: DeliveryStore;
  /** The CU's check of a spawn (module known, limits parse); throws an AoliteError to refuse it. */
  checkSpawn?: (item: DataItem, module: string) => void;
  limits?: Partial<MessengerLimits>;
  /** Source processes delivered side by side (the global bound of the delivery queue). Default 4. */
  concurrency?: number;
  /** Evaluated slots delivered per transaction. Default 256. */
  batchSize?: number;
  /** Delivery failures that are not refusals (bugs, a closed database). Default: console.error. */
  onError?: (processId: string, error: unknown) => void;
  /** An entry was refused (no Target, unsignable tag, a loop limit). Default: console.warn, once per root. */
  onRefused?: (record: DeliveryRecord) => void;
  /** A chain reached `maxChainRate` and waits. Default: console.warn, once per root. */
  onHeld?: (held: HeldChain) => void;
  /**
   * Monotonic wall clock in ms for `maxChainRate` (default: performance.now). Only paces deliveries;
   * nothing it returns reaches a process or the log.
   */
  now?: () => number;
}

/** Where a delivered message came from: the slot whose evaluation emitted it. */
export interface LineageParent {
  processId: string;
  slot: number;
  /** The message evaluated at that slot. */
  messageId: string;
  kind: DeliveryRecord['kind'];
  outboxIndex: number;
}

/** The chain around one message, from stored data. */
export interface Lineage {
  messageId: string;
  /** The user message (or cron tick) at the root of the chain: its `Pushed-For`, else itself. */
  root: string;
  /** null for a message nobody pushed (a user message, a cron tick, a spawn posted by a wallet). */
  parent: LineageParent | null;
  /** Everything its evaluation emitted, on every process it was assigned to, refusals included. */
  children: DeliveryRecord[];
}

/**
 * The messenger unit (ao MU, outbox side): delivers every outbox entry of every evaluated slot exactly
 * once — pushed messages, spawns with their Spawned notices, assignments — each recorded in `deliveries`
 * in the same transaction as the delivery; keeps per-source order; bounds runaway chains; answers lineage;
 * keeps cron processes ticking.
 */
export interface Messenger {
  /** Results of `processId` were stored: deliver their outboxes in the background (never throws). */
  notify(processId: string): void;
  /** Finds every process whose results are ahead of its deliveries (after a restart) and delivers. */
  resume(): number;
  /** Resolves when the delivery queue is empty and no chain is held back. */
  idle(): Promise<void>;
  /** Deliveries queued or running, plus chains held back by `maxChainRate`. */
  pending(): number;
  /** The chains held back by `maxChainRate` right now, one per waiting source process. */
  held(): HeldChain[];
  /** Root, parent and children of a message. NOT_FOUND when the node has never seen it. */
  lineage(messageId: string): Lineage;
  /** The delivery rows of one evaluated slot, in outbox order. */
  deliveriesOf(processId: string, slot: number): DeliveryRecord[];
  /** Keeps a cron process ticking on the timer (the default for every cron process). */
  monitor(processId: string): void;
  /** Stops ticking it on the timer; its due ticks are still assigned before any later message. */
  unmonitor(processId: string): void;
  /** Assigns the due ticks of every monitored cron process; returns how many. */
  tickCrons(): number;
  /** Stops taking work and waits for running deliveries. */
  close(): Promise<void>;
}
