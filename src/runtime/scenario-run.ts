import { readFileSync } from 'node:fs';
import { AoliteError } from '../core/errors.js';
import { loadAosLibrary } from './library.js';
import { createProcessRuntime, type ProcessRuntime } from './process-runtime.js';
import { parseScenario, type Scenario, scenarioMessages } from './scenario.js';
import { type ResultLine, resultLine } from './scenario-output.js';
import { DEFAULT_LIMITS } from './types.js';

export type ScenarioProcessFactory = () => Promise<ProcessRuntime>;

const defaultFactory: ScenarioProcessFactory = () =>
  createProcessRuntime({ library: loadAosLibrary(), limits: DEFAULT_LIMITS });

/** Evaluates every message of a scenario in a fresh process and returns one output line per message. */
export async function runScenario(
  scenario: Scenario,
  createProcess: ScenarioProcessFactory = defaultFactory,
): Promise<ResultLine[]> {
  const proc = await createProcess();
  try {
    const lines: ResultLine[] = [];
    for (const message of scenarioMessages(scenario)) {
      lines.push(resultLine(message, proc.handle(message.msg, message.env)));
    }
    return lines;
  } finally {
    proc.close();
  }
}

/** Reads and validates a scenario file; AoliteError NOT_FOUND / BAD_REQUEST name the problem. */
export function readScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AoliteError('NOT_FOUND', `cannot read scenario file ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AoliteError(
      'BAD_REQUEST',
      `scenario file ${path} is not valid JSON: ${(err as Error).message}`,
    );
  }
  return parseScenario(value);
}

/** Parses an expected-output JSONL file (one ResultLine per non-empty line). */
export function parseExpectedLines(text: string): ResultLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ResultLine);
}
