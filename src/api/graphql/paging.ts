/**
 * Pure page-size and cursor helpers of the gateway dialect. Cursors are opaque base64url strings of a
 * keyset position: `["i", seq]` for items (the ingest sequence), `["b", height]` for blocks. A cursor stays
 * valid forever (the log is append-only), whatever the sort it is used with.
 */
import { AoliteError } from '../../core/errors.js';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;

/** Validates `first`: 0..1000. Larger is an error (not a clamp), so a client never silently gets less. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `first must be between 0 and ${MAX_PAGE_SIZE}, got ${size}; page with the cursor of the last edge`,
    );
  }
  return size;
}

type CursorKind = 'i' | 'b' | 's' | 'p' | 'r';

function encode(kind: CursorKind, position: number): string {
  return Buffer.from(JSON.stringify([kind, position]), 'utf8').toString('base64url');
}

function decode(kind: CursorKind, cursor: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    parsed[0] !== kind ||
    !Number.isSafeInteger(parsed[1]) ||
    (parsed[1] as number) < 0
  ) {
    throw new AoliteError(
      'BAD_REQUEST',
      `invalid cursor "${cursor.slice(0, 80)}": pass the cursor of an edge from this same listing`,
    );
  }
  return parsed[1] as number;
}

export const itemCursor = (seq: number): string => encode('i', seq);
export const parseItemCursor = (cursor: string): number => decode('i', cursor);
export const blockCursor = (height: number): string => encode('b', height);
export const parseBlockCursor = (cursor: string): number => decode('b', cursor);
/** Slot listings (assignments of a process). */
export const slotCursor = (slot: number): string => encode('s', slot);
export const parseSlotCursor = (cursor: string): number => decode('s', cursor);
/** Process listings (by the Process item's ingest seq). */
export const processCursor = (seq: number): string => encode('p', seq);
export const parseProcessCursor = (cursor: string): number => decode('p', cursor);
/** Result listings (by slot). */
export const resultCursor = (slot: number): string => encode('r', slot);
export const parseResultCursor = (cursor: string): number => decode('r', cursor);
