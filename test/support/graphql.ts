import type { AoliteNode } from '../../src/node.js';

/** A parsed JSON reply; its shape is what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: replies are checked field by field by the tests' assertions
export type Json = any;

export interface GraphQLReply {
  data?: Record<string, Json> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs a GraphQL query to the node in-process and returns status and JSON body. */
export async function gql(
  node: Pick<AoliteNode, 'fetch'>,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLReply & { status: number }> {
  const response = await node.fetch(
    new Request('http://aolite.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return { status: response.status, ...((await response.json()) as GraphQLReply) };
}

/** The data of a query that must succeed. */
export async function gqlData(
  node: Pick<AoliteNode, 'fetch'>,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, Json>> {
  const reply = await gql(node, query, variables);
  if (reply.errors !== undefined) throw new Error(`GraphQL errors: ${JSON.stringify(reply.errors)}`);
  return reply.data!;
}
