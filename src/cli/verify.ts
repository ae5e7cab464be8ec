import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyProcess } from '../compute/verify.js';
import { defaultConfig } from '../config.js';
import { AoliteError, isAoliteError } from '../core/errors.js';
import { DATABASE_FILE } from '../node.js';
import { loadAosLibrary } from '../runtime/library.js';
import { openStore } from '../store/index.js';
import type { Command } from './command.js';
import { createProgressBar } from './progress-bar.js';

const USAGE = 'usage: aolite verify PROCESS [--to SLOT] [--from genesis|checkpoint] [--data DIR]';

const OPTIONS = ['--to', '--from', '--data'];

interface VerifyArgs {
  processId: string;
  toSlot?: number;
  from: 'genesis' | 'checkpoint';
  dataDir: string;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function parseVerifyArgs(args: string[]): VerifyArgs {
  const positional: string[] = [];
  const parsed: Omit<VerifyArgs, 'processId'> = { from: 'genesis', dataDir: defaultConfig.dataDir };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!OPTIONS.includes(name)) {
      throw new AoliteError('BAD_REQUEST', `unknown option "${name}" (known: ${OPTIONS.join(', ')})`);
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '')
      throw new AoliteError('BAD_REQUEST', `option ${name} needs a value`);
    if (name === '--to') {
      const slot = Number(value);
      if (!Number.isSafeInteger(slot) || slot < 0) {
        throw new AoliteError(
          'BAD_REQUEST',
          `option --to needs a slot (a non-negative integer), got "${value}"`,
        );
      }
      parsed.toSlot = slot;
    } else if (name === '--from') {
      if (value !== 'genesis' && value !== 'checkpoint') {
        throw new AoliteError('BAD_REQUEST', `option --from needs genesis or checkpoint, got "${value}"`);
      }
      parsed.from = value;
    } else {
      parsed.dataDir = value;
    }
  }
  if (positional.length !== 1) throw new AoliteError('BAD_REQUEST', 'name exactly one process id');
  return { processId: positional[0]!, ...parsed };
}

/**
 * `aolite verify PROCESS`: replays a process in a fresh runtime and compares every result hash (and the
 * memory hash at each checkpoint) with what the data folder holds. Exit 0 when everything matches, 1 at
 * the first divergent slot, 2 on bad arguments, an unknown process or any error that stops the replay.
 * Safe while a node runs on the same folder (WAL: a reader never blocks the writer).
 */
export const verifyCommand: Command = {
  summary:
    'replay a process and compare every stored result: aolite verify PROCESS [--to SLOT] [--from genesis|checkpoint] [--data DIR]',
  async run(args) {
    let parsed: VerifyArgs;
    try {
      parsed = parseVerifyArgs(args);
    } catch (error) {
      console.error(`aolite verify: ${isAoliteError(error) ? error.message : String(error)}\n${USAGE}`);
      return 2;
    }
    const path = resolve(join(parsed.dataDir, DATABASE_FILE));
    if (!existsSync(path)) {
      console.error(`aolite verify: no aolite database at ${path}`);
      return 2;
    }
    let store: ReturnType<typeof openStore>;
    try {
      store = openStore({ path });
    } catch (error) {
      // Not a database, unreadable, or a log this version cannot read: an error, never a divergence.
      console.error(
        `aolite verify: cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 2;
    }
    const bar = process.stdout.isTTY ? createProgressBar(process.stdout, () => performance.now()) : undefined;
    try {
      const report = await verifyProcess({
        store,
        library: loadAosLibrary(),
        processId: parsed.processId,
        from: parsed.from,
        ...(parsed.toSlot === undefined ? {} : { toSlot: parsed.toSlot }),
        ...(bar ? { onProgress: (done: number, total: number) => bar.update(done, total) } : {}),
      });
      bar?.stop();
      const start =
        report.start.kind === 'genesis' ? 'genesis' : `the checkpoint at slot ${report.start.slot}`;
      if (report.ok) {
        for (const message of report.skipped) console.log(`skipped corrupt checkpoint: ${message}`);
        // A checkpoint at the last slot asked for leaves nothing to replay: say so, not "slots 50..49".
        console.log(
          report.fromSlot > report.toSlot
            ? `OK ${report.processId}: nothing to replay up to slot ${report.toSlot}: ${start} holds it, and its pages verify`
            : `OK ${report.processId}: slots ${report.fromSlot}..${report.toSlot} replayed from ${start}, ${plural(report.slots, 'result')} and ${plural(report.checkpoints, 'checkpoint')} match`,
        );
        console.log(`memory hash ${report.memoryHash}`);
        return 0;
      }
      console.log(
        `DIVERGED ${report.processId} at slot ${report.slot} (${report.kind}), replayed from ${start}`,
      );
      console.log(`  expected ${report.expected}`);
      console.log(`  actual   ${report.actual}`);
      console.log(`  ${report.detail}`);
      return 1;
    } catch (error) {
      bar?.stop();
      // Exit 1 means the log diverged; anything that stopped the replay itself is 2.
      const message = isAoliteError(error) || error instanceof Error ? error.message : String(error);
      console.error(`aolite verify: ${message}`);
      return 2;
    } finally {
      store.close();
    }
  },
};
