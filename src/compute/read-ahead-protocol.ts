import type { MessageInput } from '../runtime/message-plan.js';
import type { PackedSlots } from './planned-batch.js';
import type { SlotOwner } from './slot-plans.js';

/** Messages to the read-ahead thread (compute/read-ahead-worker.ts). */
export type ReadAheadRequest =
  | { kind: 'open'; path: string }
  | { kind: 'close'; path: string }
  | {
      kind: 'read';
      id: number;
      path: string;
      input: MessageInput;
      owner: SlotOwner;
      fromSlot: number;
      limit: number;
    };

/** Its answer to a read: the planned slots, or why it could not read them. */
export type ReadAheadReply = { id: number; packed: PackedSlots } | { id: number; error: string };
