import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { LOCK_FILE, lockDataFolder } from '../src/node/data-lock.js';
import { createNode } from '../src/node.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'aolite-lock-'));
  folders.push(dir);
  return dir;
};

describe('the data folder lock', () => {
  it('holds the folder for one node at a time, in this process too, until released', () => {
    const dir = folder();
    const lock = lockDataFolder(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockDataFolder(dir)).toThrow(
      `is in use by another aolite node (pid ${process.pid}, this process)`,
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataFolder(dir).release();
  });

  it('is released, with the store closed, when the node fails to start after opening its log', async () => {
    const dir = folder();
    // the scheduler refuses this interval after the store, the compute unit and its threads are up
    await expect(
      createNode({ ...defaultConfig, dataDir: dir, blockIntervalMs: 0 }, { sealTimer: false }),
    ).rejects.toThrow('blockIntervalMs must be a positive integer, got 0');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const node = await createNode({ ...defaultConfig, dataDir: dir }, { sealTimer: false });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await node.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left by a node that no longer runs', () => {
    const dir = folder();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout.toString());
    expect(pid).toBeGreaterThan(0);
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n`);
    const lock = lockDataFolder(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    expect(lock.takenOverFrom).toBe(pid);
    lock.release();
    const fresh = lockDataFolder(dir);
    expect(fresh.takenOverFrom).toBeUndefined();
    fresh.release();
  });
});
