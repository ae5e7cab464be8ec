import { existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { AoServices } from './api/graphql/context.js';
import { createDeliveryLineage } from './api/graphql/delivery-lineage.js';
import { defaultGraphQLLimits, type GraphQLLimits } from './api/graphql/limits.js';
import { createLiveEvents, type LiveEvents } from './api/graphql/live-events.js';
import { createGraphQL } from './api/graphql/yoga.js';
import { createHttpApp } from './api/http/app.js';
import { createNodeListener, type NodeListener } from './api/http/node-listener.js';
import { createPostItem } from './api/http/post-item.js';
import { createQueuedIngest } from './api/http/queued-ingest.js';
import { type Checkpoints, createCheckpoints } from './compute/checkpoints.js';
import { type Compute, type ComputeDeps, createSpawnCheck, registerBuiltinModule } from './compute/index.js';
import { verifyProcess } from './compute/verify.js';
import type { NodeConfig } from './config.js';
import { AoliteError } from './core/errors.js';
import type { Signer } from './core/types.js';
import { nodeHashes } from './crypto/hashes.js';
import {
  createEd25519Signer,
  createVerifyPool,
  generateEd25519Seed,
  parseAndVerify,
  signDataItem,
} from './crypto/index.js';
import { createMessenger, type Messenger, type MessengerDeps } from './messenger/index.js';
import { createIngest, type IngestResult } from './messenger/ingest.js';
import { type DataLock, lockDataFolder } from './node/data-lock.js';
import { loadOrCreateNodeKey, NODE_KEY_FILE } from './node/identity.js';
import { createNodeCompute } from './node/node-compute.js';
import { libraryFingerprint } from './runtime/fingerprint.js';
import { loadAosLibrary } from './runtime/library.js';
import { createGroupCommit, createScheduler, type Scheduler } from './scheduler/index.js';
import {
  createDeliveryStore,
  createResultStore,
  openStore,
  type Store,
  type StoredAssignment,
} from './store/index.js';
import {
  auditProcess,
  createAoReads,
  createGatewayReads,
  createSchedulerReads,
  type GatewayReads,
} from './store/read/index.js';

export interface NodeOptions {
  /** Milliseconds since the epoch. The composition root is the only place the wall clock enters. */
  clock?: () => number;
  /** Run the block-sealing timer (default true). Tests driving a fixed clock turn it off. */
  sealTimer?: boolean;
  /** GraphQL abuse limits over the defaults (depth, aliases, replay-backed fields and span). */
  graphqlLimits?: Partial<GraphQLLimits>;
  /**
   * Worker threads verifying the signatures of HTTP posts (0 = on the event loop). Default: one per core
   * beyond the first, at most 4.
   */
  verifyThreads?: number;
  /** Run the cron timer that ticks monitored cron processes (default: as `sealTimer`). */
  cronTimer?: boolean;
  /** Messenger settings (queue bound, batch size, report hooks); the chain limits come from the config. */
  messenger?: Pick<MessengerDeps, 'concurrency' | 'batchSize' | 'onError' | 'onRefused' | 'onHeld' | 'now'>;
  /**
   * Run the compute unit on its own thread (node/node-compute.ts), so evaluation never holds HTTP, the
   * scheduler, the messenger or the timers. Default: true on a database file when `compute` holds only
   * plain data (no runtime factory, hooks, timer, library or result store object, which must be called in
   * this thread); false for ':memory:', which no other thread can open. true where it cannot be honoured
   * fails the start.
   */
  computeThread?: boolean;
  /** Compute settings and seams (engine cache bounds, batch size, checkpoint hooks, runtime factory). */
  compute?: Omit<ComputeDeps, 'store'> & {
    /** Evaluate in the background after every assignment (default true); false = only when read. */
    eager?: boolean;
  };
}

/** A running aolite node: its units, its HTTP handler, and `close()`. */
export interface AoliteNode {
  config: NodeConfig;
  /** The node's address: scheduler and messenger key. */
  address: string;
  signer: Signer;
  /** The SQLite file, or ':memory:'. */
  dataPath: string;
  keyCreated: boolean;
  /** The pid of a node that no longer runs (killed) whose folder lock this node took over. */
  lockTakenOverFrom: number | undefined;
  store: Store;
  scheduler: Scheduler;
  /** The gateway read side (GraphQL listings). */
  reads: GatewayReads;
  compute: Compute;
  /** Whether the compute unit runs on its own thread (NodeOptions.computeThread). */
  computeThread: boolean;
  /** Outbox delivery (exactly once), lineage, cron monitoring. */
  messenger: Messenger;
  /** Resolves when compute and messenger have nothing left to do (every chain has run to its end). */
  settle(): Promise<void>;
  /** The checkpoint store (content-addressed memory pages) compute restores from. */
  checkpoints: Checkpoints;
  /** Id of the node's built-in module (the aos-compatible Lua library), registered at the first start with this library. */
  moduleId: string;
  /** Committed assignments and stored results as they happen (the GraphQL subscriptions' source). */
  events: LiveEvents;
  ingest: (raw: Uint8Array) => IngestResult;
  fetch: (request: Request) => Response | Promise<Response>;
  /** The node:http listener `aolite serve` runs: `fetch`, with a lean path for `POST /` of an item. */
  listener: NodeListener;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'aolite.sqlite';

/** Signature-verification threads a node starts by default: the cores left over by the event loop, up to 4. */
export const defaultVerifyThreads = (): number => Math.min(4, availableParallelism() - 1);

const storeBehindEvaluation = (store: Store): string[] => createDeliveryStore(store).behindEvaluation();

/**
 * The node key of a data folder (loaded, or created on first start). A log without its key is refused:
 * a new key would sign that log's next assignments under another address.
 */
function folderKey(dataDir: string, dataPath: string): { seed: Uint8Array; created: boolean } {
  if (!existsSync(join(dataDir, NODE_KEY_FILE)) && statSync(dataPath, { throwIfNoEntry: false })?.size) {
    throw new AoliteError(
      'CONFLICT',
      `${dataPath} is a log this folder's node wrote, but its ${NODE_KEY_FILE} is missing: put that file back (a new key would sign this log's assignments under another address)`,
    );
  }
  return loadOrCreateNodeKey(dataDir);
}

/** The one composition root: store → built-in module → compute → scheduler → messenger → api. */
export async function createNode(config: NodeConfig, options: NodeOptions = {}): Promise<AoliteNode> {
  const clock = options.clock ?? Date.now;
  const inMemory = config.dataDir === ':memory:';
  const dataPath = inMemory ? ':memory:' : resolve(join(config.dataDir, DATABASE_FILE));
  if (!inMemory) mkdirSync(config.dataDir, { recursive: true });
  const lock = inMemory ? undefined : lockDataFolder(config.dataDir);
  let key: { seed: Uint8Array; created: boolean };
  let store: Store;
  try {
    key = inMemory ? { seed: generateEd25519Seed(), created: true } : folderKey(config.dataDir, dataPath);
    store = openStore({ path: dataPath });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Everything from here on runs on the open store; a failure part way closes what was started and the
  // store, and releases the folder, so a failed start leaves no lock and no running threads behind.
  const cleanups: Array<() => unknown> = [];
  try {
    return await assembleNode(config, options, { clock, dataPath, lock, key, store, cleanups });
  } catch (error) {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // best effort: the error that stopped the start is the one reported
      }
    }
    store.close();
    lock?.release();
    throw error;
  }
}

interface OpenedFolder {
  clock: () => number;
  dataPath: string;
  lock: DataLock | undefined;
  key: { seed: Uint8Array; created: boolean };
  store: Store;
  /** Closers of what has been started so far, in start order. */
  cleanups: Array<() => unknown>;
}

/** The units over an opened store (createNode's second half). */
async function assembleNode(
  config: NodeConfig,
  options: NodeOptions,
  opened: OpenedFolder,
): Promise<AoliteNode> {
  const { clock, dataPath, lock, key, store, cleanups } = opened;
  const { seed, created: keyCreated } = key;
  const signer = createEd25519Signer(seed);
  const { eager = true, ...computeOptions } = options.compute ?? {};
  const library = computeOptions.library ?? loadAosLibrary();
  const libraryHash = libraryFingerprint(library);
  const { module } = registerBuiltinModule({ store, signer, createItem: signDataItem, clock, libraryHash });
  const checkpoints = createCheckpoints({ store, clock });
  const events = createLiveEvents();
  const results = createResultStore(store);
  // The messenger is built after the scheduler, which compute needs first: compute reaches it late.
  let messenger: Messenger | undefined;
  const unit = createNodeCompute({
    config,
    dataPath,
    store,
    checkpoints,
    results,
    library,
    libraryHash,
    clock,
    computeOptions,
    thread: options.computeThread,
    // On the main thread in both modes: the messenger and the live subscriptions live here.
    onEvaluated: (processId, slot, fromSlot) => {
      messenger?.notify(processId);
      if (events.watchesResults(processId)) publishResults(processId, fromSlot, slot);
    },
  });
  const computeUnit = unit.compute;
  cleanups.push(() => computeUnit.close());
  const publishAssigned = createAssignedPublisher(store, events);
  // The results are written on another thread (the compute unit's writer): read back, only while someone
  // listens.
  function publishResults(processId: string, fromSlot: number, slot: number): void {
    const rows = results.page(processId, {
      afterSlot: fromSlot - 1,
      beforeSlot: slot + 1,
      limit: slot - fromSlot + 1,
    });
    for (const row of rows) events.evaluated(row);
  }
  // Eager evaluation starts on a later turn of the event loop, never before the writes that caused it
  // are acknowledged (a group commit answers its posts in the microtasks right after it).
  const later = deferNotify(computeUnit);
  const compute: Compute = {
    ...computeUnit,
    idle: () => {
      later.flush();
      return computeUnit.idle();
    },
    pending: () => later.pending() + computeUnit.pending(),
  };
  const evaluateLater = later.notify;
  const scheduler = createScheduler({
    store,
    signer,
    createItem: signDataItem,
    clock,
    blockIntervalMs: config.blockIntervalMs,
    onAssigned: (processId, slot, assignment) => {
      if (eager) evaluateLater(processId);
      publishAssigned(processId, slot, assignment);
    },
  });
  const checkSpawn = createSpawnCheck(store, module.id, libraryHash);
  const ingest = createIngest({ scheduler, parseAndVerify, checkSpawn });
  // HTTP posts: signatures checked on worker threads, then concurrent requests share one write
  // transaction per event-loop turn (group commit).
  const verifyThreads = options.verifyThreads ?? defaultVerifyThreads();
  const verifyPool = verifyThreads > 0 ? createVerifyPool({ threads: verifyThreads }) : undefined;
  cleanups.push(() => verifyPool?.close());
  // A short batch waits (≤ 2 ms) for posts still being verified, so a burst shares one transaction.
  const groupCommit = createGroupCommit({ scheduler, arriving: () => postIngest.arriving() });
  const postIngest = createQueuedIngest({
    schedulerAddress: scheduler.address,
    parseAndVerify: verifyPool?.parseAndVerify ?? parseAndVerify,
    checkSpawn,
    groupCommit,
  });
  const activeMessenger = createMessenger({
    ...options.messenger,
    store,
    scheduler,
    signer,
    createItem: signDataItem,
    results,
    checkSpawn,
    limits: {
      maxChainDepth: config.maxChainDepth,
      maxChainMessages: config.maxChainMessages,
      maxChainRate: config.maxChainRate,
    },
  });
  messenger = activeMessenger;
  cleanups.push(() => activeMessenger.close());
  // After a restart: finish what a crash interrupted (evaluation, then delivery of stored results).
  if (eager) for (const processId of storeBehindEvaluation(store)) compute.notify(processId);
  activeMessenger.resume();
  const reads = createGatewayReads(store);
  const schedulerReads = createSchedulerReads(store);
  const services: AoServices = {
    nodeAddress: signer.address,
    ao: createAoReads(store),
    lineage: createDeliveryLineage((messageId) => activeMessenger.lineage(messageId), reads, signer.address),
    schedulerReads,
    state: (processId, path, slot) => compute.state(processId, path, slot === undefined ? {} : { slot }),
    checkpointAtOrBelow: (processId, slot) => {
      let best: number | undefined;
      for (const c of checkpoints.list(processId))
        if (c.slot <= slot && (best === undefined || c.slot > best)) best = c.slot;
      return best;
    },
    verify: (processId, toSlot, from) =>
      verifyProcess({
        store,
        library,
        processId,
        from,
        checkpoints,
        ...(toSlot === undefined ? {} : { toSlot }),
      }),
    audit: (processId) => auditProcess(store, processId, nodeHashes.sha256),
    events,
  };
  const graphql = createGraphQL({
    reads,
    services,
    ...(options.graphqlLimits === undefined ? {} : { limits: options.graphqlLimits }),
  });
  const app = createHttpApp({
    ingest: postIngest,
    scheduler,
    compute,
    messenger: activeMessenger,
    parseAndVerify,
    maxBodyBytes: config.maxBodyBytes,
    store,
    schedulerReads,
    graphql,
    maxGraphQLBodyBytes: options.graphqlLimits?.maxBodyBytes ?? defaultGraphQLLimits.maxBodyBytes,
  });

  const sealTimer =
    options.sealTimer === false
      ? undefined
      : setInterval(() => {
          try {
            scheduler.sealBlock();
          } catch (error) {
            console.error('aolite: sealing a block failed', error);
          }
        }, config.blockIntervalMs);
  sealTimer?.unref();
  const cronTimer =
    (options.cronTimer ?? options.sealTimer) === false
      ? undefined
      : setInterval(() => {
          try {
            activeMessenger.tickCrons();
          } catch (error) {
            console.error('aolite: ticking cron processes failed', error);
          }
        }, config.cronTickMs);
  cronTimer?.unref();
  cleanups.push(() => {
    clearInterval(sealTimer);
    clearInterval(cronTimer);
  });

  // The compute thread has opened the database and checked its library (a start that cannot is refused).
  await unit.ready;

  let closed = false;
  return {
    config,
    address: signer.address,
    signer,
    dataPath,
    keyCreated,
    lockTakenOverFrom: lock?.takenOverFrom,
    store,
    scheduler,
    reads,
    compute,
    computeThread: unit.threaded,
    messenger: activeMessenger,
    async settle() {
      for (;;) {
        await compute.idle();
        await activeMessenger.idle();
        if (compute.pending() === 0 && activeMessenger.pending() === 0) return;
      }
    },
    checkpoints,
    moduleId: module.id,
    events,
    ingest,
    fetch: (request) => app.fetch(request),
    listener: createNodeListener(
      (request) => app.fetch(request),
      createPostItem({ ingest: postIngest, maxBodyBytes: config.maxBodyBytes }),
    ),
    async close() {
      if (closed) return;
      closed = true;
      if (sealTimer) clearInterval(sealTimer);
      if (cronTimer) clearInterval(cronTimer);
      groupCommit.close();
      await verifyPool?.close();
      later.cancel();
      unit.shuttingDown();
      try {
        await activeMessenger.close();
        await compute.close();
      } finally {
        store.close();
        lock?.release();
      }
    },
  };
}

/**
 * Publishes assignments to subscribers once their transaction has committed. The scheduler reports each
 * assignment inside its (synchronous) write transaction, which may yet roll back; one microtask after the
 * current synchronous run, every transaction of that run has ended. Per process, the last report of a slot
 * wins (a rolled-back slot can be taken again in the same run) and only slots up to the process's
 * committed latest are published: one query per process and run instead of one per assignment.
 */
function createAssignedPublisher(
  store: Store,
  events: LiveEvents,
): (processId: string, slot: number, assignment: StoredAssignment) => void {
  let pending = new Map<string, Map<number, StoredAssignment>>();
  const flush = (): void => {
    const batch = pending;
    pending = new Map();
    try {
      for (const [processId, bySlot] of batch) {
        const latest = store.latestAssignment(processId)?.slot ?? -1;
        for (const [slot, assignment] of bySlot) {
          if (slot <= latest) events.assigned(stripItem(assignment));
        }
      }
    } catch (error) {
      console.error('aolite: publishing assignments to subscribers failed', error);
    }
  };
  return (processId, slot, assignment) => {
    if (pending.size === 0) queueMicrotask(flush);
    let bySlot = pending.get(processId);
    if (bySlot === undefined) {
      bySlot = new Map();
      pending.set(processId, bySlot);
    }
    bySlot.set(slot, assignment);
  };
}

/** The stored row of an assignment (without the Assignment item the scheduler returns alongside). */
function stripItem(assignment: StoredAssignment): StoredAssignment {
  const { seq, processId, slot, messageId, assignmentId, timestamp, blockHeight, epoch, hashChain } =
    assignment;
  return { seq, processId, slot, messageId, assignmentId, timestamp, blockHeight, epoch, hashChain };
}

/** `compute.notify` on the next turn of the event loop, each process once; `flush` notifies now. */
function deferNotify(compute: Compute): {
  notify(processId: string): void;
  flush(): void;
  pending(): number;
  cancel(): void;
} {
  const waiting = new Set<string>();
  let timer: NodeJS.Immediate | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearImmediate(timer);
    timer = undefined;
    for (const id of waiting) compute.notify(id);
    waiting.clear();
  };
  return {
    notify(processId) {
      waiting.add(processId);
      timer ??= setImmediate(flush);
    },
    flush,
    pending: () => waiting.size,
    cancel() {
      if (timer !== undefined) clearImmediate(timer);
      timer = undefined;
      waiting.clear();
    },
  };
}
