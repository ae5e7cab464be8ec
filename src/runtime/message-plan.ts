import type { LuaPlanBuilder, LuaValue } from './lua-plan.js';
import type { AoMessage, LuaLibrary } from './types.js';

/** How a library takes its messages: Lua tables, or JSON text (LuaLibrary.input). */
export type MessageInput = LuaLibrary['input'];

/**
 * The push plan of a message as a runtime of a library with this `input` takes it. ProcessRuntime.handle
 * builds exactly this; a plan built ahead of time, on any thread, can go to ProcessRuntime.handlePrepared.
 */
export function messagePlan(builder: LuaPlanBuilder, input: MessageInput, msg: AoMessage): LuaValue {
  return builder.prepare(input === 'table' ? msg : JSON.stringify(msg));
}
