import { defaultConfig, type NodeConfig } from '../../src/config.js';
import { type AoliteNode, createNode, type NodeOptions } from '../../src/node.js';

/** A node on an in-memory database with a fixed, hand-advanced clock and no background timers. */
export interface TestNode extends AoliteNode {
  /** Moves the node's clock forward by `ms`. */
  advance(ms: number): void;
  /** Rows in the log tables, to check that refused input stored nothing. */
  counts(): { items: number; tags: number; assignments: number; processes: number };
  post(body: Uint8Array | string, headers?: Record<string, string>): Promise<Response>;
}

export const TEST_START_MS = 1_700_000_000_000;

export async function createTestNode(
  config: Partial<NodeConfig> = {},
  compute: NodeOptions['compute'] = {},
  graphqlLimits: NodeOptions['graphqlLimits'] = {},
  messenger: NodeOptions['messenger'] = {},
  /** Node options beyond those (`computeThread`: default on a file, see NodeOptions). */
  extra: Pick<NodeOptions, 'computeThread'> = {},
): Promise<TestNode> {
  let now = TEST_START_MS;
  const node = await createNode(
    { ...defaultConfig, dataDir: ':memory:', ...config },
    { clock: () => now, sealTimer: false, compute, graphqlLimits, messenger, ...extra },
  );
  const db = node.store.orm.$client;
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    ...node,
    advance(ms) {
      now += ms;
    },
    counts: () => ({
      items: count('data_items'),
      tags: count('tags'),
      assignments: count('assignments'),
      processes: count('processes'),
    }),
    post: (body, headers = { 'content-type': 'application/octet-stream' }) =>
      Promise.resolve(
        node.fetch(
          new Request('http://aolite.test/', {
            method: 'POST',
            // A copy on a plain ArrayBuffer: the DOM BodyInit type (pulled in by graphql-yoga's types)
            // does not accept Uint8Array<ArrayBufferLike>.
            body: typeof body === 'string' ? body : new Uint8Array(body),
            headers,
          }),
        ),
      ),
  };
}
