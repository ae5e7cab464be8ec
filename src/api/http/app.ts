import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Compute } from '../../compute/index.js';
import { isCronTickOf } from '../../core/cron.js';
import { AoliteError, isAoliteError } from '../../core/errors.js';
import { tagValue } from '../../core/tags.js';
import type { DataItem } from '../../core/types.js';
import type { Messenger } from '../../messenger/index.js';
import type { IngestResult } from '../../messenger/ingest.js';
import type { Scheduler } from '../../scheduler/index.js';
import type { SchedulerReads } from '../../store/read/index.js';
import type { Store } from '../../store/types.js';
import type { GraphQLServer } from '../graphql/yoga.js';
import { registerCuRoutes } from './cu-routes.js';
import { errorResponse } from './errors.js';
import { registerGatewayRoutes } from './gateway-routes.js';
import { registerMuRoutes } from './mu-routes.js';
import { API_METHODS, notFound } from './not-found.js';
import { createPostItem } from './post-item.js';
import { registerSuRoutes } from './su-routes.js';

/** Content types of the responses yoga streams (subscriptions over SSE, incremental delivery). */
const STREAMED = /^(text\/event-stream|multipart\/mixed)\b/i;

/**
 * A streamed GraphQL response whose body stops as soon as the client goes away. yoga answers with the
 * @whatwg-node/node-fetch ponyfill, whose reader's `cancel()` only returns the Node stream's async
 * iterator; @hono/node-server always has a `read()` pending on a stream, and an async iterator queues the
 * return behind it, so a dropped or cut connection cancels the stream only when the next chunk arrives:
 * yoga's keep-alive ping, 12 s later. Until then the subscription keeps its pub/sub listener and the
 * ping's interval keeps the process alive (a stopping `aolite serve` exited ~11 s after cutting its
 * streams). A native stream over the ponyfill's own async iterator cancels at once: its `return()`
 * destroys the Node stream, which cancels yoga's source (clears the ping, returns the subscription).
 */
function cancellableStream(response: Response): Response {
  if (response.body === null || !STREAMED.test(response.headers.get('content-type') ?? '')) return response;
  // Node's streams are async iterable; the global type of @types/node 20 does not say so.
  const chunks = (response.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const step = await chunks.next();
        if (step.done === true) controller.close();
        else controller.enqueue(step.value);
      },
      async cancel(reason) {
        await chunks.return?.(reason);
      },
    },
    { highWaterMark: 0 }, // read on demand, as the socket drains: no buffering of our own
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

export interface HttpDeps {
  /** `POST /`: verify, log and assign a raw item; may wait for a group commit. */
  ingest: (raw: Uint8Array) => IngestResult | Promise<IngestResult>;
  scheduler: Scheduler;
  compute: Compute;
  messenger: Messenger;
  parseAndVerify: (raw: Uint8Array) => DataItem;
  maxBodyBytes: number;
  store: Store;
  schedulerReads: SchedulerReads;
  graphql: GraphQLServer;
  /** Largest accepted GraphQL request body, bytes. */
  maxGraphQLBodyBytes: number;
}

/**
 * A refusal while the request body is still streaming in: the rest is never read, so the connection
 * cannot carry another request. `Connection: close` says so, and a keep-alive client opens a new one
 * instead of sending its next request into a socket the server is closing.
 */
function refuseUnreadBody(c: Context, error: AoliteError): Response {
  c.header('Connection', 'close');
  return errorResponse(c, error);
}

/** The ao unit HTTP routes (MU, SU, CU, gateway) over the node's units. Thin: no business logic here. */
export function createHttpApp(deps: HttpDeps): Hono {
  // Non-strict: `/results/{pid}/` is `/results/{pid}`.
  const app = new Hono({ strict: false });
  app.onError((error, c) => errorResponse(c, error));
  // Browser clients (aoconnect in a web app, explorers) on any origin, as the ao units and gateways allow:
  // `Access-Control-Allow-Origin: *` on every reply, and preflights answered (204) for every route.
  app.use('*', cors({ allowMethods: API_METHODS }));
  app.notFound(notFound);

  app.get('/health', (c) => c.json({ status: 'ok', address: deps.scheduler.address }));

  // SU: who schedules here, and what time it is on this node.
  app.get('/', (c) => c.json({ address: deps.scheduler.address, timestamp: deps.scheduler.now().timestamp }));
  app.get('/timestamp', (c) => {
    const { timestamp, blockHeight } = deps.scheduler.now();
    return c.json({ timestamp, block_height: blockHeight });
  });

  // MU: assign and monitor (the assign form of `POST /` is matched first: it has no body).
  registerMuRoutes(app, deps);

  // MU: a raw signed ANS-104 data item (node-listener.ts serves the same checks and reply without hono).
  const postItem = createPostItem(deps);
  const tooLarge = (c: Context) => refuseUnreadBody(c, postItem.tooLarge());
  const streamedBodyLimit = bodyLimit({ maxSize: deps.maxBodyBytes, onError: tooLarge });
  app.post(
    '/',
    // A Content-Length body is checked by its header and then read in one piece, without materialising
    // a WHATWG Request and stream (which hono's bodyLimit does to look at `body`); node's parser refuses
    // a body longer than its Content-Length. Chunked bodies are counted as they stream.
    // A refusal from the headers alone leaves the body unread (refuseUnreadBody).
    (c, next) => {
      let length: number | 'stream';
      try {
        length = postItem.declaredLength(c.req.header('content-length'), c.req.header('transfer-encoding'));
        postItem.checkContentType(c.req.header('content-type'));
      } catch (error) {
        if (isAoliteError(error)) return refuseUnreadBody(c, error);
        throw error;
      }
      return length === 'stream' ? streamedBodyLimit(c, next) : next();
    },
    async (c) => {
      const reply = await postItem.accept(new Uint8Array(await c.req.arrayBuffer()));
      return c.json(reply, 202);
    },
  );

  // CU: results, dry-runs and state reads.
  registerCuRoutes(app, {
    compute: deps.compute,
    maxBodyBytes: deps.maxBodyBytes,
    lastSlotAtOrBefore: (processId, timestamp) => deps.store.lastSlotAtOrBefore(processId, timestamp),
    cronTicksOf: (processId) => {
      const process = deps.store.getProcess(processId);
      if (process === undefined) return () => false;
      return (messageId) => {
        const item = deps.store.getItem(messageId);
        if (item === undefined) return false;
        const fields = {
          type: tagValue(item.tags, 'Type'),
          ownerAddress: item.ownerAddress,
          target: item.target,
        };
        return isCronTickOf(fields, processId, process.scheduler);
      };
    },
  });

  // Gateway GraphQL (graphql-yoga): POST and GET, GraphiQL for browsers.
  app.on(
    ['GET', 'POST'],
    '/graphql',
    bodyLimit({
      maxSize: deps.maxGraphQLBodyBytes,
      onError: (c) =>
        refuseUnreadBody(
          c,
          new AoliteError(
            'PAYLOAD_TOO_LARGE',
            `the GraphQL request is larger than this node's limit of ${deps.maxGraphQLBodyBytes} bytes`,
          ),
        ),
    }),
    async (c) => {
      const response = await deps.graphql.fetch(c.req.raw, {});
      if (response.status !== 406) return cancellableStream(response);
      // yoga's 406 has no body: say what the client must accept.
      await response.body?.cancel();
      const accept = c.req.header('accept') ?? '(none)';
      return c.json(
        {
          errors: [
            {
              message: `this result cannot be sent as any type the request accepts (Accept: ${accept}): a subscription streams text/event-stream or multipart/mixed; queries answer application/json or application/graphql-response+json`,
              extensions: { code: 'NOT_ACCEPTABLE' },
            },
          ],
        },
        406,
      );
    },
  );

  // After the fixed paths; these match 43-character ids only.
  registerGatewayRoutes(app, deps);
  registerSuRoutes(app, deps);
  return app;
}
