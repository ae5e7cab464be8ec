import { AoliteError } from '../../core/errors.js';
import type { IngestResult } from '../../messenger/ingest.js';

export interface PostItemDeps {
  /** Verifies, logs and assigns a raw item; may wait for a group commit. */
  ingest: (raw: Uint8Array) => IngestResult | Promise<IngestResult>;
  /** Largest accepted item, bytes. */
  maxBodyBytes: number;
}

/** The MU's `POST /` of a raw signed data item, independent of the HTTP framework that carries it. */
export interface PostItem {
  /**
   * Checks the Content-Length and Transfer-Encoding headers: 'stream' when the body must be counted as it
   * arrives (no Content-Length, or a transfer encoding); otherwise the declared length, within the limit.
   * Throws BAD_REQUEST for a length that is not a byte count and PAYLOAD_TOO_LARGE over the limit.
   */
  declaredLength(contentLength: string | undefined, transferEncoding: string | undefined): number | 'stream';
  /** The error for a body over the limit. */
  tooLarge(): AoliteError;
  /** Throws UNSUPPORTED_MEDIA_TYPE unless the Content-Type (if any) is a binary body type. */
  checkContentType(contentType: string | undefined): void;
  /** Ingests the body; resolves with the 202 reply's JSON body. */
  accept(raw: Uint8Array): Promise<{ message: string; id: string; slot: number }>;
}

const acceptedBodyTypes = new Set(['application/octet-stream', 'application/x-binary']);

export function createPostItem(deps: PostItemDeps): PostItem {
  const tooLarge = () =>
    new AoliteError(
      'PAYLOAD_TOO_LARGE',
      `the body is larger than this node's limit of ${deps.maxBodyBytes} bytes`,
    );
  return {
    declaredLength(length, transferEncoding) {
      if (length === undefined || transferEncoding !== undefined) return 'stream';
      const bytes = Number(length);
      if (!Number.isSafeInteger(bytes) || bytes < 0) {
        throw new AoliteError('BAD_REQUEST', `Content-Length ${length} is not a byte count`);
      }
      if (bytes > deps.maxBodyBytes) throw tooLarge();
      return bytes;
    },
    tooLarge,
    checkContentType(contentType) {
      const type = contentType?.split(';')[0]?.trim().toLowerCase();
      if (type !== undefined && type !== '' && !acceptedBodyTypes.has(type)) {
        throw new AoliteError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type ${type} is not accepted; post the raw signed data item as application/octet-stream`,
        );
      }
    },
    async accept(raw) {
      const { item, assignment } = await deps.ingest(raw);
      return { message: 'Processing DataItem', id: item.id, slot: assignment.slot };
    },
  };
}
