import { AoliteError } from './core/errors.js';

/** Everything a node needs to start. Parsed once at the edge (CLI, tests) and passed down. */
export interface NodeConfig {
  /** Folder holding the SQLite file and the node's keys. ':memory:' keeps everything in memory (tests). */
  dataDir: string;
  host: string;
  port: number;
  /** Largest accepted HTTP body (a signed data item), bytes. */
  maxBodyBytes: number;
  /** A local block is sealed at most this often, ms. */
  blockIntervalMs: number;
  /** Checkpoint a process every this many evaluated slots (0: never by slot count). */
  checkpointEverySlots: number;
  /** Checkpoint a process after this much evaluation time, ms (0: never by time). */
  checkpointEveryMs: number;
  /** Checkpoint a process whose engine leaves the engine cache. */
  checkpointOnEviction: boolean;
  /** Checkpoint every live process when the node stops. */
  checkpointOnShutdown: boolean;
  /** Live process engines kept in memory at most (least recently used are evicted). */
  maxEngines: number;
  /** Bytes of engine memory kept at most, summed over live engines. */
  maxEngineBytes: number;
  /** The messenger refuses outbox entries more than this many pushes from their root message. */
  maxChainDepth: number;
  /** The messenger refuses outbox entries once a root message's chain has this many deliveries. */
  maxChainMessages: number;
  /**
   * The messenger delivers at most this many entries per root message per second of wall time (0: no
   * bound); a faster chain (a message loop) waits, it is not refused, and is reported.
   */
  maxChainRate: number;
  /** How often monitored cron processes are ticked, ms. */
  cronTickMs: number;
}

export const defaultConfig: NodeConfig = {
  dataDir: '.aolite',
  host: '127.0.0.1',
  port: 6363,
  maxBodyBytes: 10 * 1024 * 1024,
  blockIntervalMs: 2_000,
  checkpointEverySlots: 1_000,
  checkpointEveryMs: 10_000,
  checkpointOnEviction: true,
  checkpointOnShutdown: true,
  maxEngines: 64,
  maxEngineBytes: 2 * 1024 ** 3,
  maxChainDepth: 10_000,
  maxChainMessages: 100_000,
  maxChainRate: 1_000,
  cronTickMs: 1_000,
};

/** Node's timers take at most this many ms; a longer interval fires every millisecond instead. */
const TIMER_MAX_MS = 2 ** 31 - 1;

interface Flag {
  key: keyof NodeConfig;
  kind: 'string' | 'int' | 'bool';
  /** Bounds of an int flag (inclusive; default 0 and none). */
  min?: number;
  max?: number;
}

const flags: Record<string, Flag> = {
  '--data': { key: 'dataDir', kind: 'string' },
  '--host': { key: 'host', kind: 'string' },
  '--port': { key: 'port', kind: 'int', max: 65_535 },
  // The smallest signed item is about 100 bytes; under 1 KiB nearly every message would be refused.
  '--max-body': { key: 'maxBodyBytes', kind: 'int', min: 1024, max: 2 ** 31 - 1 },
  // Blocks are sealed on a timer whether or not they hold items: 100 ms is already 864,000 blocks a day.
  '--block-interval': { key: 'blockIntervalMs', kind: 'int', min: 100, max: TIMER_MAX_MS },
  '--checkpoint-every-slots': { key: 'checkpointEverySlots', kind: 'int' },
  '--checkpoint-every-ms': { key: 'checkpointEveryMs', kind: 'int' },
  '--checkpoint-on-eviction': { key: 'checkpointOnEviction', kind: 'bool' },
  '--checkpoint-on-shutdown': { key: 'checkpointOnShutdown', kind: 'bool' },
  '--max-engines': { key: 'maxEngines', kind: 'int', min: 1 },
  '--max-engine-bytes': { key: 'maxEngineBytes', kind: 'int' },
  '--max-chain-depth': { key: 'maxChainDepth', kind: 'int' },
  '--max-chain-messages': { key: 'maxChainMessages', kind: 'int' },
  '--max-chain-rate': { key: 'maxChainRate', kind: 'int' },
  '--cron-tick': { key: 'cronTickMs', kind: 'int', min: 1, max: TIMER_MAX_MS },
};

function parseIntFlag(name: string, flag: Flag, raw: string): number {
  const value = Number(raw);
  const min = flag.min ?? 0;
  if (Number.isSafeInteger(value) && value >= min && value <= (flag.max ?? Number.MAX_SAFE_INTEGER))
    return value;
  const range =
    flag.max !== undefined
      ? `an integer from ${min} to ${flag.max}`
      : min === 0
        ? 'a non-negative integer'
        : `an integer of at least ${min}`;
  throw new AoliteError('BAD_REQUEST', `option ${name} needs ${range}, got "${raw}"`);
}

/** Parses `--flag value` / `--flag=value` arguments over the defaults. Unknown flags are an error. */
export function parseConfigArgs(args: string[], base: NodeConfig = defaultConfig): NodeConfig {
  const config: NodeConfig = { ...base };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const flag = flags[name];
    if (!flag)
      throw new AoliteError(
        'BAD_REQUEST',
        `unknown option "${name}" (known: ${Object.keys(flags).join(', ')})`,
      );
    const raw = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined || raw === '') throw new AoliteError('BAD_REQUEST', `option ${name} needs a value`);
    if (flag.kind === 'int') {
      (config[flag.key] as number) = parseIntFlag(name, flag, raw);
    } else if (flag.kind === 'bool') {
      if (raw !== 'true' && raw !== 'false') {
        throw new AoliteError('BAD_REQUEST', `option ${name} needs true or false, got "${raw}"`);
      }
      (config[flag.key] as boolean) = raw === 'true';
    } else {
      (config[flag.key] as string) = raw;
    }
  }
  return config;
}
