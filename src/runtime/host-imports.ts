import { formatTime, readTm } from './strftime.js';

/**
 * Everything the Lua glue WASM (wasmoon's emscripten build of Lua 5.4) imports, implemented here
 * without emscripten's JS runtime. Nothing reads the host: the wall clock reads a constant (Lua mixes
 * `time()` into its string-hash seed), the time zone is UTC without daylight saving named "GMT", the C
 * environment is empty, and there is no file system (the sandbox removes every Lua path to one; the
 * syscalls fail with ENOSYS, writes to stdout/stderr are dropped, reads see end of file).
 *
 * Lua errors are C longjmps, which this build does with JS exceptions: `_emscripten_throw_longjmp`
 * throws, and `invoke_vii` (the wrapper around every setjmp-protected call) catches, puts the C stack
 * pointer back and flags the longjmp through `setThrew`.
 */
export type WasmImports = Record<string, Record<string, unknown>>;

/** The instance parts the imports need; filled in once the instance exists. */
export interface ImportTarget {
  memory(): ArrayBufferLike;
  malloc(size: number): number;
  stackSave(): number;
  stackRestore(pointer: number): void;
  setThrew(threw: number, value: number): void;
  tableEntry(index: number): (a: number, b: number) => void;
  /** Grows the memory by `pages` 64 KiB pages; false if it cannot. */
  grow(pages: number): boolean;
  /** Takes `units` from the loop meter's budget (wasm-loop-meter.ts); false if that ran it out. */
  charge(units: number): boolean;
}

/**
 * Loop meter units (wasm-loop-meter.ts) the imports that do real JavaScript work take per call: work the
 * meter cannot count in the glue, of about the time those units take there (some 25 ns each). Without
 * them a loop of a few instructions and loop units per call ran for seconds at a gas of millions:
 * `pcall(error)` or a coroutine's `yield` (a C longjmp, here a JS throw and catch: some 3.5 µs),
 * `os.date` with many conversions (strftime, once per conversion: up to some 3.5 µs for `%c`). Part of
 * the evaluator: they are hashed into the fingerprint (fingerprint.ts).
 */
export const THROW_UNITS = 128;
export const STRFTIME_UNITS = 128;
/** gmtime/localtime/mktime: a JS Date each. */
export const TIME_UNITS = 16;

/**
 * What the pinned wall clock reads (ms). Lua 5.4 mixes `time()` into its string-hash seed, so this
 * constant fixes the `pairs` order of string keys. Any value is deterministic; this one was chosen by
 * search so that a small mixed table iterates in the same order as in the reference aos module
 * (conformance scenario `pairs-order`, step 2). Changing it changes every process's memory image.
 */
export let HASH_SEED_CLOCK_MS = 19_000;

/** For the seed search only (scripts/): sets the pinned clock for engines created afterwards. */
export function setHashSeedClockForSearch(ms: number): void {
  HASH_SEED_CLOCK_MS = ms;
}

/** Thrown by abort/exit and unexpected host calls: a trap the engine reports and recovers from. */
export class GlueTrap extends Error {}

const ENOSYS = 52;
const ESPIPE = 70;
/** The largest linear memory the glue declares (32,768 pages). */
const MAX_HEAP = 2_147_483_648;
const PAGE = 65_536;

export function createHostImports(target: ImportTarget): WasmImports {
  const view = () => new DataView(target.memory());
  const bytes = () => new Uint8Array(target.memory());
  const readCString = (pointer: number): string => {
    const heap = bytes();
    let end = pointer;
    while (heap[end] !== 0) end++;
    return new TextDecoder().decode(heap.subarray(pointer, end));
  };
  const newCString = (text: string): number => {
    const pointer = target.malloc(text.length + 1);
    const heap = bytes();
    for (let i = 0; i < text.length; i++) heap[pointer + i] = text.charCodeAt(i);
    heap[pointer + text.length] = 0;
    return pointer;
  };

  /** Fills struct tm at `tm` with the UTC broken-down time of `seconds` since the epoch. */
  const utcTime = (seconds: number, tm: number): void => {
    const date = new Date(seconds * 1000);
    const v = view();
    const year = date.getUTCFullYear();
    v.setInt32(tm, date.getUTCSeconds(), true);
    v.setInt32(tm + 4, date.getUTCMinutes(), true);
    v.setInt32(tm + 8, date.getUTCHours(), true);
    v.setInt32(tm + 12, date.getUTCDate(), true);
    v.setInt32(tm + 16, date.getUTCMonth(), true);
    v.setInt32(tm + 20, year - 1900, true);
    v.setInt32(tm + 24, date.getUTCDay(), true);
    v.setInt32(tm + 28, ((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000) | 0, true);
    v.setInt32(tm + 32, 0, true); // tm_isdst
    v.setInt32(tm + 36, 0, true); // tm_gmtoff
  };
  const seconds = (time: bigint): number =>
    time < -9_007_199_254_740_992n || time > 9_007_199_254_740_992n ? Number.NaN : Number(time);

  /** Charges host work to the loop meter; a trap (the engine's gas error) when that runs it out. */
  const charge = (units: number, what: string): void => {
    if (!target.charge(units)) throw new GlueTrap(`Lua engine ran out of its C work budget in ${what}`);
  };

  const encoder = new TextEncoder();
  const noSyscall = (): number => -ENOSYS;
  const trap = (what: string) => (): never => {
    throw new GlueTrap(`Lua engine called ${what}`);
  };

  const env: Record<string, unknown> = {
    abort: trap('abort()'),
    exit: trap('exit()'),
    system: () => -1,
    invoke_vii: (index: number, a: number, b: number): void => {
      const sp = target.stackSave();
      try {
        target.tableEntry(index)(a, b);
      } catch (error) {
        target.stackRestore(sp);
        // A longjmp is a thrown number; anything else (a trap) goes on up.
        if (typeof error !== 'number') throw error;
        target.setThrew(1, 0);
      }
    },
    _emscripten_throw_longjmp: (): never => {
      charge(THROW_UNITS, 'a longjmp');
      throw Number.POSITIVE_INFINITY;
    },
    emscripten_date_now: () => HASH_SEED_CLOCK_MS,
    _emscripten_get_now_is_monotonic: () => 1,
    emscripten_resize_heap: (requested: number): boolean => {
      const oldSize = target.memory().byteLength;
      requested >>>= 0;
      if (requested > MAX_HEAP) return false;
      // emscripten's growth policy: overgrow by 20%, then 10%, 5%, 2.5% (at most 96 MiB beyond the
      // request), page aligned.
      for (let cutDown = 1; cutDown <= 4; cutDown *= 2) {
        let size = Math.min(oldSize * (1 + 0.2 / cutDown), requested + 100_663_296);
        size = Math.max(requested, size);
        size = Math.min(MAX_HEAP, size + ((PAGE - (size % PAGE)) % PAGE));
        if (target.grow(Math.ceil((size - oldSize) / PAGE))) return true;
      }
      return false;
    },
    strftime: (out: number, max: number, format: number, tm: number): number => {
      charge(STRFTIME_UNITS, 'strftime');
      const text = encoder.encode(formatTime(readCString(format), readTm(view(), tm, readCString)));
      if (text.length + 1 > max) return 0;
      const heap = bytes();
      heap.set(text, out);
      heap[out + text.length] = 0;
      return text.length;
    },
    _gmtime_js: (time: bigint, tm: number) => {
      charge(TIME_UNITS, 'gmtime');
      utcTime(seconds(time), tm);
    },
    _localtime_js: (time: bigint, tm: number) => {
      charge(TIME_UNITS, 'localtime');
      utcTime(seconds(time), tm);
    },
    _mktime_js: (tm: number): bigint => {
      charge(TIME_UNITS, 'mktime');
      const v = view();
      const ms = Date.UTC(
        v.getInt32(tm + 20, true) + 1900,
        v.getInt32(tm + 16, true),
        v.getInt32(tm + 12, true),
        v.getInt32(tm + 8, true),
        v.getInt32(tm + 4, true),
        v.getInt32(tm, true),
      );
      if (Number.isNaN(ms)) return -1n;
      const s = Math.floor(ms / 1000);
      utcTime(s, tm);
      return BigInt(s);
    },
    _tzset_js: (timezone: number, daylight: number, names: number) => {
      const v = view();
      v.setUint32(timezone, 0, true);
      v.setInt32(daylight, 0, true);
      const gmt = newCString('GMT');
      const dst = newCString('GMT');
      view().setUint32(names, gmt, true);
      view().setUint32(names + 4, dst, true);
    },
    __syscall_openat: noSyscall,
    __syscall_fcntl64: noSyscall,
    __syscall_ioctl: noSyscall,
    __syscall_dup3: noSyscall,
    __syscall_unlinkat: noSyscall,
    __syscall_rmdir: noSyscall,
    __syscall_renameat: noSyscall,
    __syscall_readlinkat: noSyscall,
  };
  const wasi: Record<string, unknown> = {
    // Writes are dropped but reported as done (C stdio would otherwise retry).
    fd_write: (_fd: number, iov: number, iovcnt: number, written: number): number => {
      const v = view();
      let total = 0;
      for (let i = 0; i < iovcnt; i++) total += v.getUint32(iov + i * 8 + 4, true);
      v.setUint32(written, total, true);
      return 0;
    },
    fd_read: (_fd: number, _iov: number, _iovcnt: number, read: number): number => {
      view().setUint32(read, 0, true);
      return 0;
    },
    fd_close: () => 0,
    fd_seek: () => ESPIPE,
    environ_sizes_get: (count: number, size: number): number => {
      view().setUint32(count, 0, true);
      view().setUint32(size, 0, true);
      return 0;
    },
    environ_get: () => 0,
  };
  return { env, wasi_snapshot_preview1: wasi };
}
