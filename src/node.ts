import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AoServices } from './api/graphql/context.js';
import { createDeliveryLineage } from './api/graphql/delivery-lineage.js';
import { defaultGraphQLLimits, type GraphQLLimits } from './api/graphql/limits.js';
import { createLiveEvents, type LiveEvents } from './api/graphql/live-events.js';
import { createGraphQL } from './api/graphql/yoga.js';
import { createHttpApp } from './api/http/app.js';
import { createQueuedIngest } from './api/http/queued-ingest.js';
import { createCheckpointPolicy } from './compute/checkpoint-policy.js';
import { type Checkpoints, createCheckpoints } from './compute/checkpoints.js';
import {
  type Compute,
  type ComputeDeps,
  createCompute,
  createSpawnCheck,
  registerBuiltinModule,
} from './compute/index.js';
import { verifyProcess } from './compute/verify.js';
import type { NodeConfig } from './config.js';
import type { Signer } from './core/types.js';
import { nodeHashes } from './crypto/hashes.js';
import { createEd25519Signer, generateEd25519Seed, parseAndVerify, signDataItem } from './crypto/index.js';
import { createMessenger, type Messenger, type MessengerDeps } from './messenger/index.js';
import { createIngest, type IngestResult } from './messenger/ingest.js';
import { loadOrCreateNodeKey } from './node/identity.js';
import { loadAosLibrary } from './runtime/library.js';
import { createGroupCommit, createScheduler, type Scheduler } from './scheduler/index.js';
import {
  createDeliveryStore,
  createResultStore,
  openStore,
  type ResultStore,
  type Store,
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
  /** Run the cron timer that ticks monitored cron processes (default: as `sealTimer`). */
  cronTimer?: boolean;
  /** Messenger settings (queue bound, batch size, report hooks); the chain limits come from the config. */
  messenger?: Pick<MessengerDeps, 'concurrency' | 'batchSize' | 'onError' | 'onRefused'>;
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
  store: Store;
  scheduler: Scheduler;
  /** The gateway read side (GraphQL listings). */
  reads: GatewayReads;
  compute: Compute;
  /** Outbox delivery (exactly once), lineage, cron monitoring. */
  messenger: Messenger;
  /** Resolves when compute and messenger have nothing left to do (every chain has run to its end). */
  settle(): Promise<void>;
  /** The checkpoint store (content-addressed memory pages) compute restores from. */
  checkpoints: Checkpoints;
  /** Id of the node's built-in module (the aos-compatible Lua library), registered at first start. */
  moduleId: string;
  /** Committed assignments and stored results as they happen (the GraphQL subscriptions' source). */
  events: LiveEvents;
  ingest: (raw: Uint8Array) => IngestResult;
  fetch: (request: Request) => Response | Promise<Response>;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'aolite.sqlite';

const storeBehindEvaluation = (store: Store): string[] => createDeliveryStore(store).behindEvaluation();

/** The one composition root: store → built-in module → compute → scheduler → messenger → api. */
export async function createNode(config: NodeConfig, options: NodeOptions = {}): Promise<AoliteNode> {
  const clock = options.clock ?? Date.now;
  const inMemory = config.dataDir === ':memory:';
  let seed: Uint8Array;
  let keyCreated: boolean;
  let dataPath: string;
  if (inMemory) {
    seed = generateEd25519Seed();
    keyCreated = true;
    dataPath = ':memory:';
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    ({ seed, created: keyCreated } = loadOrCreateNodeKey(config.dataDir));
    dataPath = resolve(join(config.dataDir, DATABASE_FILE));
  }
  const signer = createEd25519Signer(seed);
  const store = openStore({ path: dataPath });
  const { module } = registerBuiltinModule({ store, signer, createItem: signDataItem, clock });
  const { eager = true, ...computeOptions } = options.compute ?? {};
  const checkpoints = createCheckpoints({ store, clock });
  const events = createLiveEvents();
  const results = publishingResults(createResultStore(store), events);
  const library = computeOptions.library ?? loadAosLibrary();
  // The messenger is built after the scheduler, which compute needs first: compute reaches it late.
  let messenger: Messenger | undefined;
  const policy = createCheckpointPolicy({
    store,
    checkpoints,
    config: {
      everySlots: config.checkpointEverySlots,
      everyMs: config.checkpointEveryMs,
      onEviction: config.checkpointOnEviction,
      onShutdown: config.checkpointOnShutdown,
    },
    resultHashOf: (processId, slot) => results.at(processId, slot)?.hash,
  });
  const compute = createCompute({
    stateSource: checkpoints.stateSource,
    maxEngines: config.maxEngines,
    maxEngineBytes: config.maxEngineBytes,
    ...computeOptions,
    store,
    results,
    library,
    onEvict: (engine) => {
      policy.onEvict(engine);
      computeOptions.onEvict?.(engine);
    },
    onEvaluated: (processId, slot) => {
      messenger?.notify(processId);
      computeOptions.onEvaluated?.(processId, slot);
    },
    checkpointPolicy: async (batch) => {
      policy.afterBatch(batch);
      await computeOptions.checkpointPolicy?.(batch);
    },
  });
  const scheduler = createScheduler({
    store,
    signer,
    createItem: signDataItem,
    clock,
    blockIntervalMs: config.blockIntervalMs,
    onAssigned: (processId: string, slot: number) => {
      if (eager) compute.notify(processId);
      // Told inside the write transaction: publish once it has committed (the row exists then).
      queueMicrotask(() => {
        const assignment = store.assignmentsBySlot(processId, { fromSlot: slot, toSlot: slot, limit: 1 })[0];
        if (assignment !== undefined) events.assigned(assignment);
      });
    },
  });
  const checkSpawn = createSpawnCheck(store, module.id);
  const ingest = createIngest({ scheduler, parseAndVerify, checkSpawn });
  // HTTP posts: concurrent requests share one write transaction per event-loop turn (group commit).
  const groupCommit = createGroupCommit({ scheduler });
  const postIngest = createQueuedIngest({
    schedulerAddress: scheduler.address,
    parseAndVerify,
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
    limits: { maxChainDepth: config.maxChainDepth, maxChainMessages: config.maxChainMessages },
  });
  messenger = activeMessenger;
  // After a restart: finish what a crash interrupted (evaluation, then delivery of stored results).
  if (eager) for (const processId of storeBehindEvaluation(store)) compute.notify(processId);
  activeMessenger.resume();
  const reads = createGatewayReads(store);
  const schedulerReads = createSchedulerReads(store);
  const services: AoServices = {
    ao: createAoReads(store),
    lineage: createDeliveryLineage((messageId) => activeMessenger.lineage(messageId), reads),
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
    maxGraphQLBodyBytes: defaultGraphQLLimits.maxBodyBytes,
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

  let closed = false;
  return {
    config,
    address: signer.address,
    signer,
    dataPath,
    keyCreated,
    store,
    scheduler,
    reads,
    compute,
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
    async close() {
      if (closed) return;
      closed = true;
      if (sealTimer) clearInterval(sealTimer);
      if (cronTimer) clearInterval(cronTimer);
      groupCommit.close();
      policy.shuttingDown();
      try {
        await activeMessenger.close();
        await compute.close();
      } finally {
        store.close();
      }
    },
  };
}

/** The result store, publishing every appended row once its batch has committed. */
function publishingResults(results: ResultStore, events: LiveEvents): ResultStore {
  return {
    ...results,
    append(processId, rows) {
      results.append(processId, rows);
      for (const row of rows) events.evaluated({ ...row, processId });
    },
  };
}
