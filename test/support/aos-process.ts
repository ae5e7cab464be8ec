import { loadAosLibrary } from '../../src/runtime/library.js';
import { createProcessRuntime } from '../../src/runtime/process-runtime.js';
import {
  parseScenario,
  type ScenarioStep,
  scenarioMessages,
  stepMessage,
} from '../../src/runtime/scenario.js';
import { outputText } from '../../src/runtime/scenario-output.js';
import type { EvalResult, RuntimeLimits } from '../../src/runtime/types.js';
import { DEFAULT_LIMITS } from '../../src/runtime/types.js';

export const OWNER = 'OWNER-0000000000000000000000000000000000001';
export const ALICE = 'ALICE-0000000000000000000000000000000000001';

/** A booted aos-compatible test process: send steps (scenario step syntax) or Eval code as the owner. */
export interface AosTestProcess {
  send(step: ScenarioStep): Promise<EvalResult>;
  /** Evaluates code as the owner; returns Output.data without colours, or throws the Error text. */
  evaluate(code: string): Promise<string>;
  /** Evaluates code as the owner and returns the Error text (fails if there was none). */
  evaluateError(code: string): Promise<string>;
  close(): void;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export async function createAosTestProcess(
  processTags: Record<string, string> = {},
  limits: RuntimeLimits = DEFAULT_LIMITS,
): Promise<AosTestProcess> {
  const scenario = parseScenario({
    name: 'test',
    process: { tags: { Name: 'test', ...processTags } },
    steps: [],
  });
  const [boot] = scenarioMessages(scenario);
  if (!boot) throw new Error('no process message');
  const proc = await createProcessRuntime({ library: loadAosLibrary(), limits });
  const first = proc.handle(boot.msg, boot.env);
  if (first.Error !== undefined) throw new Error(`process message failed: ${first.Error}`);
  let n = 0;
  const send = (step: ScenarioStep) => {
    n += 1;
    return Promise.resolve(proc.handle(stepMessage(scenario, step, n), boot.env));
  };
  return {
    send,
    async evaluate(code) {
      const result = await send({ action: 'Eval', data: code });
      if (result.Error !== undefined) throw new Error(`Eval failed: ${result.Error.replace(ANSI, '')}`);
      return outputText(result.Output);
    },
    async evaluateError(code) {
      const result = await send({ action: 'Eval', data: code });
      if (result.Error === undefined) throw new Error(`Eval did not fail: ${outputText(result.Output)}`);
      return result.Error.replace(ANSI, '');
    },
    close: () => proc.close(),
  };
}
