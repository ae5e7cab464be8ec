import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { connect } from '@permaweb/aoconnect';
import { createTestNode, type TestNode } from './test-node.js';

/**
 * A test node listening on 127.0.0.1 (a free port) and the real aoconnect client in legacy mode pointed
 * at it for all three units. `T` is the slice of aoconnect's API the test uses.
 */
export async function startAoconnectNode<T>(): Promise<{ node: TestNode; ao: T; close(): Promise<void> }> {
  const node = await createTestNode();
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: node.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ao = (connect as unknown as (args: Record<string, unknown>) => T)({
    MODE: 'legacy',
    MU_URL: url,
    CU_URL: url,
    GATEWAY_URL: url,
    noLog: true,
  });
  return {
    node,
    ao,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await node.close();
    },
  };
}
