import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { errorReply } from './errors.js';
import type { PostItem } from './post-item.js';

/** A node:http request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/** The JSON reply as the app's `c.json` sends it through @hono/node-server (same headers, same bytes). */
function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Access-Control-Allow-Origin', '*'); // as the app's cors middleware (app.ts)
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify(body));
}

/**
 * The node's HTTP listener: `POST /` with a Content-Length body (the MU's hot path) is served straight on
 * node's request and response, through the same checks and replies as the hono route (post-item.ts,
 * errors.ts), without building a WHATWG Request, Response and body stream per post; every other request
 * (other routes, a query string, a chunked body) goes to the fetch handler.
 */
export function createNodeListener(
  fetch: (request: Request) => Response | Promise<Response>,
  postItem: PostItem,
): NodeListener {
  const generic = getRequestListener(fetch);
  // A body refused before it is read is not read at all: `Connection: close` ends the connection after
  // the reply (node would otherwise read and drop all of a declared length, however large).
  const fail = (response: ServerResponse, error: unknown, unread = false): void => {
    const { status, body } = errorReply(error, 'POST', '/');
    if (response.headersSent || response.destroyed) return;
    if (unread) response.setHeader('Connection', 'close');
    sendJson(response, status, body);
  };

  return (request, response) => {
    if (request.method !== 'POST' || request.url !== '/') {
      void generic(request, response);
      return;
    }
    const headers = request.headers;
    let length: number | 'stream';
    try {
      length = postItem.declaredLength(headers['content-length'], headers['transfer-encoding']);
      if (length !== 'stream') postItem.checkContentType(headers['content-type']);
    } catch (error) {
      fail(response, error, true);
      return;
    }
    if (length === 'stream') {
      void generic(request, response);
      return;
    }
    // Read into one buffer of the declared size (node's parser stops a body at its Content-Length).
    const raw = new Uint8Array(length);
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      raw.set(chunk, received);
      received += chunk.byteLength;
    });
    request.on('error', () => {}); // the client went away: nothing to answer
    request.on('end', () => {
      postItem.accept(received === length ? raw : raw.subarray(0, received)).then(
        (reply) => sendJson(response, 202, reply),
        (error: unknown) => fail(response, error),
      );
    });
  };
}
