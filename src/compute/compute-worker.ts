/**
 * The compute thread (compute/compute-thread.ts): the node's compute unit, on its own connection to the
 * node's database file, so evaluation never holds the main thread (HTTP, scheduler, messenger, timers).
 * It is wired as an inline compute unit is (node-unit.ts), with the node's engine bounds and batch
 * slicing. WAL lets it read what the main thread commits and commit results and checkpoints the main
 * thread then reads.
 *
 * It answers calls in the order they arrive (each an async call of the compute unit), hands notifies to
 * the unit's queue as they arrive, and reports each committed batch of results ("evaluated") and its
 * background state with every message it sends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AoliteError } from '../core/errors.js';
import { libraryFingerprint } from '../runtime/fingerprint.js';
import { loadAosLibrary } from '../runtime/library.js';
import { createProcessRuntime } from '../runtime/process-runtime.js';
import { DEFAULT_LIMITS } from '../runtime/types.js';
import { openStore } from '../store/open.js';
import { createResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';
import type { CheckpointPolicy } from './checkpoint-policy.js';
import { createCheckpoints } from './checkpoints.js';
import {
  type ComputeThreadReply,
  type ComputeThreadRequest,
  type ComputeThreadSettings,
  type ComputeThreadStatus,
  serializeError,
} from './compute-thread-protocol.js';
import { createNodeUnit } from './node-unit.js';
import type { Compute, DryRunInput, ResultAt, ResultsQuery } from './types.js';

const settings = workerData as ComputeThreadSettings;
const port = parentPort!;
const post = (message: ComputeThreadReply): void => port.postMessage(message);

// The node clock cannot cross (a function): checkpoints are stamped with this thread's wall clock moved by
// the node clock's offset last seen (a checkpoint's time is a record, never an input of evaluation).
let skew = settings.now - Date.now();
const clock = (): number => Date.now() + skew;

/** The highest notify seq handed to the compute unit. */
let notified = 0;

interface Unit {
  store: Store;
  compute: Compute;
  policy: CheckpointPolicy;
  walCheckpoints: NodeJS.Timeout;
}

/**
 * How often this thread copies the log's WAL into the database (a PASSIVE checkpoint: it never blocks a
 * writer). The main thread's connection checkpoints only past MAIN_WAL_AUTOCHECKPOINT_PAGES
 * (node/node-compute.ts): a checkpoint copies megabytes and used to stall an HTTP post's commit for tens
 * of milliseconds.
 */
const WAL_CHECKPOINT_MS = 250;

function start(): Unit {
  // Same code and library as the main thread, so the same results: the fingerprints must agree.
  const library = loadAosLibrary();
  const libraryHash = libraryFingerprint(library);
  if (libraryHash !== settings.libraryHash) {
    throw new AoliteError(
      'INTERNAL',
      `the compute thread's library fingerprint ${libraryHash} differs from the node's ${settings.libraryHash}`,
    );
  }
  const store = openStore({ path: settings.path });
  try {
    const checkpoints = createCheckpoints({ store, clock });
    const { compute, policy } = createNodeUnit({
      store,
      checkpoints,
      results: createResultStore(store),
      library,
      policy: settings.checkpointPolicy,
      options: settings.compute,
      // After the batch's results are committed: the main thread delivers outboxes and publishes results.
      onEvaluated: (processId, slot, fromSlot) =>
        post({ kind: 'evaluated', processId, slot, fromSlot, status: status() }),
    });
    // Compiles the Lua WebAssembly and boots the library once now, in the background: the first process
    // then starts from the boot image (runtime/process-runtime.ts) instead of paying for both.
    createProcessRuntime({ library, limits: DEFAULT_LIMITS }).then(
      (runtime) => runtime.close(),
      () => undefined, // the first process reports what failed
    );
    const walCheckpoints = setInterval(() => {
      try {
        store.orm.$client.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        console.error('aolite: checkpointing the WAL failed', error);
      }
    }, WAL_CHECKPOINT_MS);
    walCheckpoints.unref();
    return { store, compute, policy, walCheckpoints };
  } catch (error) {
    store.close();
    throw error;
  }
}

let unit: Unit | undefined;
try {
  unit = start();
} catch (error) {
  // Nothing listens from here on: the thread ends, and the main thread refuses to start the node.
  post({ kind: 'failed', error: serializeError(error) });
}

function status(): ComputeThreadStatus {
  return {
    notified,
    pending: unit?.compute.pending() ?? 0,
    engines: unit?.compute.engines() ?? { count: 0, bytes: 0 },
  };
}

/** One status message per turn at most, after notifies (queue grew) or when the queue went idle. */
let statusDue = false;
function reportStatus(): void {
  if (statusDue) return;
  statusDue = true;
  setImmediate(() => {
    statusDue = false;
    post({ kind: 'status', status: status() });
  });
}
let watchingIdle = false;
function reportWhenIdle(compute: Compute): void {
  if (watchingIdle) return;
  watchingIdle = true;
  void compute.idle().then(() => {
    watchingIdle = false;
    reportStatus();
  });
}

function call(compute: Compute, request: Extract<ComputeThreadRequest, { kind: 'call' }>): Promise<unknown> {
  const [processId, second, third] = request.args as [string, unknown, unknown];
  switch (request.method) {
    case 'resultOf':
      return compute.resultOf(processId, second as ResultAt);
    case 'results':
      return compute.results(processId, second as ResultsQuery | undefined);
    case 'dryRun':
      return compute.dryRun(processId, second as DryRunInput, third as { slot?: number } | undefined);
    case 'state':
      return compute.state(processId, second as string, third as { slot?: number } | undefined);
    case 'catchUp':
      return compute.catchUp(processId);
  }
}

/** Answers request `id` (a value that cannot be cloned is answered as an error, never left unanswered). */
function answer(id: number, outcome: { value: unknown } | { error: unknown }): void {
  if ('error' in outcome) {
    post({ kind: 'reply', id, error: serializeError(outcome.error), status: status() });
    return;
  }
  try {
    post({ kind: 'reply', id, value: outcome.value, status: status() });
  } catch (error) {
    post({ kind: 'reply', id, error: serializeError(error), status: status() });
  }
}

async function close(current: Unit): Promise<void> {
  // As node.ts does inline: engines leaving from now on are saved as shutdown checkpoints (if configured).
  current.policy.shuttingDown();
  try {
    await current.compute.close();
  } finally {
    clearInterval(current.walCheckpoints);
    current.store.close();
  }
}

if (unit !== undefined) {
  const current = unit;
  const { compute } = current;
  port.on('message', (request: ComputeThreadRequest) => {
    skew = request.now - Date.now();
    switch (request.kind) {
      case 'notify':
        compute.notify(request.processId);
        notified = request.seq;
        reportStatus();
        reportWhenIdle(compute);
        return;
      case 'call':
        call(compute, request).then(
          (value) => answer(request.id, { value }),
          (error: unknown) => answer(request.id, { error }),
        );
        return;
      case 'idle':
        // Every notify sent before this request was handed to the queue above (messages arrive in order).
        compute.idle().then(
          () => answer(request.id, { value: undefined }),
          (error: unknown) => answer(request.id, { error }),
        );
        return;
      case 'close':
        close(current).then(
          () => answer(request.id, { value: undefined }),
          (error: unknown) => answer(request.id, { error }),
        );
        return;
    }
  });
  post({ kind: 'ready', status: status() });
}
