import { createHash } from 'node:crypto';
import { LOOPS_PER_INSTRUCTION } from './engine.js';
import { STRFTIME_UNITS, THROW_UNITS, TIME_UNITS } from './host-imports.js';
import { SANDBOX_DEBUG_SOURCE, SANDBOX_SOURCE } from './sandbox.js';
import type { LuaLibrary } from './types.js';
import { glueBytes } from './wasm-module.js';

/**
 * The host side of evaluation (how messages and env reach Lua, the allocator, the pinned imports), as a
 * number: bump it with any change there that alters a process's results or memory, so that change also
 * gives the built-in module a new id. 2: the loop meter (wasm-loop-meter.ts, LOOPS_PER_INSTRUCTION).
 * 3: host work charged to the loop meter (host-imports.ts: THROW_UNITS, STRFTIME_UNITS, TIME_UNITS).
 * 4: the VM's dispatch loop left to the instruction hook (wasm-loop-meter.ts DISPATCH_LABELS).
 * 5: the loop budget covers the Lua call only (not the argument pushes around it). The meter's constants
 * are hashed themselves; a change to wasm-loop-meter.ts's rewriting still needs a new revision.
 */
export const EVALUATOR_REVISION = 5;

const fingerprints = new WeakMap<LuaLibrary, string>();

/**
 * What a process's results and memory are a function of, besides its messages, as one SHA-256 (hex): the
 * Lua library (every module's name and source, the boot chunk, the input form), the sandbox chunk (with its debug library),
 * wasmoon's Lua build (glue.wasm: package.json pins wasmoon's exact version) and EVALUATOR_REVISION. The built-in module item carries it
 * (builtin-module.ts), so a node whose library differs refuses to evaluate a process of that module instead
 * of replaying it to other results.
 */
export function libraryFingerprint(library: LuaLibrary): string {
  let fingerprint = fingerprints.get(library);
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    // Line endings are hashed as \n: Lua reads \r\n as one newline, so a checkout that converted them (git
    // autocrlf) evaluates the same and must name the same library.
    const part = (text: string | Uint8Array): void => {
      const bytes = typeof text === 'string' ? Buffer.from(text.replace(/\r\n?/g, '\n'), 'utf8') : text;
      hash.update(`${bytes.byteLength}:`).update(bytes);
    };
    part(`aolite evaluator ${EVALUATOR_REVISION}`);
    part(`loop meter ${LOOPS_PER_INSTRUCTION} ${THROW_UNITS} ${STRFTIME_UNITS} ${TIME_UNITS}`);
    part(library.input ?? 'json');
    for (const { name, source, lazy } of library.modules) {
      part(name);
      part(source);
      part(lazy === true ? 'lazy' : 'eager');
    }
    part(library.boot.name);
    part(library.boot.source);
    part(SANDBOX_SOURCE);
    part(SANDBOX_DEBUG_SOURCE);
    part(glueBytes());
    fingerprint = hash.digest('hex');
    fingerprints.set(library, fingerprint);
  }
  return fingerprint;
}
