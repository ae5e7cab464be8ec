import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signDataItem } from '../src/crypto/index.js';
import { freePort, startCli } from './support/cli-process.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';

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

  /** `serve --port 0` on `folder`, up and answering: the process and its base URL (the port it printed). */
  async function serveOnAnyPort(folder: string) {
    const cli = startCli(['serve', '--data', folder, '--port', '0']);
    await cli.waitFor('health');
    const port = Number(/health\s+http:\/\/127\.0\.0\.1:(\d+)\/health/.exec(cli.output())?.[1]);
    expect(port).toBeGreaterThan(0);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    return { cli, base };
  }

  it('takes its data folder alone, prints the port it bound, and stops while a subscription streams', async () => {
    const { dir: folder, cleanup } = tempDir('aolite-serve-lock-');
    try {
      const { cli: first, base } = await serveOnAnyPort(folder);
      expect(readFileSync(join(folder, 'aolite.lock'), 'utf8').trim()).toBe(String(first.child.pid));

      // A second node on the same folder is refused before it writes anything.
      const second = startCli(['serve', '--data', folder, '--port', '0']);
      expect(await second.exited).toBe(1);
      expect(second.errors()).toContain(`is in use by another aolite node (pid ${first.child.pid})`);

      // An open GraphQL subscription (SSE) does not hold the stop up.
      const address = /aolite node (\S+)/.exec(first.output())![1]!;
      const stream = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: `subscription { assignments(process: "${address}") { slot } }` }),
      });
      expect(stream.status).toBe(200);
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('stopped cleanly');
      expect(existsSync(join(folder, 'aolite.lock'))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('refuses a log whose node key is missing instead of signing it with a new one', async () => {
    const { dir: folder, cleanup } = tempDir('aolite-serve-key-');
    try {
      const { cli: first } = await serveOnAnyPort(folder);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      rmSync(join(folder, 'node-key.json'));
      const again = startCli(['serve', '--data', folder, '--port', '0']);
      expect(await again.exited).toBe(1);
      expect(again.errors()).toContain('its node-key.json is missing: put that file back');
      expect(existsSync(join(folder, 'node-key.json'))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('refuses an unknown option with exit code 2', async () => {
    const cli = startCli(['serve', '--colour', 'blue']);
    expect(await cli.exited).toBe(2);
  });
});
