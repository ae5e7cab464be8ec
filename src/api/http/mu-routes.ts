import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AoliteError } from '../../core/errors.js';
import type { DataItem } from '../../core/types.js';
import type { Messenger } from '../../messenger/index.js';
import type { Scheduler } from '../../scheduler/index.js';

export interface MuRouteDeps {
  scheduler: Scheduler;
  messenger: Messenger;
  parseAndVerify: (raw: Uint8Array) => DataItem;
  /** Largest accepted monitor item, bytes. */
  maxBodyBytes: number;
}

/**
 * The MU routes besides posting an item: aoconnect's `assign` (`POST /?process-id=&assign=[&exclude=]`,
 * no body, replies `{id}` = the Assignment item id) and `monitor`/`unmonitor` (`POST`/`DELETE
 * /monitor/:pid` with a signed item addressed to the process). Register before `POST /`.
 */
export function registerMuRoutes(app: Hono, deps: MuRouteDeps): void {
  app.post('/', async (c, next) => {
    const messageId = c.req.query('assign');
    if (messageId === undefined) return next();
    const processId = c.req.query('process-id');
    if (!processId) {
      throw new AoliteError(
        'BAD_REQUEST',
        'an assign needs ?process-id=<process id> as well as assign=<message id>',
      );
    }
    if (messageId === '') throw new AoliteError('BAD_REQUEST', 'assign=<message id> is empty');
    if (c.req.query('base-layer') !== undefined) {
      throw new AoliteError(
        'BAD_REQUEST',
        'base-layer assignments (Arweave transactions) are not supported by aolite',
      );
    }
    const exclude = c.req.query('exclude');
    const assignment = deps.scheduler.assign({
      processId,
      messageId,
      exclude: exclude === undefined || exclude === '' ? [] : exclude.split(','),
    });
    return c.json(
      { message: 'Processing Assignment', id: assignment.assignmentId, slot: assignment.slot },
      202,
    );
  });

  const monitorItem = async (processId: string, body: ArrayBuffer): Promise<void> => {
    const raw = new Uint8Array(body);
    if (raw.byteLength === 0) {
      throw new AoliteError(
        'INVALID_DATA_ITEM',
        'the request body is empty; post a signed data item addressed to the process',
      );
    }
    const item = deps.parseAndVerify(raw);
    if (item.target !== processId) {
      throw new AoliteError(
        'BAD_REQUEST',
        `the monitor item is addressed to ${item.target ?? 'nobody'}, not to process ${processId}`,
      );
    }
  };

  app.use(
    '/monitor/:pid',
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: () => {
        throw new AoliteError('PAYLOAD_TOO_LARGE', `the body is larger than ${deps.maxBodyBytes} bytes`);
      },
    }),
  );

  app.post('/monitor/:pid', async (c) => {
    const processId = c.req.param('pid');
    await monitorItem(processId, await c.req.arrayBuffer());
    deps.messenger.monitor(processId);
    return c.json({ message: `monitoring process ${processId}`, processId }, 200);
  });

  app.delete('/monitor/:pid', async (c) => {
    const processId = c.req.param('pid');
    await monitorItem(processId, await c.req.arrayBuffer());
    deps.messenger.unmonitor(processId);
    return c.json({ message: `stopped monitoring process ${processId}`, processId }, 200);
  });
}
