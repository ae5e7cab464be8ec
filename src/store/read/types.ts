import type { ItemRow } from '../statements.js';
/** How tag values are compared (Goldsky's `match`). */
export type TagMatch = 'EXACT' | 'WILDCARD' | 'FUZZY_AND' | 'FUZZY_OR';

/** One tag condition. At least one of `name` and `values` is set; NEQ needs `values`. */
export interface TagCondition {
  name?: string;
  values?: readonly string[];
  op: 'EQ' | 'NEQ';
  match: TagMatch;
}

/** What `findItems`/`countItems` match: every given part must hold (AND). Lists are OR-ed inside. */
export interface ItemFilter {
  ids?: readonly string[];
  /** Owner addresses. */
  owners?: readonly string[];
  /** Targets. */
  recipients?: readonly string[];
  tags?: readonly TagCondition[];
  /** Inclusive block heights; only sealed blocks match. */
  blockMin?: number;
  blockMax?: number;
  /** Inclusive ingest times, ms. */
  ingestedFromMs?: number;
  ingestedToMs?: number;
  /** True when the filter can match nothing (e.g. `bundledIn` on a log without bundles). */
  empty?: boolean;
}

export interface ItemPage {
  /** Keyset: only items with seq after this one in the page direction. */
  afterSeq?: number;
  /** Page size (the caller validated it). */
  limit: number;
  direction: 'asc' | 'desc';
}

/** The gateway view of a logged item: its data_items row without the raw bytes, plus its block. */
export interface GatewayItem extends Omit<ItemRow, 'raw' | 'signatureType'> {
  /** Height of the sealed block the item was logged in; null while that block is open. */
  blockHeight: number | null;
}

export interface BlockRange {
  ids?: readonly string[];
  minHeight?: number;
  maxHeight?: number;
  afterHeight?: number;
  limit: number;
  direction: 'asc' | 'desc';
}

/** Which index a page query is driven from (exposed for tests and benchmarks). */
export type DriverKind = 'ids' | 'tag' | 'owner' | 'recipient' | 'scan';
