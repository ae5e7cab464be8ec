import type { ProcessRuntime, ProcessRuntimeOptions } from '../runtime/process-runtime.js';
import type { LuaLibrary } from '../runtime/types.js';

export type CreateRuntime = (options: ProcessRuntimeOptions) => Promise<ProcessRuntime>;

/** The memory of a freshly booted engine, per library (boot runs no process code and uses no limits). */
const images = new WeakMap<LuaLibrary, Uint8Array>();

/**
 * `create` where a runtime starting from genesis (no snapshot) starts from the memory of the first
 * engine booted with the same library instead of booting the library again: the same bytes (booting is
 * deterministic and takes no input), for about half the start-up time. Every process of a node shares
 * the module, so every spawn, rebuild from genesis and verification after the first one gains.
 */
export function withBootImage(create: CreateRuntime): CreateRuntime {
  return async (options) => {
    if (options.snapshot !== undefined) return create(options);
    const image = images.get(options.library);
    if (image !== undefined) return create({ ...options, snapshot: image });
    const runtime = await create(options);
    if (!images.has(options.library)) images.set(options.library, runtime.snapshot());
    return runtime;
  };
}
