import type { Tag } from '../core/types.js';

/**
 * The message handed to a process, exactly as the ao compute unit builds it (AOS-SEMANTICS.md 1.2).
 * It crosses into Lua as JSON text; integers stay integers (Timestamp, Block-Height, Nonce, Epoch).
 */
export interface AoMessage {
  Id?: string;
  Signature?: string;
  Data?: string;
  /** Address of the signer. */
  Owner: string;
  /** `From-Process` tag if present, else Owner. */
  From: string;
  'Forwarded-By'?: string;
  /** The process id. */
  Target: string;
  Anchor?: string;
  /** Tags in original order, without any tag named From or Owner. */
  Tags: Tag[];
  Epoch?: number;
  Nonce?: number;
  Timestamp: number;
  'Block-Height': number;
  'Hash-Chain'?: string;
  Cron?: boolean;
  'Read-Only'?: boolean;
}

export interface AoEnvItem {
  Id: string;
  Owner: string;
  Tags: Tag[];
}

/** `env` handed with every message: the process and module items. */
export interface AoEnv {
  Process: AoEnvItem;
  Module: AoEnvItem;
}

/** One outbox message as aos emits it. Tag values may be non-strings (aos copies Lua values as is). */
export interface OutboxMessage {
  Target?: string;
  Data?: unknown;
  Anchor?: string;
  Tags: Array<{ name: string; value: unknown }>;
}

export interface OutboxSpawn {
  Data?: unknown;
  Anchor?: string;
  Tags: Array<{ name: string; value: unknown }>;
}

export interface OutboxAssignment {
  Processes: string[];
  Message: string;
  [key: string]: unknown;
}

/**
 * The result of evaluating one message, in the shape the reference compute unit returns from /result.
 * `Output` is whatever aos produced (usually `{data, prompt, print}` or `{data, prompt, test}`; "" if none).
 * `Error` is present only on failure; then Messages/Spawns/Assignments are empty and the process memory
 * is as it was before the message.
 */
export interface EvalResult {
  Output: unknown;
  Messages: OutboxMessage[];
  Spawns: OutboxSpawn[];
  Assignments: OutboxAssignment[];
  Error?: string;
  GasUsed: number;
}

/** A Lua library the runtime loads into every fresh engine, in order, before any message. */
export interface LuaLibrary {
  /** Modules made available to `require(name)`, compiled with chunk name = name (e.g. ".handlers"). */
  modules: Array<{ name: string; source: string; lazy?: boolean }>;
  /**
   * Runs once after the modules are registered (chunk name given). It must define the global
   * `__aolite_handle(msgJson, envJson)` that returns the JSON text of
   * `{Output, Messages, Spawns, Assignments, Error?}`. If it throws, the runtime reports the thrown
   * message as the result's Error (as the reference loader does).
   */
  boot: { name: string; source: string };
  /**
   * How message and env reach `__aolite_handle`: as JSON text (default), or as Lua tables built from
   * them (lua-values.ts: what the library's JSON decoder would give; a value it cannot build that way
   * comes as JSON text, so the function must accept both).
   */
  input?: 'json' | 'table';
}

/** Per-message limits. `gas` counts Lua VM instructions; `memoryBytes` caps the Lua heap (the whole state). */
export interface RuntimeLimits {
  gas: number;
  memoryBytes: number;
}

/**
 * Limits used when nothing lowers them: the built-in module's Compute-Limit and Memory-Limit.
 * 10^9 instructions is about ten seconds of Lua on this class of machine; 1 GiB of Lua heap.
 */
export const DEFAULT_LIMITS: RuntimeLimits = { gas: 1_000_000_000, memoryBytes: 1024 * 1024 * 1024 };
