import type { MessageInput } from '../runtime/message-plan.js';
import { createSlotMessageReader } from '../store/slot-messages.js';
import type { Store } from '../store/types.js';
import { createReadAheadReader } from './read-ahead.js';
import { createInlineSlotReader, type PlannedSlotReader } from './slot-plans.js';

/**
 * The slot reader of evaluation and verification: with read-ahead on a database file (compute/read-ahead.ts),
 * inline for an in-memory store (no other connection can see it) or when `readAhead` is false.
 */
export function createSlotReader(store: Store, input: MessageInput, readAhead = true): PlannedSlotReader {
  const inline = createInlineSlotReader(createSlotMessageReader(store), input);
  if (!readAhead || store.path === ':memory:' || store.path === '') return inline;
  return createReadAheadReader({ path: store.path, input, inline });
}
