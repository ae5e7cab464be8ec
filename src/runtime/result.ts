import type { EvalResult, OutboxAssignment, OutboxMessage, OutboxSpawn } from './types.js';

/**
 * Turns the JSON text returned by the library's `__aolite_handle` into an EvalResult, normalised as the
 * reference compute unit does: Messages/Spawns/Assignments default to [], Output to "". A result with
 * an Error carries no outbox. Text that is not a JSON object becomes an Error result (a trust boundary:
 * the value comes from process code).
 */
export function decodeResult(text: string, gasUsed: number): EvalResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return errorResult(`process returned a result that is not JSON: ${(error as Error).message}`, gasUsed);
  }
  if (!isRecord(value)) {
    return errorResult(`process returned a result that is not a JSON object: ${text.slice(0, 80)}`, gasUsed);
  }
  const output = value.Output ?? '';
  if (value.Error !== undefined && value.Error !== null) {
    return { ...errorResult(errorText(value.Error), gasUsed), Output: output };
  }
  for (const field of ['Messages', 'Spawns', 'Assignments'] as const) {
    if (listOf(value[field]) === undefined) {
      return errorResult(`process result field ${field} is not a list`, gasUsed);
    }
  }
  return {
    Output: output,
    Messages: listOf<OutboxMessage>(value.Messages) ?? [],
    Spawns: listOf<OutboxSpawn>(value.Spawns) ?? [],
    Assignments: listOf<OutboxAssignment>(value.Assignments) ?? [],
    GasUsed: gasUsed,
  };
}

/**
 * What the library's handler gave for one message, before decoding: its JSON text, or why the call
 * failed. `resultOfRaw` turns it into the EvalResult on whichever thread needs it, always the same way.
 */
export type RawResult = { text: string; gasUsed: number } | { failure: string; gasUsed: number };

export function resultOfRaw(raw: RawResult): EvalResult {
  return 'text' in raw ? decodeResult(raw.text, raw.gasUsed) : errorResult(raw.failure, raw.gasUsed);
}

export function errorResult(error: string, gasUsed: number): EvalResult {
  return { Output: '', Messages: [], Spawns: [], Assignments: [], Error: error, GasUsed: gasUsed };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * An array as is; absence, null or an empty JSON object (how Lua encoders often write an empty table)
 * → []; anything else → undefined.
 */
function listOf<T>(value: unknown): T[] | undefined {
  if (Array.isArray(value)) return value as T[];
  if (value === undefined || value === null) return [];
  if (isRecord(value) && Object.keys(value).length === 0) return [];
  return undefined;
}
