/**
 * The counter and token workloads, as the messages and env a compute unit hands a process (built with
 * the conformance-scenario builder, src/runtime/scenario.ts). The same objects go to aolite's runtime
 * and to the reference aos module, so both do the same work.
 */
import type { ScenarioMessage, ScenarioStep } from '../../src/runtime/scenario.js';
import { fixedId, parseScenario, scenarioMessages } from '../../src/runtime/scenario.js';
import type { EvalResult } from '../../src/runtime/types.js';

export const COUNTER_SOURCE = `Count = Count or 0
Handlers.add('Incr', Handlers.utils.hasMatchingTag('Action', 'Incr'), function (msg)
  Count = Count + 1
  print('Count is now ' .. Count)
end)`;

export const TOKEN_SOURCE = `Balances = Balances or { [Owner] = 1000000000000 }
Handlers.add('Transfer', Handlers.utils.hasMatchingTag('Action', 'Transfer'), function (msg)
  local qty = math.tointeger(tonumber(msg.Quantity))
  assert(qty and qty > 0, 'Quantity must be a positive integer')
  local from, to = msg.From, msg.Recipient
  local have = Balances[from] or 0
  if have < qty then
    msg.reply({ Action = 'Transfer-Error', Error = 'Insufficient Balance!' })
    return
  end
  Balances[from] = have - qty
  Balances[to] = (Balances[to] or 0) + qty
  msg.reply({ Action = 'Debit-Notice', Recipient = to, Quantity = msg.Quantity })
  Send({ Target = to, Action = 'Credit-Notice', Sender = from, Quantity = msg.Quantity })
end)`;

/** A workload: the process message, the Eval that installs the handlers, then `work` messages. */
export interface Workload {
  name: 'counter' | 'token';
  spawn: ScenarioMessage;
  install: ScenarioMessage;
  work: ScenarioMessage[];
  /** An Eval reading the state back, and the text its Output must show after all `work` messages. */
  check: { message: ScenarioMessage; expected: string };
}

function build(
  name: Workload['name'],
  source: string,
  steps: ScenarioStep[],
  checkCode: string,
  expected: string,
): Workload {
  const all = scenarioMessages(
    parseScenario({
      name: `bench-${name}`,
      process: { tags: [{ name: 'Name', value: `bench-${name}` }] },
      steps: [{ action: 'Eval', data: source }, ...steps, { action: 'Eval', data: checkCode }],
    }),
  );
  return {
    name,
    spawn: all[0]!,
    install: all[1]!,
    work: all.slice(2, -1),
    check: { message: all[all.length - 1]!, expected },
  };
}

/** `n` Incr messages; afterwards `return Count` shows n. */
export function counterWorkload(n: number): Workload {
  return build(
    'counter',
    COUNTER_SOURCE,
    Array.from({ length: n }, () => ({ action: 'Incr' })),
    'return Count',
    String(n),
  );
}

/** `n` transfers of 1 from the owner to `accounts` recipients in turn; each sends two notices. */
export function tokenWorkload(n: number, accounts = 1000): Workload {
  return build(
    'token',
    TOKEN_SOURCE,
    Array.from({ length: n }, (_, i) => ({
      action: 'Transfer',
      tags: [
        { name: 'Recipient', value: fixedId('ACCOUNT', i % accounts) },
        { name: 'Quantity', value: '1' },
      ],
    })),
    'return Balances[Owner]',
    String(1_000_000_000_000 - n),
  );
}

/** The text of an Eval result's output (aos puts it in Output.data). */
export function outputText(result: Pick<EvalResult, 'Output'>): string {
  const output = result.Output as { data?: unknown } | string | undefined;
  if (typeof output === 'string') return output;
  const data = output?.data;
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** Throws unless a result is a success (a benchmark must not time failing messages). */
export function expectOk(result: { Error?: unknown }, what: string): void {
  if (result.Error !== undefined && result.Error !== null) {
    throw new Error(`${what} failed: ${String(result.Error)}`);
  }
}

/** Throws unless the check Eval shows the expected state. */
export function expectState(workload: Workload, result: Pick<EvalResult, 'Output'>): void {
  const text = outputText(result);
  if (text !== workload.check.expected) {
    throw new Error(
      `${workload.name}: state after the run is "${text}", expected "${workload.check.expected}"`,
    );
  }
}
