/**
 * The GraphQL request body limit, in place of yoga's own (`maxRequestBodySize`, turned off in yoga.ts).
 * Yoga pipes every POST body through a counting TransformStream and a second Request, which cost more than
 * the whole rest of a `transaction(id)` query (p50 about 1.0 → 0.4 ms in `npm run bench -- graphql`).
 * Here a declared Content-Length is checked once, up front, and the body is left alone: node's HTTP
 * parser never delivers more bytes than it declares. Only a body without one (chunked) is counted as it
 * is read, and its reading stops past the limit.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const contentLengthPattern = /^\d+$/;

function tooLarge(limit: number): Error {
  return createGraphQLError(`the GraphQL request is larger than this node's limit of ${limit} bytes`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });
}

function badLength(value: string): Error {
  return createGraphQLError(`Content-Length must be one non-negative integer, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

/**
 * The body read whole as UTF-8 text (every request parser of yoga reads it as text), or a 413 as soon as
 * more than `limit` bytes have arrived.
 */
async function readBounded(body: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

export function bodyLimitPlugin(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!contentLengthPattern.test(declared)) throw badLength(declared);
        if (Number(declared) > limit) throw tooLarge(limit);
        return;
      }
      const parse = requestParser;
      if (parse === undefined || request.body === null) return;
      setRequestParser(async (original) => {
        const body = original.body === null ? null : await readBounded(original.body, limit);
        return parse(
          new fetchAPI.Request(original.url, {
            method: original.method,
            headers: original.headers,
            signal: original.signal,
            body,
          }),
        );
      });
    },
  };
}
