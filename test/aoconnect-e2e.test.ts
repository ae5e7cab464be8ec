/**
 * The real `@permaweb/aoconnect` 0.0.98 in legacy mode against `aolite serve` in a child process on
 * 127.0.0.1, client code unchanged: spawn with the node's built-in module, Eval a token, message, result,
 * results, dryrun and assign; then the ao GraphQL queries over the same port.
 */
import { connect, createDataItemSigner } from '@permaweb/aoconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArweaveSigner } from '../src/crypto/index.js';
import { type CliProcess, freePort, startCli } from './support/cli-process.js';
import { loadTestJwk } from './support/data-items.js';
import { tempDir } from './support/store-fixtures.js';
import { TOKEN_CODE } from './support/token-code.js';

interface Tag {
  name: string;
  value: string;
}
interface OutMessage {
  Target?: string;
  Data?: string;
  Tags: Tag[];
}
interface Result {
  Output: unknown;
  Messages: OutMessage[];
  Error?: string;
}
interface LegacyAo {
  spawn(args: {
    module: string;
    scheduler: string;
    signer: unknown;
    tags?: Tag[];
    data?: string;
  }): Promise<string>;
  message(args: { process: string; tags: Tag[]; data?: string; signer: unknown }): Promise<string>;
  result(args: { message: string; process: string }): Promise<Result>;
  results(args: { process: string; sort?: string; limit?: number }): Promise<{
    edges: { cursor: string; node: Result }[];
  }>;
  dryrun(args: { process: string; tags: Tag[]; data?: string; Owner?: string }): Promise<Result>;
  assign(args: { process: string; message: string }): Promise<string>;
}

const jwk = loadTestJwk();
// aoconnect rate-limits signer creation per key: one signer for the whole file.
const signer = createDataItemSigner(jwk);
const wallet = createArweaveSigner(jwk).address;
const recipient = 'R'.repeat(43);
const temp = tempDir('aolite-aoconnect-');

let cli: CliProcess;
let base: string;
let ao: LegacyAo;
let moduleId: string;
let nodeAddress: string;
let pid: string;
let transfer: string;

const action = (message: OutMessage): string | undefined =>
  message.Tags.find((t) => t.name === 'Action')?.value;

beforeAll(async () => {
  const port = await freePort();
  cli = startCli(['serve', '--data', temp.dir, '--host', '127.0.0.1', '--port', String(port)]);
  await cli.waitFor('health');
  moduleId = /module\s+([A-Za-z0-9_-]{43})/.exec(cli.output())![1]!;
  nodeAddress = /aolite node ([A-Za-z0-9_-]{43})/.exec(cli.output())![1]!;
  base = `http://127.0.0.1:${port}`;
  ao = (connect as unknown as (args: Record<string, unknown>) => LegacyAo)({
    MODE: 'legacy',
    MU_URL: base,
    CU_URL: base,
    GATEWAY_URL: base,
    noLog: true,
  });
}, 60_000);

afterAll(async () => {
  cli.child.kill('SIGTERM');
  await cli.exited;
  temp.cleanup();
});

describe('aoconnect (legacy mode) against aolite serve', () => {
  it('spawns a process of the built-in module and installs a token with Eval', async () => {
    pid = await ao.spawn({
      module: moduleId,
      scheduler: nodeAddress,
      signer,
      tags: [{ name: 'Name', value: 'e2e-token' }],
    });
    expect(pid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const evalId = await ao.message({
      process: pid,
      tags: [{ name: 'Action', value: 'Eval' }],
      data: TOKEN_CODE,
      signer,
    });
    const result = await ao.result({ message: evalId, process: pid });
    expect(result.Error).toBeUndefined();
    expect(result.Messages).toEqual([]);
  });

  it('transfers: the result carries the Debit-Notice and Credit-Notice, and results lists them', async () => {
    transfer = await ao.message({
      process: pid,
      tags: [
        { name: 'Action', value: 'Transfer' },
        { name: 'Recipient', value: recipient },
        { name: 'Quantity', value: '250' },
      ],
      signer,
    });
    const result = await ao.result({ message: transfer, process: pid });
    expect(result.Error).toBeUndefined();
    expect(result.Messages.map((m) => [action(m), m.Target])).toEqual([
      ['Debit-Notice', wallet],
      ['Credit-Notice', recipient],
    ]);
    expect(result.Messages[0]!.Tags).toContainEqual({ name: 'Quantity', value: '250' });
    const page = await ao.results({ process: pid, sort: 'ASC', limit: 10 });
    expect(page.edges).toHaveLength(3);
    expect(page.edges[2]!.node.Messages.map(action)).toEqual(['Debit-Notice', 'Credit-Notice']);
    expect(typeof page.edges[2]!.cursor).toBe('string');
  });

  it('dryrun reads a balance without changing the process', async () => {
    const balance = await ao.dryrun({
      process: pid,
      tags: [{ name: 'Action', value: 'Balance' }],
      Owner: wallet,
    });
    expect(balance.Messages[0]?.Data).toBe('750');
    const theirs = await ao.dryrun({
      process: pid,
      tags: [
        { name: 'Action', value: 'Balance' },
        { name: 'Target', value: recipient },
      ],
    });
    expect(theirs.Messages[0]?.Data).toBe('250');
    const page = await ao.results({ process: pid, sort: 'ASC', limit: 10 });
    expect(page.edges).toHaveLength(3);
  });

  it('assigns the Transfer message to a second process, which evaluates it too', async () => {
    const ledger = await ao.spawn({
      module: moduleId,
      scheduler: nodeAddress,
      signer,
      tags: [{ name: 'Name', value: 'ledger' }],
    });
    const setup = await ao.message({
      process: ledger,
      tags: [{ name: 'Action', value: 'Eval' }],
      data: `ao.addAssignable('transfers', { Action = 'Transfer' })
Handlers.add('Transfer', 'Transfer', function (msg) print('saw a transfer of ' .. msg.Quantity) end)`,
      signer,
    });
    expect((await ao.result({ message: setup, process: ledger })).Error).toBeUndefined();
    const assignment = await ao.assign({ process: ledger, message: transfer });
    expect(assignment).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const seen = await ao.result({ message: transfer, process: ledger });
    expect(JSON.stringify(seen.Output)).toContain('saw a transfer of 250');
  });

  it('answers the ao GraphQL queries for the same process over HTTP', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($p: ID!) {
          process(id: $p) { owner module headSlot }
          tokenBalances(process: $p) { balances { address balance } }
          results(process: $p, action: "Transfer") { edges { node { slot messages } } }
          audit(process: $p) { ok hashChainValid }
        }`,
        variables: { p: pid },
      }),
    });
    const body = (await response.json()) as { data: Record<string, { [k: string]: unknown }> };
    expect(body.data.process).toEqual({ owner: wallet, module: moduleId, headSlot: 2 });
    expect(body.data.tokenBalances!.balances).toEqual(
      [
        { address: recipient, balance: '250' },
        { address: wallet, balance: '750' },
      ].sort((a, b) => (a.address < b.address ? -1 : 1)),
    );
    expect((body.data.results!.edges as { node: { slot: number } }[]).map((e) => e.node.slot)).toEqual([2]);
    expect(body.data.audit).toEqual({ ok: true, hashChainValid: true });
  });
});
