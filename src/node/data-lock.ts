import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AoliteError } from '../core/errors.js';

export const LOCK_FILE = 'aolite.lock';

export interface DataLock {
  /** Gives the folder up (removes the lock file if it is still this process's). */
  release(): void;
  /** The pid of a node that no longer runs whose lock was taken over (it was stopped by SIGKILL or a crash). */
  takenOverFrom: number | undefined;
}

/** Whether a process with this pid runs now (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a data folder for one node: `aolite.lock` holds the pid of the node that writes there. The log has
 * one writer (the scheduler's slots and hash chains, the results in slot order); a second node on the same
 * folder would assign slots under it. A lock left by a node that no longer runs (SIGKILL) is taken over.
 */
export function lockDataFolder(dataDir: string): DataLock {
  const path = join(dataDir, LOCK_FILE);
  let takenOverFrom: number | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        takenOverFrom,
        release() {
          try {
            if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(path, 'utf8').trim());
    } catch {
      // removed in between: try again
    }
    if (Number.isSafeInteger(holder) && holder > 0 && running(holder)) {
      throw new AoliteError(
        'CONFLICT',
        `data folder ${dataDir} is in use by another aolite node (pid ${holder}${holder === process.pid ? ', this process' : ''}); stop it first or use another --data (if no node runs there, delete ${path})`,
      );
    }
    if (Number.isSafeInteger(holder) && holder > 0) takenOverFrom = holder;
    rmSync(path, { force: true }); // left by a node that no longer runs
  }
  throw new AoliteError('CONFLICT', `cannot take data folder ${dataDir}: ${path} keeps coming back`);
}
