import type { MessageInput } from '../runtime/message-plan.js';
import type { PackedSlots } from './planned-batch.js';
import type { SlotOwner } from './slot-plans.js';

/** Messages to the read-ahead thread (compute/read-ahead-worker.ts). Each reader has its own connection. */
export type ReadAheadRequest =
  | { kind: 'open'; reader: number; path: string }
  | { kind: 'close'; reader: number }
  | {
      kind: 'read';
      id: number;
      reader: number;
      input: MessageInput;
      owner: SlotOwner;
      fromSlot: number;
      limit: number;
    };

/** Its answer to a read: the planned slots, or why it could not read them. */
export type ReadAheadReply = { id: number; packed: PackedSlots } | { id: number; error: string };

/** The shared Int32Array between the threads: replies posted so far (bumped after each, then notified). */
export const SIGNAL_REPLIES = 0;
/** 1 once the thread takes requests. */
export const SIGNAL_READY = 1;
/** 1 once the thread is exiting (set before its exit event reaches the other thread's event loop). */
export const SIGNAL_EXITED = 2;
