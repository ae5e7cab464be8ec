/**
 * What the commands that read one process from a data folder share (`verify`, `audit`): their arguments
 * (one process id and `--name value` / `--name=value` options) and opening the folder's log.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConfig } from '../config.js';
import { AoliteError } from '../core/errors.js';
import { DATABASE_FILE } from '../node.js';
import { openStore, type Store } from '../store/index.js';

export interface ProcessArgs {
  processId: string;
  dataDir: string;
  /** The other options given, by name (`--to`), the last one winning. */
  options: Map<string, string>;
}

/** Parses PROCESS and the options `known` (plus `--data`); BAD_REQUEST naming what is wrong. */
export function parseProcessArgs(args: readonly string[], known: readonly string[]): ProcessArgs {
  const names = [...known, '--data'];
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!names.includes(name)) {
      throw new AoliteError('BAD_REQUEST', `unknown option "${name}" (known: ${names.join(', ')})`);
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') {
      throw new AoliteError('BAD_REQUEST', `option ${name} needs a value`);
    }
    options.set(name, value);
  }
  if (positional.length !== 1) throw new AoliteError('BAD_REQUEST', 'name exactly one process id');
  const dataDir = options.get('--data') ?? defaultConfig.dataDir;
  options.delete('--data');
  return { processId: positional[0]!, dataDir, options };
}

/**
 * Opens the data folder's log for reading alongside a running node (WAL: a reader never blocks the
 * writer), or prints why it cannot (prefixed `aolite <command>:`) and returns undefined.
 */
export function openFolderLog(command: string, dataDir: string): Store | undefined {
  const path = resolve(join(dataDir, DATABASE_FILE));
  if (!existsSync(path)) {
    console.error(`aolite ${command}: no aolite database at ${path}`);
    return undefined;
  }
  try {
    return openStore({ path });
  } catch (error) {
    // Not a database, unreadable, or a log this version cannot read.
    console.error(
      `aolite ${command}: cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
