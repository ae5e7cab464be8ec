import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signDataItem } from '../src/crypto/index.js';
import { freePort, startCli } from './support/cli-process.js';
import { testSigner } from './support/log-items.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aolite-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('aolite serve', () => {
  it('serves over real HTTP on 127.0.0.1, keeps its key across restarts and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const first = startCli(['serve', '--data', dataDir, '--port', String(port)]);
    await first.waitFor('health');
    const address = /aolite node (\S+)/.exec(first.output())?.[1];
    expect(address).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const moduleId = /module\s+(\S+)/.exec(first.output())?.[1];
    expect(moduleId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.output()).toContain(`http://127.0.0.1:${port}/`);
    const key = JSON.parse(readFileSync(join(dataDir, 'node-key.json'), 'utf8')) as { crv: string };
    expect(key.crv).toBe('Ed25519');

    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', address });

    const alice = testSigner('alice');
    const spawn = signDataItem(
      {
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Type', value: 'Process' },
          { name: 'Module', value: moduleId! },
          { name: 'Scheduler', value: address! },
        ],
        data: '',
      },
      alice,
    );
    const posted = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(spawn.raw),
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ message: 'Processing DataItem', id: spawn.id, slot: 0 });

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    expect(existsSync(join(dataDir, 'aolite.sqlite'))).toBe(true);

    // Same data folder: same address, and the process is still there (a re-post is a duplicate).
    const second = startCli(['serve', '--data', dataDir, '--port', String(port)]);
    await second.waitFor('health');
    expect(second.output()).toContain(`aolite node ${address}`);
    expect(second.output()).toContain(`module     ${moduleId}`);
    const again = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(spawn.raw),
    });
    expect(again.status).toBe(409);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('refuses an unknown option with exit code 2', async () => {
    const cli = startCli(['serve', '--colour', 'blue']);
    expect(await cli.exited).toBe(2);
  });
});
