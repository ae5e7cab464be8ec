import type { ProcessRuntime } from '../runtime/process-runtime.js';

/** A live process engine: its runtime holds the state after `slot` (the last stored result). */
export interface LiveEngine {
  processId: string;
  runtime: ProcessRuntime;
  slot: number;
  /** The runtime's memory size when last measured. */
  bytes: number;
}

export interface EngineCacheOptions {
  /** Most live engines kept (≥ 1). */
  maxEngines: number;
  /** Most bytes of engine memory kept, summed over live engines. */
  maxBytes: number;
  /** An engine in use (evaluating, dry-running) is never evicted. */
  isPinned(processId: string): boolean;
  /** Called before an evicted engine is closed; its runtime holds the state after `slot`. */
  onEvict(engine: LiveEngine): void;
}

/**
 * Live ProcessRuntimes in least-recently-used order, bounded by count and by bytes. Going over a bound
 * evicts the least recently used unpinned engines (hook, then close); pinned ones may keep the cache
 * over its bounds until they are released.
 */
export interface EngineCache {
  /** The live engine of a process (marks it most recently used). */
  get(processId: string): LiveEngine | undefined;
  /** Adds (or replaces) an engine, then evicts down to the bounds. */
  put(engine: LiveEngine): void;
  /** Re-measures an engine's memory and evicts others if the bounds are now exceeded. */
  measure(processId: string): void;
  /** Removes an engine without the eviction hook and closes it (its state is not trustworthy). */
  discard(processId: string): void;
  /** Evicts down to the bounds (for engines that were pinned when they went over). */
  trim(): void;
  /** Evicts every engine (hook, then close). */
  clear(): void;
  readonly size: number;
  readonly bytes: number;
}

export function createEngineCache(options: EngineCacheOptions): EngineCache {
  const entries = new Map<string, LiveEngine>();
  let bytes = 0;

  const evict = (engine: LiveEngine): void => {
    entries.delete(engine.processId);
    bytes -= engine.bytes;
    try {
      options.onEvict(engine);
    } finally {
      engine.runtime.close();
    }
  };

  const trim = (): void => {
    if (entries.size <= options.maxEngines && bytes <= options.maxBytes) return;
    for (const engine of [...entries.values()]) {
      if (entries.size <= options.maxEngines && bytes <= options.maxBytes) return;
      if (!options.isPinned(engine.processId)) evict(engine);
    }
  };

  return {
    get(processId) {
      const engine = entries.get(processId);
      if (engine === undefined) return undefined;
      entries.delete(processId);
      entries.set(processId, engine);
      return engine;
    },
    put(engine) {
      const old = entries.get(engine.processId);
      if (old !== undefined && old !== engine) {
        entries.delete(engine.processId);
        bytes -= old.bytes;
        old.runtime.close();
      } else if (old === engine) {
        entries.delete(engine.processId);
        bytes -= engine.bytes;
      }
      engine.bytes = engine.runtime.memoryBytes();
      entries.set(engine.processId, engine);
      bytes += engine.bytes;
      trim();
    },
    measure(processId) {
      const engine = entries.get(processId);
      if (engine === undefined) return;
      const now = engine.runtime.memoryBytes();
      bytes += now - engine.bytes;
      engine.bytes = now;
      trim();
    },
    discard(processId) {
      const engine = entries.get(processId);
      if (engine === undefined) return;
      entries.delete(processId);
      bytes -= engine.bytes;
      engine.runtime.close();
    },
    trim,
    clear() {
      for (const engine of [...entries.values()]) evict(engine);
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
