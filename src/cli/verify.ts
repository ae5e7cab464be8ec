import { verifyProcess } from '../compute/verify.js';
import { AoliteError, isAoliteError } from '../core/errors.js';
import { loadAosLibrary } from '../runtime/library.js';
import type { Command } from './command.js';
import { openFolderLog, parseProcessArgs, plural } from './process-command.js';
import { createProgressBar } from './progress-bar.js';

const USAGE = 'usage: aolite verify PROCESS [--to SLOT] [--from genesis|checkpoint] [--data DIR]';

interface VerifyArgs {
  processId: string;
  toSlot?: number;
  from: 'genesis' | 'checkpoint';
  dataDir: string;
}

function parseVerifyArgs(args: string[]): VerifyArgs {
  const { processId, dataDir, options } = parseProcessArgs(args, ['--to', '--from']);
  const parsed: VerifyArgs = { processId, from: 'genesis', dataDir };
  const to = options.get('--to');
  if (to !== undefined) {
    const slot = Number(to);
    if (!Number.isSafeInteger(slot) || slot < 0) {
      throw new AoliteError('BAD_REQUEST', `option --to needs a slot (a non-negative integer), got "${to}"`);
    }
    parsed.toSlot = slot;
  }
  const from = options.get('--from');
  if (from !== undefined) {
    if (from !== 'genesis' && from !== 'checkpoint') {
      throw new AoliteError('BAD_REQUEST', `option --from needs genesis or checkpoint, got "${from}"`);
    }
    parsed.from = from;
  }
  return parsed;
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
    const store = openFolderLog('verify', parsed.dataDir);
    if (store === undefined) return 2;
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
