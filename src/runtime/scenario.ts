import { AoliteError } from '../core/errors.js';
import type { Tag } from '../core/types.js';
import type { AoEnv, AoMessage } from './types.js';

/**
 * Conformance scenarios (test/conformance/README.md): a process and a list of steps, turned into the
 * messages and env a reference compute unit hands to the process.
 */
export interface ScenarioStep {
  action?: string;
  from?: string;
  owner?: string;
  fromProcess?: boolean;
  target?: string;
  tags?: Tag[];
  data?: string;
  id?: string;
  timestamp?: number;
  blockHeight?: number;
  note?: string;
}

export interface Scenario {
  name: string;
  description?: string;
  parties: { PROCESS: string; OWNER: string; AUTHORITY: string; MODULE: string };
  process: { owner: string; id: string; module: string; tags: Tag[]; data?: string; noAuthority: boolean };
  steps: ScenarioStep[];
}

/** One message of a scenario, ready to evaluate; step 0 is the process's own message. */
export interface ScenarioMessage {
  step: number;
  msg: AoMessage;
  env: AoEnv;
  action?: string;
  note?: string;
}

export const BASE_TIMESTAMP = 1_700_000_000_000;
export const BASE_BLOCK_HEIGHT = 1000;

/** `PREFIX-000…0n`: 43 characters, the counter at the end. */
export function fixedId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(42 - prefix.length, '0')}`;
}

const DEFAULT_PARTIES = {
  PROCESS: fixedId('PROCESS', 1),
  OWNER: fixedId('OWNER', 1),
  AUTHORITY: fixedId('AUTHORITY', 1),
  MODULE: fixedId('MODULE', 1),
};
const SCHEDULER = fixedId('SCHEDULER', 1);

function bad(message: string): never {
  throw new AoliteError('BAD_REQUEST', `invalid scenario: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') bad(`${where}.${key} must be a string`);
  return value;
}

function optionalNumber(obj: Record<string, unknown>, key: string, where: string): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad(`${where}.${key} must be an integer`);
  return value;
}

/** Tags as a list of {name, value} or an object; values become strings. */
function parseTags(value: unknown, where: string): Tag[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    return value.map((tag, i) => {
      if (!isRecord(tag) || typeof tag.name !== 'string' || tag.value === undefined || tag.value === null) {
        bad(`${where}[${i}] must be {name, value}`);
      }
      return { name: tag.name, value: String(tag.value) };
    });
  }
  if (isRecord(value)) return Object.entries(value).map(([name, v]) => ({ name, value: String(v) }));
  return bad(`${where} must be a list of {name, value} or an object`);
}

function parseStep(value: unknown, i: number): ScenarioStep {
  const where = `steps[${i}]`;
  if (!isRecord(value)) bad(`${where} must be an object`);
  const step: ScenarioStep = {};
  for (const key of ['action', 'from', 'owner', 'target', 'data', 'id', 'note'] as const) {
    const s = optionalString(value, key, where);
    if (s !== undefined) step[key] = s;
  }
  const timestamp = optionalNumber(value, 'timestamp', where);
  if (timestamp !== undefined) step.timestamp = timestamp;
  const blockHeight = optionalNumber(value, 'blockHeight', where);
  if (blockHeight !== undefined) step.blockHeight = blockHeight;
  if (value.fromProcess !== undefined) {
    if (typeof value.fromProcess !== 'boolean') bad(`${where}.fromProcess must be a boolean`);
    step.fromProcess = value.fromProcess;
  }
  if (value.tags !== undefined) step.tags = parseTags(value.tags, `${where}.tags`);
  return step;
}

/** Validates a parsed scenario JSON value; throws AoliteError BAD_REQUEST naming the first problem. */
export function parseScenario(value: unknown): Scenario {
  if (!isRecord(value)) bad('the scenario must be a JSON object');
  const name = optionalString(value, 'name', 'scenario') ?? 'scenario';
  const parties = { ...DEFAULT_PARTIES };
  if (value.parties !== undefined) {
    if (!isRecord(value.parties)) bad('parties must be an object');
    for (const key of Object.keys(DEFAULT_PARTIES) as Array<keyof typeof DEFAULT_PARTIES>) {
      const s = optionalString(value.parties, key, 'parties');
      if (s !== undefined) parties[key] = s;
    }
  }
  const proc = value.process ?? {};
  if (!isRecord(proc)) bad('process must be an object');
  if (proc.noAuthority !== undefined && typeof proc.noAuthority !== 'boolean') {
    bad('process.noAuthority must be a boolean');
  }
  if (!Array.isArray(value.steps)) bad('steps must be an array');
  const scenario: Scenario = {
    name,
    parties,
    process: {
      owner: optionalString(proc, 'owner', 'process') ?? parties.OWNER,
      id: optionalString(proc, 'id', 'process') ?? parties.PROCESS,
      module: optionalString(proc, 'module', 'process') ?? parties.MODULE,
      tags: parseTags(proc.tags, 'process.tags'),
      noAuthority: proc.noAuthority === true,
    },
    steps: value.steps.map(parseStep),
  };
  const data = optionalString(proc, 'data', 'process');
  if (data !== undefined) scenario.process.data = data;
  const description = optionalString(value, 'description', 'scenario');
  if (description !== undefined) scenario.description = description;
  return scenario;
}

/** The env handed with every message of the scenario. */
export function scenarioEnv(scenario: Scenario): AoEnv {
  const { process: proc, parties } = scenario;
  const tags: Tag[] = [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Process' },
    { name: 'Module', value: proc.module },
    { name: 'Scheduler', value: SCHEDULER },
  ];
  if (!proc.noAuthority) tags.push({ name: 'Authority', value: parties.AUTHORITY });
  tags.push(...proc.tags);
  return {
    Process: { Id: proc.id, Owner: proc.owner, Tags: tags },
    Module: {
      Id: proc.module,
      Owner: proc.owner,
      Tags: [
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Type', value: 'Module' },
        { name: 'Module-Format', value: 'wasm64-unknown-emscripten-draft_2024_02_15' },
        { name: 'Input-Encoding', value: 'JSON-1' },
        { name: 'Output-Encoding', value: 'JSON-1' },
        { name: 'Memory-Limit', value: '1-gb' },
        { name: 'Compute-Limit', value: '9000000000000' },
      ],
    },
  };
}

const USER_TAG_EXCLUDED = new Set(['From', 'Owner']);

/** The message of step `i` (1-based; step 0 is the process message). */
export function stepMessage(scenario: Scenario, step: ScenarioStep, i: number): AoMessage {
  const proc = scenario.process;
  const tags: Tag[] = [];
  if (step.action !== undefined) tags.push({ name: 'Action', value: step.action });
  for (const tag of step.tags ?? []) if (!USER_TAG_EXCLUDED.has(tag.name)) tags.push(tag);
  const from = step.from ?? proc.owner;
  let owner = from;
  if (step.fromProcess) {
    tags.push({ name: 'From-Process', value: from });
    owner = step.owner ?? scenario.parties.AUTHORITY;
  } else if (step.owner !== undefined && step.from === undefined) {
    owner = step.owner;
  }
  tags.push(
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Message' },
    { name: 'SDK', value: 'aoconnect' },
  );
  const msg: AoMessage = {
    Id: step.id ?? fixedId('MSG', i),
    Data: step.data ?? '',
    Owner: owner,
    From: step.fromProcess ? from : owner,
    Tags: tags,
    Target: step.target ?? proc.id,
    Epoch: 0,
    Nonce: i,
    Timestamp: step.timestamp ?? BASE_TIMESTAMP + 1000 * i,
    'Block-Height': step.blockHeight ?? BASE_BLOCK_HEIGHT,
    'Hash-Chain': fixedId('HASH', i),
    Cron: false,
  };
  if (step.fromProcess) msg['Forwarded-By'] = owner;
  return msg;
}

/** Every message of the scenario in order, the process message first (step 0). */
export function scenarioMessages(scenario: Scenario): ScenarioMessage[] {
  const env = scenarioEnv(scenario);
  const proc = scenario.process;
  const processMessage: AoMessage = {
    Id: proc.id,
    Data: proc.data ?? '',
    Owner: proc.owner,
    From: proc.owner,
    Tags: env.Process.Tags,
    Target: proc.id,
    Epoch: 0,
    Nonce: 0,
    Timestamp: BASE_TIMESTAMP,
    'Block-Height': BASE_BLOCK_HEIGHT,
    'Hash-Chain': fixedId('HASH', 0),
    Cron: false,
  };
  const out: ScenarioMessage[] = [{ step: 0, msg: processMessage, env }];
  scenario.steps.forEach((step, index) => {
    const i = index + 1;
    const entry: ScenarioMessage = { step: i, msg: stepMessage(scenario, step, i), env };
    if (step.action !== undefined) entry.action = step.action;
    if (step.note !== undefined) entry.note = step.note;
    out.push(entry);
  });
  return out;
}
