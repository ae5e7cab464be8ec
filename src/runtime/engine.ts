import { AoliteError } from '../core/errors.js';
import { HASH_SEED_CLOCK_MS } from './host-imports.js';
import { type CallStatus, createLuaStack, type LuaStack } from './lua-stack.js';
import { createLuaValueWriter, type LuaValue } from './lua-values.js';
import {
  copyPagedImage,
  copyPages,
  hashMemory,
  PAGE_SIZE,
  type PagedImage,
  usedLength,
  writeImage,
} from './memory.js';
import { SANDBOX_DEBUG_SOURCE, SANDBOX_SOURCE } from './sandbox.js';
import type { RuntimeLimits } from './types.js';
import { UNMETERED } from './wasm-loop-meter.js';
import { type GlueInstance, instantiateGlue, LOOP_BUDGET, resumeGlue, startGlue } from './wasm-module.js';

/**
 * One sandboxed Lua 5.4 state in its own WASM heap (one glue instance per engine, wasm-module.ts).
 * Creation is deterministic: the glue's clock import reads a constant (Lua mixes the clock into its
 * string-hash seed), its time-zone imports are UTC (host-imports.ts), the C environment is empty, and
 * the init sequence is identical every time, so two engines in the same Lua state have byte-identical
 * memories and a snapshot of one can be restored into a fresh other. The first engine of a node
 * process runs the init sequence; later ones copy its memory image (the result is the same bytes).
 */
export interface LuaEngine {
  /** Makes `require(name)` load `source`, compiled from text with chunk name `name`. Throws on syntax errors. */
  /** Registers a module for require(name): compiled now, or (`lazy`) on its first require. */
  preload(name: string, source: string, lazy?: boolean): void;
  /** Runs a text chunk unmetered; `chunkName` appears in errors as [string "chunkName"]. Throws on error. */
  run(source: string, chunkName: string): void;
  /** Calls global function `name` with string arguments, unmetered; returns its first result as text. Throws on error. */
  call(name: string, ...args: string[]): string;
  /**
   * Calls global function `name` under the gas and memory limits, with string arguments or values
   * prepared by `prepare` (objects and arrays cross as tables). Lua errors,
   * exhausted gas and memory come back as `ok: false` with the error text; the state is then whatever
   * the failed call left (callers roll back with `restore`).
   */
  invoke(name: string, args: readonly (LuaValue | string)[], limits: RuntimeLimits): Invocation;
  /** The push plan of an argument for `invoke` (see lua-values.ts); a snapshot of `value`. */
  prepare(value: unknown): LuaValue;
  /** Copy of the linear memory up to its last non-zero 64 KiB page. */
  snapshot(): Uint8Array;
  /** Puts a snapshot from an engine created the same way back into this engine's memory. */
  restore(snapshot: Uint8Array | PagedImage): void;
  /** Live view of the whole linear memory; valid until the next call into the engine. */
  memory(): Uint8Array;
  /** SHA-256 (hex) of the used part of the memory (see memory.ts). */
  memoryHash(): string;
  close(): void;
}

export type Invocation =
  | { ok: true; value: string; gasUsed: number }
  | { ok: false; error: string; gasUsed: number; limit?: 'gas' | 'memory' | 'trap' };

/** Instructions between two gas hook calls: GasUsed is counted in these units. */
export const HOOK_EVERY = 10_000;

/**
 * Units of C work (wasm-loop-meter.ts: a loop iteration, 16 bytes of a bulk copy or fill; host calls in
 * host-imports.ts) a message may run per instruction of its gas limit. The Lua instruction hook cannot
 * see work done inside one C call (a find in a long string or a backtracking pattern, `string.rep`, `..`
 * of long strings, a full collection); the loop meter bounds it. Arithmetic runs almost no units (the
 * VM's dispatch loop is left to the hook); formatting, table growth and caught errors run many, so a
 * message heavy in them can run out of units before instructions (as wasm gas on ao counts C work too).
 * The budget is per message, not per instruction used: a message far below its gas limit has room for
 * C work many times its instruction count. Part of the evaluator: a change needs a new
 * EVALUATOR_REVISION (fingerprint.ts).
 */
export const LOOPS_PER_INSTRUCTION = 8;

/** The loop budget of a gas limit, at most UNMETERED (an i64 global: a larger product would wrap). */
const loopBudget = (gas: number): bigint => {
  const budget = BigInt(Math.ceil(gas)) * BigInt(LOOPS_PER_INSTRUCTION);
  return budget < UNMETERED ? budget : UNMETERED;
};

/** The gas hook's tick count is its first upvalue (sandbox.lua). */
const TICKS_UPVALUE = 1;

/** What every engine shares: the state right after the sandbox chunk, and its fixed addresses. */
interface Prototype {
  /** The pinned clock it was built with (the seed search changes it between engines). */
  clock: number;
  image: Uint8Array;
  L: number;
  scratch: number;
  idleStack: number;
  refs: ControlRefs;
}

interface ControlRefs {
  hook: number;
  metered: number;
  count: number;
  finish: number;
  invoke: number;
  preload: number;
  run: number;
}

export interface EngineOptions {
  /**
   * Start from this memory image (a snapshot of an engine created by this module) instead of the
   * pristine sandboxed state.
   */
  memory?: Uint8Array;
  /**
   * Run the whole init sequence (C runtime start-up, Lua state, standard libraries, sandbox) in this
   * engine instead of copying the image of the first engine that did (for tests: the results match).
   */
  fromScratch?: boolean;
}

let prototype: Prototype | undefined;

/** The full init sequence in a fresh glue instance. */
function bootFromScratch(): {
  glue: GlueInstance;
  stack: LuaStack & { scratch: number };
  refs: ControlRefs;
  L: number;
} {
  const glue = instantiateGlue();
  startGlue(glue);
  const L = glue.exports.lua_newstate(glue.allocIndex, 0);
  if (!L) throw new AoliteError('INTERNAL', 'cannot create a Lua state');
  glue.exports.luaL_openlibs(L);
  const stack = createLuaStack(glue, L);
  stack.setTop(0);
  stack.loadChunk(SANDBOX_SOURCE, 'aolite.sandbox');
  stack.pushNumber(HOOK_EVERY);
  stack.pushString(SANDBOX_DEBUG_SOURCE);
  try {
    stack.pcallKeep(2);
  } catch (error) {
    throw new AoliteError('INTERNAL', `Lua sandbox failed to install: ${String(error)}`);
  }
  const refs = {
    hook: stack.refField('hook'),
    metered: stack.refField('metered'),
    count: stack.refField('count'),
    finish: stack.refField('finish'),
    invoke: stack.refField('invoke'),
    preload: stack.refField('preload'),
    run: stack.refField('run'),
  };
  stack.setTop(0);
  stack.pushRef(refs.hook);
  if (stack.upvalueName(-1, TICKS_UPVALUE) !== 'ticks') {
    throw new AoliteError('INTERNAL', 'the gas hook does not keep its tick count in its first upvalue');
  }
  stack.pushRef(refs.count);
  const counted = stack.pcallNumber(0, 0);
  if (luaHeapBytes(glue, L) !== counted || glue.allocator.used.value !== counted) {
    throw new AoliteError(
      'INTERNAL',
      "the Lua heap size read from the global state does not match Lua's own count",
    );
  }
  stack.setTop(0);
  return { glue, stack, refs, L };
}

/**
 * Bytes the Lua heap holds (Lua's `gettotalbytes`), read from the global state without running any
 * code (a call would write the Lua stack, and a restored memory must stay byte for byte as written).
 * Lua 5.4 on wasm32: lua_State.l_G at offset 16; global_State.totalbytes and .GCdebt at 8 and 12.
 * Checked against collectgarbage("count") when the prototype engine is built.
 */
function luaHeapBytes(glue: GlueInstance, L: number): number {
  const heap = glue.heap();
  const view = new DataView(heap.buffer, heap.byteOffset, heap.byteLength);
  const g = view.getUint32(L + 16, true);
  return view.getInt32(g + 8, true) + view.getInt32(g + 12, true);
}

function currentPrototype(): Prototype {
  if (prototype?.clock === HASH_SEED_CLOCK_MS) return prototype;
  const { glue, stack, refs, L } = bootFromScratch();
  const heap = glue.heap();
  prototype = {
    clock: HASH_SEED_CLOCK_MS,
    image: heap.slice(0, usedLength(heap)),
    L,
    scratch: stack.scratch,
    idleStack: glue.exports.stackSave(),
    refs,
  };
  return prototype;
}

/** Grows the linear memory to hold `byteLength` bytes (the allocator's own state comes with the image). */
function growMemory(glue: GlueInstance, byteLength: number): void {
  const missing = byteLength - glue.heap().byteLength;
  if (missing <= 0) return;
  try {
    glue.exports.memory.grow(Math.ceil(missing / PAGE_SIZE));
  } catch {
    throw new AoliteError('LIMIT_EXCEEDED', `cannot grow the Lua heap to ${byteLength} bytes`);
  }
}

export async function createLuaEngine(options: EngineOptions = {}): Promise<LuaEngine> {
  return createLuaEngineNow(options);
}

function createLuaEngineNow(options: EngineOptions): LuaEngine {
  const proto = currentPrototype();
  let glue: GlueInstance;
  let stack: LuaStack;
  if (options.fromScratch) {
    ({ glue, stack } = bootFromScratch());
  } else {
    glue = instantiateGlue();
    resumeGlue(glue);
    const image = options.memory ?? proto.image;
    growMemory(glue, image.byteLength);
    writeImage(image, glue.heap(), glue.dataLength);
    stack = createLuaStack(glue, proto.L, proto.scratch);
  }
  const { refs: ref, idleStack } = proto;
  const wasm = glue.exports;
  const allocator = glue.allocator;
  const values = createLuaValueWriter(glue, proto.L);
  let closed = false;

  const names = new Map<string, LuaValue>();
  function nameValue(name: string): LuaValue {
    let value = names.get(name);
    if (!value) {
      value = values.prepare(name);
      names.set(name, value);
    }
    return value;
  }

  /** Points the allocator's byte counter at what the Lua heap holds (after a memory was written in). */
  function countHeap(): void {
    allocator.used.value = luaHeapBytes(glue, proto.L);
  }
  countHeap();

  const heap = (): Uint8Array => glue.heap();

  function assertOpen(): void {
    if (closed) throw new AoliteError('INTERNAL', 'Lua engine is closed');
  }

  /** Runs a registry function unmetered with string arguments; throws a Lua error as an Error. */
  function callControl(fn: number, args: readonly string[], what: string): string {
    assertOpen();
    // Unmetered: a meter left armed by a failed metered call must not reach in (coroutine hooks).
    stack.pushRef(ref.finish);
    stack.pcallNumber(0, 0);
    stack.pushRef(fn);
    for (const arg of args) stack.pushString(arg);
    const status = guarded(
      () => stack.pcall(args.length, 0),
      (error): CallStatus => ({ ok: false, error }),
    );
    if (!status.ok) throw new AoliteError('INTERNAL', `${what}: ${status.error}`, { luaError: status.error });
    return status.value;
  }

  /**
   * A JS exception out of the WASM (a trap) leaves the C stack pointer wherever it was: put it back.
   * The Lua state may be inconsistent afterwards; callers restore a snapshot before going on.
   */
  function guarded<T>(run: () => T, onTrap: (message: string) => T): T {
    try {
      return run();
    } catch (error) {
      wasm.stackRestore(idleStack);
      allocator.max.value = Number.POSITIVE_INFINITY;
      return onTrap(`Lua engine trapped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    preload(name, source, lazy = false) {
      callControl(
        ref.preload,
        lazy ? [name, source, 'lazy'] : [name, source],
        `cannot load Lua module ${name}`,
      );
    },
    run(source, chunkName) {
      callControl(ref.run, [chunkName, source], `Lua chunk ${chunkName} failed`);
    },
    call(name, ...args) {
      return callControl(ref.invoke, [name, ...args], `Lua call ${name} failed`);
    },
    invoke(name, args, limits) {
      assertOpen();
      const maxTicks = Math.ceil(limits.gas / HOOK_EVERY);
      const loops = loopBudget(limits.gas);
      const meter = wasm[LOOP_BUDGET];
      const invocation = guarded<Invocation>(
        () => {
          stack.pushRef(ref.metered);
          stack.pushNumber(maxTicks);
          values.push([
            nameValue(name),
            ...args.map((arg) => (typeof arg === 'string' ? values.prepare(arg) : arg)),
          ]);
          allocator.max.value = limits.memoryBytes;
          // The budget covers the call only, not the pushes before it or the reads after it.
          meter.value = loops;
          const status = stack.pcall(args.length + 2, 0);
          meter.value = UNMETERED;
          allocator.max.value = Number.POSITIVE_INFINITY;
          stack.clearHook();
          stack.pushRef(ref.hook);
          const ticks = stack.upvalueNumber(-1, TICKS_UPVALUE);
          stack.setTop(0);
          const gasUsed = Math.min(ticks, maxTicks) * HOOK_EVERY;
          if (ticks > maxTicks) {
            return {
              ok: false,
              error: `gas limit exceeded: more than ${limits.gas} instructions`,
              gasUsed,
              limit: 'gas',
            };
          }
          if (!status.ok && status.error === 'not enough memory') {
            return {
              ok: false,
              error: `memory limit exceeded: more than ${limits.memoryBytes} bytes (not enough memory)`,
              gasUsed,
              limit: 'memory',
            };
          }
          return status.ok
            ? { ok: true, value: status.value, gasUsed }
            : { ok: false, error: status.error, gasUsed };
        },
        (error) =>
          meter.value <= 0n
            ? {
                ok: false,
                error: `gas limit exceeded: more than ${loops} units of C work in the Lua VM, its library and its host calls (${LOOPS_PER_INSTRUCTION} per instruction of the ${limits.gas} allowed)`,
                gasUsed: maxTicks * HOOK_EVERY, // as the instruction limit reports it
                limit: 'gas',
              }
            : { ok: false, error, gasUsed: 0, limit: 'trap' },
      );
      meter.value = UNMETERED; // after a trap too: the C API calls between messages must never trap
      return invocation;
    },
    prepare: (value) => values.prepare(value),
    snapshot() {
      assertOpen();
      const memory = heap();
      return memory.slice(0, usedLength(memory));
    },
    restore(snapshot) {
      assertOpen();
      growMemory(glue, snapshot.byteLength);
      if (snapshot instanceof Uint8Array) copyPages(snapshot, heap());
      else copyPagedImage(snapshot, heap());
      countHeap();
    },
    memory() {
      assertOpen();
      return heap();
    },
    memoryHash() {
      assertOpen();
      return hashMemory(heap());
    },
    close() {
      if (closed) return;
      closed = true;
      // Nothing outside the instance refers to it: dropping it frees the memory (no lua_close needed).
    },
  };
}
