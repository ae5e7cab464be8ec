import type { ScenarioMessage } from './scenario.js';
import type { EvalResult } from './types.js';

/** One line of a scenario's JSONL output (the format of test/conformance/*.expected.jsonl). */
export interface ResultLine {
  step: number;
  Id: string | null;
  kind?: 'process';
  Action?: string;
  Output: string;
  Error: string | null;
  Messages: Array<{ Target: unknown; Anchor: unknown; Tags: LineTag[]; Data: unknown }>;
  Spawns: Array<{ Tags: LineTag[]; Data: unknown }>;
  Assignments: Array<{ Processes: unknown; Message: unknown }>;
  note?: string;
  /** Only in expected files: compare Output line by line as sets of comma-separated items. */
  outputMatch?: 'set';
}

export interface LineTag {
  name: string;
  value: unknown;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const ADDRESS = /0x[0-9a-fA-F]+/g;

/** Terminal colour codes removed, Lua addresses (`table: 0x…`) written as `0xADDR`. */
export function cleanText(text: string): string {
  return text.replace(ANSI, '').replace(ADDRESS, '0xADDR');
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Tags sorted by name, then by value. */
export function sortTags(tags: unknown): LineTag[] {
  if (!Array.isArray(tags)) return [];
  const list = tags.map((t) => {
    const tag = (t ?? {}) as { name?: unknown; value?: unknown };
    return { name: String(tag.name), value: tag.value ?? null };
  });
  return list.sort((a, b) => {
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    const av = valueText(a.value);
    const bv = valueText(b.value);
    return av < bv ? -1 : av > bv ? 1 : 0;
  });
}

/** The text of a result's Output: `Output.data` when Output is a table, the string itself otherwise. */
export function outputText(output: unknown): string {
  if (output === undefined || output === null) return '';
  if (typeof output === 'string') return cleanText(output);
  if (typeof output === 'object' && !Array.isArray(output)) {
    const data = (output as { data?: unknown }).data;
    if (data === undefined || data === null) return '';
    return cleanText(typeof data === 'string' ? data : JSON.stringify(data));
  }
  return cleanText(JSON.stringify(output));
}

/** Builds the JSONL line for one evaluated scenario message. */
export function resultLine(message: ScenarioMessage, result: EvalResult): ResultLine {
  // Built in the field order of the expected files.
  const line: ResultLine = {
    step: message.step,
    Id: message.msg.Id ?? null,
    ...(message.step === 0 ? { kind: 'process' as const } : {}),
    ...(message.action !== undefined ? { Action: message.action } : {}),
    Output: '',
    Error: null,
    Messages: [],
    Spawns: [],
    Assignments: [],
  };
  if (result.Error !== undefined) {
    line.Error = cleanText(result.Error);
  } else {
    line.Output = outputText(result.Output);
    line.Messages = result.Messages.map((m) => ({
      Target: m.Target ?? null,
      Anchor: m.Anchor ?? null,
      Tags: sortTags(m.Tags),
      Data: m.Data ?? null,
    }));
    line.Spawns = result.Spawns.map((s) => ({ Tags: sortTags(s.Tags), Data: s.Data ?? null }));
    line.Assignments = result.Assignments.map((a) => ({ Processes: a.Processes, Message: a.Message }));
  }
  if (message.note !== undefined) line.note = message.note;
  return line;
}
