/**
 * The one error hierarchy of aolite. Units throw `AoliteError`s with a stable `code`; the edges (HTTP,
 * GraphQL, CLI) map codes to statuses. A Lua error inside a process is never an AoliteError: it is data
 * (the message result's `Error`).
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_DATA_ITEM'
  | 'INVALID_SIGNATURE'
  | 'UNSUPPORTED_SIGNATURE_TYPE'
  | 'LIMIT_EXCEEDED'
  | 'PAYLOAD_TOO_LARGE'
  | 'MISSING_TAG'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'WRONG_SCHEDULER'
  | 'CONFLICT'
  | 'APPEND_ONLY'
  | 'CORRUPT'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const statusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_DATA_ITEM: 400,
  INVALID_SIGNATURE: 400,
  UNSUPPORTED_SIGNATURE_TYPE: 400,
  LIMIT_EXCEEDED: 400,
  PAYLOAD_TOO_LARGE: 413,
  MISSING_TAG: 400,
  NOT_FOUND: 404,
  DUPLICATE: 409,
  WRONG_SCHEDULER: 400,
  CONFLICT: 409,
  APPEND_ONLY: 500,
  CORRUPT: 500,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AoliteError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AoliteError';
    this.code = code;
    this.details = details;
  }

  /** The HTTP status this error maps to at the edge. */
  get status(): number {
    return statusByCode[this.code];
  }
}

export function isAoliteError(value: unknown): value is AoliteError {
  return value instanceof AoliteError;
}
