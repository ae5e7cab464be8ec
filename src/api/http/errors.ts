import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isAoliteError } from '../../core/errors.js';

/**
 * Maps any thrown value to a JSON `{error}` reply. AoliteErrors keep their status and message (they are
 * written for the person reading them); anything else is an internal error, logged, with a generic reply.
 */
export function errorResponse(c: Context, error: unknown): Response {
  if (isAoliteError(error)) {
    const body: Record<string, unknown> = { error: error.message, code: error.code };
    if (error.details) body.details = error.details;
    return c.json(body, error.status as ContentfulStatusCode);
  }
  console.error('aolite: internal error while serving', c.req.method, c.req.path, error);
  return c.json({ error: 'internal error; see the node log', code: 'INTERNAL' }, 500);
}
