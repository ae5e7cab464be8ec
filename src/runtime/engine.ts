import { LuaFactory } from 'wasmoon';

/**
 * One wasmoon Lua engine. Minimal first cut: deterministic creation (the Lua string-hash seed mixes in
 * the wall clock, so the clock is held still while the state is made), chunk loading with a name, and
 * calling a global Lua function with string arguments. Limits, sandbox and snapshots build on this.
 */
export interface LuaEngine {
  /** Loads and runs a chunk; `chunkName` appears in error positions as [string "chunkName"]. */
  run(source: string, chunkName: string): void;
  /** Calls global function `name` with string arguments; returns its first result as a string. */
  call(name: string, ...args: string[]): string;
  close(): void;
}

const FROZEN_CLOCK_MS = 0;

export async function createLuaEngine(): Promise<LuaEngine> {
  const factory = new LuaFactory();
  await factory.getLuaModule();
  const realNow = Date.now;
  Date.now = () => FROZEN_CLOCK_MS;
  let engine: Awaited<ReturnType<LuaFactory['createEngine']>>;
  try {
    engine = await factory.createEngine({ injectObjects: false, enableProxy: false });
  } finally {
    Date.now = realNow;
  }
  const lua = engine.global;

  return {
    run(source, chunkName) {
      lua.set('__aolite_src', source);
      lua.set('__aolite_name', `=[string "${chunkName}"]`);
      engine.doStringSync(
        'local f = assert(load(__aolite_src, __aolite_name, "t")); __aolite_src = nil; f()',
      );
    },
    call(name, ...args) {
      const fn = lua.get(name) as ((...a: string[]) => unknown) | undefined;
      if (typeof fn !== 'function') throw new Error(`Lua global ${name} is not a function`);
      return String(fn(...args));
    },
    close() {
      lua.close();
    },
  };
}
