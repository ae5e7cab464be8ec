/**
 * Gateway data routes. `GET /raw/{id}` serves the item's DATA (not the signed envelope) with the item's
 * Content-Type tag (default application/octet-stream), as ar.io gateways serve `/raw/:id` (data without
 * manifest resolution). Unknown ids are 404 `{error, code}`.
 */
import type { Hono } from 'hono';
import { AoliteError } from '../../core/errors.js';
import type { Store } from '../../store/types.js';
import { ID_PARAM } from './su-routes.js';

export function registerGatewayRoutes(app: Hono, deps: { store: Store }): void {
  app.get(`/raw/:id{${ID_PARAM}}`, (c) => {
    const id = c.req.param('id');
    const item = deps.store.getItem(id);
    if (item === undefined) throw new AoliteError('NOT_FOUND', `item ${id} is not in this node's log`);
    const body = new Uint8Array(item.data);
    return c.body(body, 200, {
      'content-type': item.contentType ?? 'application/octet-stream',
      'content-length': String(body.byteLength),
    });
  });
}
