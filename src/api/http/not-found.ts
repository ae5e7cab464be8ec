/**
 * The reply to a request no route matched, saying why: a path segment where an id goes that is not an
 * ao id (SU and gateway routes match 43-character ids only), a method the API does not use, or no such
 * path. Trailing slashes are matched by the app itself (non-strict routing).
 */
import type { Context } from 'hono';
import { ID_PARAM } from './su-routes.js';

const ID = new RegExp(`^${ID_PARAM}$`);
/**
 * The paths whose last (or only) segment, or the segment before `/latest`, is an id matched as such (the
 * CU and monitor routes take any segment and say themselves what they do not know).
 */
const ID_PATHS: readonly RegExp[] = [/^\/(?:raw|processes)\/([^/]+)$/, /^\/([^/]+)\/latest$/, /^\/([^/]+)$/];
/** Every method a route of the API takes (CORS allows the same). */
export const API_METHODS = ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'];
const METHODS = new Set(API_METHODS);

export function notFound(c: Context): Response {
  const { method } = c.req;
  const path = c.req.path.length > 1 ? c.req.path.replace(/\/+$/, '') : c.req.path;
  if (!METHODS.has(method)) {
    c.header('Allow', API_METHODS.join(', '));
    return c.json(
      {
        error: `method ${method} is not used by this API: its routes take GET and POST (and DELETE /monitor/{process})`,
        code: 'METHOD_NOT_ALLOWED',
      },
      405,
    );
  }
  if (method === 'GET' || method === 'HEAD') {
    for (const pattern of ID_PATHS) {
      const segment = pattern.exec(path)?.[1];
      if (segment === undefined) continue;
      if (ID.test(segment)) break;
      let shown = segment;
      try {
        shown = decodeURIComponent(segment);
      } catch {
        // shown as sent
      }
      return c.json(
        {
          error: `no route for ${method} ${c.req.path}: "${shown}" is not an ao id (43 characters of A-Z a-z 0-9 - _)${pattern === ID_PATHS[2] ? ' and no fixed route has that name' : ''}`,
          code: 'NOT_FOUND',
        },
        404,
      );
    }
  }
  return c.json({ error: `no route for ${method} ${c.req.path}`, code: 'NOT_FOUND' }, 404);
}
