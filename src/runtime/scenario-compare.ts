import { isDeepStrictEqual } from 'node:util';
import type { LineTag, ResultLine } from './scenario-output.js';

/**
 * Compares an actual scenario line with the expected one by the rules of
 * test/conformance/README.md. Returns the differences found (empty = the lines match).
 *
 * - Messages / Spawns: Target, the sorted tag list and Data (JSON-structural where both parse as JSON).
 * - Assignments: Processes and Message.
 * - Output: equal text; `outputMatch: "set"` compares each line as a set of comma-separated items after
 *   an optional `label: ` prefix. Additionally, two outputs that are both JSON objects/arrays are equal
 *   when structurally equal (JSON key order follows Lua table iteration, as for Data).
 * - Error: present in both or in neither; the expected core message (line numbers, tracebacks and
 *   chunk names removed) must appear in the actual one.
 */
export function compareLines(expected: ResultLine, actual: ResultLine): string[] {
  const diffs: string[] = [];
  const at = `step ${expected.step}`;
  if (!outputMatches(expected.Output, actual.Output, expected.outputMatch === 'set')) {
    diffs.push(
      `${at}: Output ${JSON.stringify(actual.Output)} != expected ${JSON.stringify(expected.Output)}`,
    );
  }
  if ((expected.Error === null) !== (actual.Error === null)) {
    diffs.push(`${at}: Error ${JSON.stringify(actual.Error)} but expected ${JSON.stringify(expected.Error)}`);
  } else if (expected.Error !== null && actual.Error !== null) {
    if (!errorCore(actual.Error).includes(errorCore(expected.Error))) {
      diffs.push(
        `${at}: Error ${JSON.stringify(actual.Error)} lacks ${JSON.stringify(errorCore(expected.Error))}`,
      );
    }
  }
  compareList(diffs, `${at}: Messages`, expected.Messages, actual.Messages, (e, a) => {
    const d: string[] = [];
    if (!isDeepStrictEqual(e.Target ?? null, a.Target ?? null))
      d.push(`Target ${show(a.Target)} != ${show(e.Target)}`);
    if (!tagsEqual(e.Tags, a.Tags)) d.push(`Tags ${show(a.Tags)} != ${show(e.Tags)}`);
    if (!dataEqual(e.Data, a.Data)) d.push(`Data ${show(a.Data)} != ${show(e.Data)}`);
    return d;
  });
  compareList(diffs, `${at}: Spawns`, expected.Spawns, actual.Spawns, (e, a) => {
    const d: string[] = [];
    if (!tagsEqual(e.Tags, a.Tags)) d.push(`Tags ${show(a.Tags)} != ${show(e.Tags)}`);
    if (!dataEqual(e.Data, a.Data)) d.push(`Data ${show(a.Data)} != ${show(e.Data)}`);
    return d;
  });
  compareList(diffs, `${at}: Assignments`, expected.Assignments, actual.Assignments, (e, a) =>
    isDeepStrictEqual(e.Processes, a.Processes) && isDeepStrictEqual(e.Message, a.Message)
      ? []
      : [`${show(a)} != ${show(e)}`],
  );
  return diffs;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

function compareList<T>(
  diffs: string[],
  label: string,
  expected: T[],
  actual: T[],
  compare: (e: T, a: T) => string[],
): void {
  if (expected.length !== actual.length) {
    diffs.push(`${label}: ${actual.length} entries, expected ${expected.length}: ${show(actual)}`);
    return;
  }
  expected.forEach((e, i) => {
    for (const d of compare(e, actual[i] as T)) diffs.push(`${label}[${i}] ${d}`);
  });
}

function tagsEqual(expected: LineTag[], actual: LineTag[]): boolean {
  return isDeepStrictEqual(expected, actual);
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Equal text, or equal JSON values when both sides parse as JSON. */
export function dataEqual(expected: unknown, actual: unknown): boolean {
  if (isDeepStrictEqual(expected ?? null, actual ?? null)) return true;
  const e = parseJson(expected);
  const a = parseJson(actual);
  return e.ok && a.ok && isDeepStrictEqual(e.value, a.value);
}

function splitItems(line: string): { label: string; items: string[] } {
  const m = /^([^,]*?: )(.*)$/s.exec(line);
  const label = m ? (m[1] as string) : '';
  const rest = m ? (m[2] as string) : line;
  return { label, items: rest.split(',').sort() };
}

/** Output comparison: exact text, set-of-items per line, or JSON-structural for JSON objects/arrays. */
export function outputMatches(expected: string, actual: string, asSet: boolean): boolean {
  if (expected === actual) return true;
  if (asSet) {
    const el = expected.split('\n');
    const al = actual.split('\n');
    if (el.length !== al.length) return false;
    return el.every((line, i) => isDeepStrictEqual(splitItems(line), splitItems(al[i] as string)));
  }
  const e = parseJson(expected);
  const a = parseJson(actual);
  return (
    e.ok && a.ok && typeof e.value === 'object' && e.value !== null && isDeepStrictEqual(e.value, a.value)
  );
}

/** An error text without line numbers, tracebacks and chunk names, whitespace runs collapsed. */
export function errorCore(text: string): string {
  return text
    .replace(/stack traceback:(\n\t[^\n]*)*/g, '')
    .replace(/\[string "[^"]*"\]/g, '')
    .replace(/:\d+:/g, ':')
    .replace(/\s+/g, ' ')
    .trim();
}
