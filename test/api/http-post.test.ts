import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataItem } from '../../src/core/types.js';
import { createArweaveSigner, signDataItem } from '../../src/crypto/index.js';
import { loadTestJwk } from '../support/data-items.js';
import { testSigner } from '../support/log-items.js';
import { createTestNode, type TestNode } from '../support/test-node.js';

const user = testSigner('http-post');
const rsa = createArweaveSigner(loadTestJwk());
const ao = (type: string) => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

let node: TestNode;
let server: Server;
let port: number;
let processId: string;

/** One POST / over a real socket; the body is sent with a Content-Length unless `chunked`. */
function post(body: Uint8Array, chunked = false): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: '127.0.0.1',
        port,
        path: '/',
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.byteLength }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    if (chunked) {
      const half = Math.floor(body.byteLength / 2);
      req.write(body.subarray(0, half));
      req.end(body.subarray(half));
    } else req.end(body);
  });
}

/** One POST / with the given headers; the reply's status, Content-Type and body text. */
function postRaw(
  body: Uint8Array,
  headers: Record<string, string | number>,
): Promise<{ status: number; type: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port, path: '/', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One request over a real socket; the reply's status and headers. */
function exchange(
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body?: Uint8Array,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const message = (n: number, signer = user): DataItem =>
  signDataItem(
    { target: processId, tags: [...ao('Message'), { name: 'Action', value: 'Ping' }], data: `m${n}` },
    signer,
  );

/** Both ways of serving the node: its node:http listener (as `aolite serve`) and its fetch handler. */
describe.each(['listener', 'fetch'] as const)('the node served through its %s', (via) => {
  beforeEach(async () => {
    node = await createTestNode({ maxBodyBytes: 16 * 1024 }, { eager: false });
    server = await new Promise<Server>((resolve) => {
      if (via === 'listener') {
        const s = createServer(node.listener);
        s.listen(0, '127.0.0.1', () => resolve(s));
      } else {
        const s = serve({ fetch: node.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s as Server));
      }
    });
    port = (server.address() as AddressInfo).port;
    const spawn = signDataItem(
      {
        tags: [
          ...ao('Process'),
          { name: 'Module', value: node.moduleId },
          { name: 'Scheduler', value: node.address },
        ],
        data: '',
      },
      user,
    );
    processId = spawn.id;
    expect((await post(spawn.raw)).status).toBe(202);
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await node.close();
  });

  describe('POST / over a socket', () => {
    it('gives 120 concurrent RSA and ed25519 posts the slots 1..120, each committed when answered', async () => {
      const items = Array.from({ length: 120 }, (_, i) => message(i, i % 6 === 0 ? rsa : user));
      const answers = await Promise.all(
        items.map(async (item) => {
          const { status, json } = await post(item.raw);
          // Answered means committed: the assignment is readable at once.
          return [status, json.id, json.slot === node.store.assignmentOf(processId, item.id)?.slot];
        }),
      );
      expect(answers).toEqual(items.map((item) => [202, item.id, true]));
      expect(node.store.assignmentsBySlot(processId, { limit: 200 }).map((a) => a.slot)).toEqual(
        Array.from({ length: 121 }, (_, i) => i),
      );
    });

    it('refuses a Content-Length over the limit with 413 before reading the body, storing nothing', async () => {
      const before = node.counts();
      const big = signDataItem(
        { target: processId, tags: ao('Message'), data: new Uint8Array(20 * 1024) },
        user,
      );
      const { status, json } = await post(big.raw);
      expect(status).toBe(413);
      expect(json.code).toBe('PAYLOAD_TOO_LARGE');
      expect(json.error).toBe("the body is larger than this node's limit of 16384 bytes");
      expect(node.counts()).toEqual(before);
    });

    it('counts a chunked body as it streams: accepted under the limit, 413 over it', async () => {
      const small = message(1);
      const accepted = await post(small.raw, true);
      expect([accepted.status, accepted.json.id, accepted.json.slot]).toEqual([202, small.id, 1]);
      const big = signDataItem(
        { target: processId, tags: ao('Message'), data: new Uint8Array(20 * 1024) },
        user,
      );
      const refused = await post(big.raw, true);
      expect([refused.status, refused.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(node.store.latestAssignment(processId)?.slot).toBe(1);
    });

    it('refuses a wrong Content-Type (415), an empty body (400) and a forged signature (400) with JSON errors naming the problem', async () => {
      const item = message(9);
      const wrongType = await postRaw(item.raw, {
        'content-type': 'text/plain',
        'content-length': item.raw.byteLength,
      });
      expect(wrongType).toEqual({
        status: 415,
        type: 'application/json',
        text: '{"error":"Content-Type text/plain is not accepted; post the raw signed data item as application/octet-stream","code":"UNSUPPORTED_MEDIA_TYPE"}',
      });
      const empty = await postRaw(new Uint8Array(0), {
        'content-type': 'application/octet-stream',
        'content-length': 0,
      });
      expect(empty).toEqual({
        status: 400,
        type: 'application/json',
        text: '{"error":"the request body is empty; post the raw signed data item","code":"INVALID_DATA_ITEM"}',
      });
      const forged = Uint8Array.from(item.raw);
      forged[forged.length - 1] = forged[forged.length - 1]! ^ 1; // the data changes, the signature does not
      const refused = await postRaw(forged, { 'content-length': forged.byteLength });
      expect([refused.status, JSON.parse(refused.text).code]).toEqual([400, 'INVALID_SIGNATURE']);
      expect(node.store.latestAssignment(processId)?.slot).toBe(0);
    });

    it('answers a duplicate post of the same item in one turn with 409 for the second', async () => {
      const item = message(7);
      const answers = await Promise.all([post(item.raw), post(item.raw)]);
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
      expect(answers.find((a) => a.status === 409)?.json.code).toBe('DUPLICATE');
      expect(node.store.latestAssignment(processId)?.slot).toBe(1);
    });
  });
  describe('a refused chunked body on a keep-alive connection', () => {
    it('is answered 413 with Connection: close (streamed or declared), and the next post on the same agent is accepted', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (body: Uint8Array, chunked: boolean) =>
        new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
          const headers = {
            'content-type': 'application/octet-stream',
            ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.byteLength }),
          };
          const req = request(
            { hostname: '127.0.0.1', port, path: '/', method: 'POST', headers, agent },
            (res) => {
              res.resume();
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
              );
            },
          );
          req.on('error', reject);
          if (chunked) {
            req.write(body.subarray(0, 8 * 1024));
            req.end(body.subarray(8 * 1024));
          } else req.end(body);
        });
      try {
        const big = signDataItem(
          { target: processId, tags: ao('Message'), data: new Uint8Array(20 * 1024) },
          user,
        );
        expect(await send(big.raw, true)).toEqual({ status: 413, connection: 'close' });
        const small = message(7);
        expect((await send(small.raw, false)).status).toBe(202);
        expect(node.store.assignmentOf(processId, small.id)?.slot).toBe(1);
        // Refused by its declared length: not read at all, and the connection is not kept either.
        expect(await send(big.raw, false)).toEqual({ status: 413, connection: 'close' });
        const next = message(8);
        expect((await send(next.raw, false)).status).toBe(202);
        expect(node.store.assignmentOf(processId, next.id)?.slot).toBe(2);
        expect(node.store.hasItem(big.id)).toBe(false);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('CORS, for browser clients on another origin', () => {
    const origin = { origin: 'https://explorer.example' };

    it('answers preflights of POST /graphql and POST / with 204 and the allowing headers', async () => {
      for (const path of ['/graphql', '/', `/result/${processId}?process-id=${processId}`]) {
        const reply = await exchange('OPTIONS', path, {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        });
        expect([path, reply.status, reply.headers['access-control-allow-origin']]).toEqual([path, 204, '*']);
        expect(reply.headers['access-control-allow-methods']).toContain('POST');
        expect(reply.headers['access-control-allow-headers']).toBe('content-type');
      }
    });

    it('allows any origin on replies: an item posted, a refusal, GraphQL, a raw item', async () => {
      const item = message(1);
      const posted = await exchange(
        'POST',
        '/',
        { ...origin, 'content-type': 'application/octet-stream', 'content-length': item.raw.byteLength },
        item.raw,
      );
      const refused = await exchange('POST', '/', { ...origin, 'content-type': 'text/plain' }, item.raw);
      const query = encodeURIComponent('{ blocks(first: 1) { edges { node { height } } } }');
      const graphql = await exchange('GET', `/graphql?query=${query}`, {
        ...origin,
        accept: 'application/json',
      });
      const raw = await exchange('GET', `/raw/${item.id}`, origin);
      // One CORS answer: the app's, not yoga's own with credentials next to it.
      expect(graphql.headers['access-control-allow-credentials']).toBeUndefined();
      expect(
        [posted, refused, graphql, raw].map((r) => [r.status, r.headers['access-control-allow-origin']]),
      ).toEqual([
        [202, '*'],
        [415, '*'],
        [200, '*'],
        [200, '*'],
      ]);
    });
  });
});
