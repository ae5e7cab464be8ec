import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isAoliteError } from '../../core/errors.js';

/**
 * Maps any thrown value to the status and JSON `{error}` body of its reply. AoliteErrors keep their status
 * and message (they are written for the person reading them); anything else is an internal error,
 * logged with the request's method and path, with a generic reply.
 */
export function errorReply(
  error: unknown,
  method: string,
  path: string,
): { status: number; body: Record<string, unknown> } {
  if (isAoliteError(error)) {
    const body: Record<string, unknown> = { error: error.message, code: error.code };
    if (error.details) body.details = error.details;
    return { status: error.status, body };
  }
  console.error('aolite: internal error while serving', method, path, error);
  return { status: 500, body: { error: 'internal error; see the node log', code: 'INTERNAL' } };
}

/** errorReply as a hono JSON response. */
export function errorResponse(c: Context, error: unknown): Response {
  const { status, body } = errorReply(error, c.req.method, c.req.path);
  return c.json(body, status as ContentfulStatusCode);
}
