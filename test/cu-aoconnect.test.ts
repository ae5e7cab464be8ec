/**
 * The CU routes through the real aoconnect 0.0.98 client in legacy mode, over HTTP on 127.0.0.1:
 * message → result, dryrun and results as a program would call them.
 */
import { createDataItemSigner } from '@permaweb/aoconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArweaveSigner } from '../src/crypto/index.js';
import { startAoconnectNode } from './support/aoconnect-node.js';
import { COUNTER_CODE, outputData, spawnProcess } from './support/aos-items.js';
import { loadTestJwk } from './support/data-items.js';
import type { TestNode } from './support/test-node.js';

interface Tag {
  name: string;
  value: string;
}
interface Result {
  Output: unknown;
  Messages: { Data?: string; Target?: string }[];
  Error?: string;
}
interface LegacyAo {
  message(args: { process: string; tags: Tag[]; data?: string; signer: unknown }): Promise<string>;
  result(args: { message: string; process: string }): Promise<Result>;
  dryrun(args: { process: string; tags: Tag[]; data?: string; Owner?: string }): Promise<Result>;
  results(args: { process: string; sort?: string; limit?: number }): Promise<{
    edges: { cursor: string; node: Result }[];
  }>;
}

const jwk = loadTestJwk();
const signer = createDataItemSigner(jwk);
let node: TestNode;
let stop: () => Promise<void>;
let ao: LegacyAo;
let pid: string;

beforeAll(async () => {
  ({ node, ao, close: stop } = await startAoconnectNode<LegacyAo>());
  // The process is owned by the aoconnect wallet, so its Eval messages are trusted.
  pid = await spawnProcess(node, createArweaveSigner(jwk));
});

afterAll(async () => {
  await stop();
});

describe('aoconnect against the CU routes', () => {
  it('message then result returns what the handlers did', async () => {
    const evalId = await ao.message({
      process: pid,
      tags: [{ name: 'Action', value: 'Eval' }],
      data: COUNTER_CODE,
      signer,
    });
    expect((await ao.result({ message: evalId, process: pid })).Error).toBeUndefined();
    const inc = await ao.message({ process: pid, tags: [{ name: 'Action', value: 'Inc' }], signer });
    const result = await ao.result({ message: inc, process: pid });
    expect(outputData(result.Output)).toContain('Count is now 1');
    expect(result.Messages[0]?.Data).toBe('1');
  });

  it('dryrun answers without changing the process, and results lists evaluations', async () => {
    const dry = await ao.dryrun({ process: pid, tags: [{ name: 'Action', value: 'Inc' }] });
    expect(outputData(dry.Output)).toContain('Count is now 2');
    const again = await ao.dryrun({ process: pid, tags: [{ name: 'Action', value: 'Inc' }] });
    expect(outputData(again.Output)).toContain('Count is now 2');
    const page = await ao.results({ process: pid, sort: 'DESC', limit: 2 });
    expect(page.edges).toHaveLength(2);
    expect(outputData(page.edges[0]?.node.Output)).toContain('Count is now 1');
    expect(typeof page.edges[0]?.cursor).toBe('string');
  });
});
