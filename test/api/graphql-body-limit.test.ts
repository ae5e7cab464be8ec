import { afterAll, describe, expect, it } from 'vitest';
import { createGraphQL } from '../../src/api/graphql/yoga.js';
import { openStore } from '../../src/store/open.js';
import { createGatewayReads } from '../../src/store/read/index.js';

const store = openStore({ path: ':memory:' });
afterAll(() => store.close());
const LIMIT = 200;
const yoga = createGraphQL({ reads: createGatewayReads(store), limits: { maxBodyBytes: LIMIT } });
const QUERY = '{ transactions(first: 1) { edges { node { id } } } }';

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(body: BodyInit, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await yoga.fetch(
    new Request('http://aolite.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit),
  );
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

/** A body streamed in `parts` chunks, with no Content-Length (as a chunked HTTP request). */
function streamed(text: string, parts: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.byteLength / parts);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

/** The JSON body of QUERY padded with a comment to exactly `length` bytes. */
function bodyOf(length: number): string {
  const bare = JSON.stringify({ query: `${QUERY} #` });
  return JSON.stringify({ query: `${QUERY} #${'x'.repeat(length - bare.length)}` });
}

describe('GraphQL request body limit', () => {
  it('answers a body of exactly the limit, declared or streamed', async () => {
    expect(Buffer.byteLength(bodyOf(LIMIT))).toBe(LIMIT);
    const declared = await send(bodyOf(LIMIT), { 'content-length': String(LIMIT) });
    expect(declared).toEqual({ status: 200, body: { data: { transactions: { edges: [] } } } });
    const chunked = await send(streamed(bodyOf(LIMIT), 7));
    expect(chunked).toEqual({ status: 200, body: { data: { transactions: { edges: [] } } } });
  });

  it('refuses a declared Content-Length over the limit with 413, naming the limit', async () => {
    const reply = await send(bodyOf(LIMIT + 1), { 'content-length': String(LIMIT + 1) });
    expect(reply.status).toBe(413);
    expect(reply.body.errors?.[0]?.message).toBe(
      `the GraphQL request is larger than this node's limit of ${LIMIT} bytes`,
    );
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('counts a body without Content-Length as it streams and refuses it past the limit', async () => {
    let pulled = 0;
    // 640 KB of spaces in 64-byte chunks: far past the limit, but finite should the limit not hold.
    const long = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 10_000) controller.close();
        else controller.enqueue(new Uint8Array(64).fill(0x20));
      },
    });
    const reply = await send(long);
    expect(reply.status).toBe(413);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    // Reading stopped at the first chunk past 200 bytes (the 4th of 64), not at the end of the stream.
    expect(pulled).toBeLessThan(8);
    const over = await send(streamed(bodyOf(LIMIT + 1), 3));
    expect(over.status).toBe(413);
  });

  it('refuses a Content-Length that is not one integer with 400', async () => {
    const reply = await send(bodyOf(100), { 'content-length': '100, 100' });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]?.message).toBe(
      'Content-Length must be one non-negative integer, got "100, 100"',
    );
  });

  it('leaves GET queries alone', async () => {
    const response = await yoga.fetch(
      new Request(`http://aolite.test/graphql?query=${encodeURIComponent(QUERY)}`, {
        headers: { accept: 'application/json' },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { transactions: { edges: [] } } });
  });
});
