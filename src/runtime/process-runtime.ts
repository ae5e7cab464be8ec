import { AoliteError } from '../core/errors.js';
import { createLuaEngine, type Invocation, type LuaEngine } from './engine.js';
import { createLuaPlanBuilder, type LuaValue } from './lua-plan.js';
import { pagedImage, updatePagedImage } from './memory.js';
import { messagePlan } from './message-plan.js';
import { type RawResult, resultOfRaw } from './result.js';
import {
  decodeStateRead,
  MAX_STATE_JSON,
  STATE_READER_FUNCTION,
  type StateKey,
  type StateRead,
} from './state-reader.js';
import type { AoEnv, AoMessage, EvalResult, LuaLibrary, RuntimeLimits } from './types.js';

/**
 * One ao process evaluated in its own Lua engine. `handle` is synchronous: message and env go in as
 * JSON text or as Lua tables (LuaLibrary.input), the library's `__aolite_handle` returns the result
 * as JSON text.
 *
 * Rollback: a result with an Error leaves the memory exactly as before the message. The success path
 * pays nothing for this: the runtime keeps a base snapshot plus the journal of messages handled
 * successfully since; on an Error it restores the base, replays the journal (evaluation is
 * deterministic) and takes a new base. A new base is also taken every `rebaseEvery` messages so a
 * replay stays short.
 */
export interface ProcessRuntime {
  handle(msg: AoMessage, env: AoEnv): EvalResult;
  /**
   * `handle` of a message already turned into its push plan by `messagePlan` (runtime/message-plan.ts)
   * for this runtime's library: the same evaluation, without building the plan here.
   */
  handlePrepared(msg: LuaValue, env: AoEnv): EvalResult;
  /**
   * `handlePrepared` giving what the library returned before decoding (`resultOfRaw` in result.ts turns it
   * into the same EvalResult): for callers that finish results on another thread.
   */
  handleRaw(msg: LuaValue, env: AoEnv): RawResult;
  /** Evaluates a message and leaves the process state untouched. */
  dryRun(msg: AoMessage, env: AoEnv): EvalResult;
  /** The process memory now (see LuaEngine.snapshot). */
  snapshot(): Uint8Array;
  /**
   * The process memory now without a copy: a live view of the linear memory, valid only until the next
   * call into this runtime (read it synchronously, never keep it).
   */
  memoryView(): Uint8Array;
  memoryHash(): string;
  /** Bytes of linear memory the engine holds now (never shrinks); what an engine cache counts. */
  memoryBytes(): number;
  /**
   * Reads the value at a key path from the globals as JSON (state-reader.lua), under the process limits
   * (it calls functions process code may have replaced), and leaves the process state untouched
   * (snapshot before, restore after, as dryRun).
   */
  readState(keys: readonly StateKey[]): StateRead;
  close(): void;
}

export interface ProcessRuntimeOptions {
  library: LuaLibrary;
  limits: RuntimeLimits;
  /** Start from this memory (a snapshot of a runtime with the same library) instead of booting the library. */
  snapshot?: Uint8Array;
  /** Successful messages between two rollback bases (default 64). */
  rebaseEvery?: number;
  /**
   * Boot the library in this runtime's engine from the start (C runtime, Lua state, sandbox, library
   * modules, boot chunk) instead of copying the memory image of the first runtime that booted the same
   * library object. Both give byte-identical memories; this exists to test that.
   */
  fromScratch?: boolean;
}

/**
 * Memory right after the library booted, per library object (a library must not change after its
 * first use). Booting copies it into a fresh engine instead of compiling and running the library again.
 */
const bootImages = new WeakMap<LuaLibrary, Uint8Array>();

async function bootEngine(options: ProcessRuntimeOptions): Promise<{ engine: LuaEngine; image: Uint8Array }> {
  if (options.snapshot) {
    return { engine: await createLuaEngine({ memory: options.snapshot }), image: options.snapshot };
  }
  const { library } = options;
  const cached = options.fromScratch ? undefined : bootImages.get(library);
  if (cached) return { engine: await createLuaEngine({ memory: cached }), image: cached };
  const engine = await createLuaEngine({ fromScratch: options.fromScratch === true });
  try {
    for (const module of library.modules) engine.preload(module.name, module.source, module.lazy === true);
    engine.run(library.boot.source, library.boot.name);
  } catch (error) {
    engine.close();
    throw error;
  }
  const image = engine.snapshot();
  if (!options.fromScratch) bootImages.set(library, image);
  return { engine, image };
}

/** The global the library's boot chunk defines (LuaLibrary.boot). */
export const HANDLE_FUNCTION = '__aolite_handle';

const DEFAULT_REBASE_EVERY = 64;

export async function createProcessRuntime(options: ProcessRuntimeOptions): Promise<ProcessRuntime> {
  const { limits } = options;
  const rebaseEvery = options.rebaseEvery ?? DEFAULT_REBASE_EVERY;
  if (!Number.isInteger(rebaseEvery) || rebaseEvery < 1) {
    throw new AoliteError('BAD_REQUEST', `rebaseEvery must be a positive integer, got ${rebaseEvery}`);
  }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new AoliteError('BAD_REQUEST', `limit ${name} must be a positive number, got ${value}`);
    }
  }

  const { engine, image } = await bootEngine(options);

  // The base shares its unchanged pages with the previous base, the first one with the boot image
  // (which every process of the library shares).
  let base = pagedImage(image);
  let journal: Array<[LuaValue, LuaValue]> = [];

  function evaluateRaw(msg: LuaValue, env: LuaValue): RawResult {
    const invocation: Invocation = engine.invoke(HANDLE_FUNCTION, [msg, env], limits);
    return invocation.ok
      ? { text: invocation.value, gasUsed: invocation.gasUsed }
      : { failure: invocation.error, gasUsed: invocation.gasUsed };
  }

  function evaluate(msg: LuaValue, env: LuaValue): EvalResult {
    return resultOfRaw(evaluateRaw(msg, env));
  }

  // Pages of the bases this runtime copied (the boot image's pages are shared: never written to).
  const ownPages = new WeakSet<Uint8Array>();
  function rebase(): void {
    base = updatePagedImage(base, engine.memory(), ownPages);
    journal = [];
  }

  /** Back to the state after the last successful message. */
  function rollback(): void {
    engine.restore(base);
    if (journal.length === 0) return;
    for (const [msg, env] of journal) {
      const replayed = evaluate(msg, env);
      if (replayed.Error !== undefined) {
        throw new AoliteError(
          'INTERNAL',
          `replay after a rollback failed, evaluation is not deterministic: ${replayed.Error}`,
        );
      }
    }
    rebase();
  }

  /** A message as the library takes it (a snapshot, so the journal replays what was handled). */
  const planBuilder = createLuaPlanBuilder();
  const prepare = (msg: AoMessage): LuaValue => messagePlan(planBuilder, options.library.input, msg);

  // The env is the same object for every message of a process: prepare it once. It always goes in as
  // JSON text, which the library decodes only when it changed (pushing one string costs less than
  // building its tables every message).
  let lastEnv: AoEnv | undefined;
  let lastEnvValue: LuaValue | undefined;
  const envValue = (env: AoEnv): LuaValue => {
    if (env !== lastEnv || !lastEnvValue) {
      lastEnvValue = engine.prepare(JSON.stringify(env));
      lastEnv = env;
    }
    return lastEnvValue;
  };

  /** Evaluates a prepared message, rolling back on an Error: its raw result and what that decodes to. */
  function handleMessage(msgValue: LuaValue, env: AoEnv): { raw: RawResult; result: EvalResult } {
    const envPrepared = envValue(env);
    const raw = evaluateRaw(msgValue, envPrepared);
    const result = resultOfRaw(raw);
    if (result.Error !== undefined) {
      rollback();
      return { raw, result };
    }
    journal.push([msgValue, envPrepared]);
    if (journal.length >= rebaseEvery) rebase();
    return { raw, result };
  }

  const handlePrepared = (msgValue: LuaValue, env: AoEnv): EvalResult => handleMessage(msgValue, env).result;

  return {
    handle: (msg, env) => handlePrepared(prepare(msg), env),
    handlePrepared,
    handleRaw: (msgValue, env) => handleMessage(msgValue, env).raw,
    dryRun(msg, env) {
      const saved = journal.length === 0 ? base : updatePagedImage(base, engine.memory());
      try {
        return evaluate(prepare(msg), envValue(env));
      } finally {
        engine.restore(saved);
      }
    },
    readState(keys) {
      const saved = journal.length === 0 ? base : updatePagedImage(base, engine.memory());
      try {
        const read = engine.invoke(
          STATE_READER_FUNCTION,
          [JSON.stringify(keys), String(MAX_STATE_JSON)],
          limits,
        );
        return read.ok ? decodeStateRead(read.value) : { found: false, error: read.error };
      } finally {
        engine.restore(saved);
      }
    },
    snapshot: () => engine.snapshot(),
    memoryView: () => engine.memory(),
    memoryHash: () => engine.memoryHash(),
    memoryBytes: () => engine.memory().byteLength,
    close: () => engine.close(),
  };
}
