import { createLuaPlanBuilder, type LuaPlanBuilder, type LuaValue } from '../runtime/lua-plan.js';
import { type MessageInput, messagePlan } from '../runtime/message-plan.js';
import type { SlotMessage, SlotMessageReader } from '../store/slot-messages.js';
import { type CronOwner, slotMessageFor } from './message.js';

/** An assigned slot with its message as a push plan, ready for ProcessRuntime.handlePrepared. */
export interface PlannedSlot {
  slot: number;
  messageId: string;
  message: LuaValue;
}

/** Whose slots to read, and what a cron tick of it becomes (compute/message.ts). Plain data. */
export interface SlotOwner extends CronOwner {
  processId: string;
}

/**
 * Reads consecutive assigned slots of a process as planned messages: from `fromSlot`, `limit` of them,
 * or fewer only where the log ends. A slot read is never stale: the log is append-only.
 */
export interface PlannedSlotReader {
  read(owner: SlotOwner, fromSlot: number, limit: number): PlannedSlot[];
  /** Releases what the reader holds (threads, connections). */
  close(): void;
}

/** The planned message of a slot: the message compute/message.ts builds, as `input` takes it. */
export function planSlot(
  builder: LuaPlanBuilder,
  input: MessageInput,
  owner: SlotOwner,
  slot: SlotMessage,
): PlannedSlot {
  const message = slotMessageFor(slot, owner.processId, owner);
  return { slot: slot.slot, messageId: slot.messageId, message: messagePlan(builder, input, message) };
}

/** Plans slots on the calling thread, read through `readSlots`. */
export function createInlineSlotReader(readSlots: SlotMessageReader, input: MessageInput): PlannedSlotReader {
  const builder = createLuaPlanBuilder();
  return {
    read(owner, fromSlot, limit) {
      return readSlots(owner.processId, fromSlot, limit).map((slot) => planSlot(builder, input, owner, slot));
    },
    close: () => undefined,
  };
}
