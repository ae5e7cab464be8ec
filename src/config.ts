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

const flags: Record<string, { key: keyof NodeConfig; kind: 'string' | 'int' | 'bool' }> = {
  '--data': { key: 'dataDir', kind: 'string' },
  '--host': { key: 'host', kind: 'string' },
  '--port': { key: 'port', kind: 'int' },
  '--max-body': { key: 'maxBodyBytes', kind: 'int' },
  '--block-interval': { key: 'blockIntervalMs', kind: 'int' },
  '--checkpoint-every-slots': { key: 'checkpointEverySlots', kind: 'int' },
  '--checkpoint-every-ms': { key: 'checkpointEveryMs', kind: 'int' },
  '--checkpoint-on-eviction': { key: 'checkpointOnEviction', kind: 'bool' },
  '--checkpoint-on-shutdown': { key: 'checkpointOnShutdown', kind: 'bool' },
  '--max-engines': { key: 'maxEngines', kind: 'int' },
  '--max-engine-bytes': { key: 'maxEngineBytes', kind: 'int' },
  '--max-chain-depth': { key: 'maxChainDepth', kind: 'int' },
  '--max-chain-messages': { key: 'maxChainMessages', kind: 'int' },
  '--max-chain-rate': { key: 'maxChainRate', kind: 'int' },
  '--cron-tick': { key: 'cronTickMs', kind: 'int' },
};

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
      const value = Number(raw);
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new AoliteError('BAD_REQUEST', `option ${name} needs a non-negative integer, got "${raw}"`);
      }
      (config[flag.key] as number) = value;
    } else if (flag.kind === 'bool') {
      if (raw !== 'true' && raw !== 'false') {
        throw new AoliteError('BAD_REQUEST', `option ${name} needs true or false, got "${raw}"`);
      }
      (config[flag.key] as boolean) = raw === 'true';
    } else {
      (config[flag.key] as string) = raw;
    }
  }
  if (config.maxEngines < 1) throw new AoliteError('BAD_REQUEST', 'option --max-engines must be at least 1');
  if (config.cronTickMs < 1) throw new AoliteError('BAD_REQUEST', 'option --cron-tick needs at least 1 ms');
  if (config.port > 65_535) throw new AoliteError('BAD_REQUEST', `port ${config.port} is out of range`);
  return config;
}
