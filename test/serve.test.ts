import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signDataItem } from '../src/crypto/index.js';
import { freePort, startCli } from './support/cli-process.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aolite-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A signed Process item for the node at `address`, on its built-in module. */
function spawnItem(moduleId: string, address: string) {
  return signDataItem(
    {
      tags: [
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Type', value: 'Process' },
        { name: 'Module', value: moduleId },
        { name: 'Scheduler', value: address },
      ],
      data: '',
    },
    testSigner('alice'),
  );
}

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

    const spawn = spawnItem(moduleId!, address!);
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
    await second.waitFor('Ctrl-C to stop');
    expect(second.output()).toContain(`aolite node ${address}`);
    expect(second.output()).toContain(`module     ${moduleId}`);
    expect(second.output()).toContain(
      `spawn with tags Module=${moduleId} Scheduler=${address} Authority=${address}`,
    );
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
  async function serveOnAnyPort(folder: string, env?: NodeJS.ProcessEnv) {
    const cli = startCli(['serve', '--data', folder, '--port', '0'], env);
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
      // yoga pings its streams every 12 s, every 300 ms under NODE_ENV=test: a ping would end a stream
      // that was cut but not cancelled, and hide a stop that waits for it.
      const { cli: first, base } = await serveOnAnyPort(folder, { ...process.env, NODE_ENV: 'production' });
      expect(readFileSync(join(folder, 'aolite.lock'), 'utf8').trim()).toBe(String(first.child.pid));

      // A second node on the same folder is refused before it writes anything.
      const second = startCli(['serve', '--data', folder, '--port', '0']);
      expect(await second.exited).toBe(1);
      expect(second.errors()).toContain(`is in use by another aolite node (pid ${first.child.pid})`);

      // An open GraphQL subscription (SSE) does not hold the stop up: it is cut after the 2 s grace, and
      // the node exits right after (not at yoga's next keep-alive ping, 12 s after the stream opened).
      const address = /aolite node (\S+)/.exec(first.output())![1]!;
      const moduleId = /module\s+(\S+)/.exec(first.output())![1]!;
      const spawn = spawnItem(moduleId, address);
      const posted = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(spawn.raw),
      });
      expect(posted.status).toBe(202);
      const stream = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: `subscription { assignments(process: "${spawn.id}") { slot } }` }),
      });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(':\n\n'); // open, waiting
      const ended = (async () => {
        try {
          while (!(await reader.read()).done) {}
        } catch {
          // cut: the connection closed mid-stream
        }
        return Date.now();
      })();
      const signalled = Date.now();
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      const exitedAfter = Date.now() - signalled;
      expect(await ended).toBeLessThan(signalled + 6_000);
      expect(exitedAfter).toBeGreaterThanOrEqual(1_500); // the stream had its grace period
      expect(exitedAfter).toBeLessThan(6_000); // 2 s grace and the close, with room for a slow machine
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

  it('fails on a port in use before it touches the data folder, fresh or existing', async () => {
    const { dir, cleanup } = tempDir('aolite-serve-port-');
    // Something else holds the port (plain TCP, 127.0.0.1 only).
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    const expectRefused = async (folder: string) => {
      const cli = startCli(['serve', '--data', folder, '--port', String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.errors()).toContain(`cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`);
    };
    /** Every file of `folder` with its bytes. */
    const contents = (folder: string) =>
      Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name))]));
    try {
      // A fresh folder is not created: no database, no node key.
      const fresh = join(dir, 'fresh');
      await expectRefused(fresh);
      expect(existsSync(fresh)).toBe(false);

      // An existing node's folder is left as it was, and not locked.
      const existing = join(dir, 'existing');
      const { cli: first } = await serveOnAnyPort(existing);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      const before = contents(existing);
      expect(Object.keys(before)).toContain('node-key.json');
      await expectRefused(existing);
      expect(contents(existing)).toEqual(before);
      expect(existsSync(join(existing, 'aolite.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      cleanup();
    }
  });

  it('refuses an unknown option with exit code 2', async () => {
    const cli = startCli(['serve', '--colour', 'blue']);
    expect(await cli.exited).toBe(2);
  });
});
