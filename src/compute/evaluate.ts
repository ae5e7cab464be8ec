import { AoliteError } from '../core/errors.js';
import type { ProcessRuntime } from '../runtime/process-runtime.js';
import type { ResultRecord, ResultStore } from '../store/results.js';
import type { ProcessContext } from './process-context.js';
import { encodeResult, hashEncodedResult } from './result-hash.js';
import type { PlannedSlotReader } from './slot-plans.js';

/**
 * Evaluates the assigned slots `fromSlot`, `fromSlot + 1`, … (at most `limit`) in `runtime`, which must
 * hold the state after `fromSlot - 1`. Returns their result rows, not yet stored. Synchronous: nothing
 * else touches the runtime meanwhile.
 */
export function evaluateSlots(
  reader: PlannedSlotReader,
  context: ProcessContext,
  runtime: ProcessRuntime,
  fromSlot: number,
  limit: number,
  /** Checked after each slot: true ends the batch early (keeps the event loop responsive). */
  overBudget?: () => boolean,
): ResultRecord[] {
  const { processId, env } = context;
  const rows: ResultRecord[] = [];
  for (const slot of reader.read(context, fromSlot, limit)) {
    if (rows.length > 0 && overBudget?.() === true) break;
    const expected = fromSlot + rows.length;
    if (slot.slot !== expected) {
      throw new AoliteError(
        'INTERNAL',
        `process ${processId} has no slot ${expected} (next is ${slot.slot})`,
      );
    }
    const result = runtime.handlePrepared(slot.message, env);
    const encoded = encodeResult(result);
    rows.push({
      processId,
      slot: slot.slot,
      messageId: slot.messageId,
      result: encoded,
      error: result.Error ?? null,
      gasUsed: result.GasUsed,
      hash: hashEncodedResult(encoded),
    });
  }
  return rows;
}

/**
 * Re-evaluates stored slots `fromSlot`…`toSlot` (at most `limit`) to rebuild a runtime's state and checks
 * each result hash against the stored one: a difference means evaluation is not deterministic (INTERNAL,
 * naming the slot). Returns the last slot replayed (fromSlot - 1 when there was nothing to do).
 */
export function replaySlots(
  reader: PlannedSlotReader,
  results: ResultStore,
  context: ProcessContext,
  runtime: ProcessRuntime,
  fromSlot: number,
  toSlot: number,
  limit: number,
): number {
  if (toSlot < fromSlot) return fromSlot - 1;
  const count = Math.min(limit, toSlot - fromSlot + 1);
  const rows = evaluateSlots(reader, context, runtime, fromSlot, count);
  const stored = results.page(context.processId, {
    afterSlot: fromSlot - 1,
    beforeSlot: fromSlot + count,
    limit: count,
  });
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const before = stored[i];
    if (before === undefined || before.slot !== row.slot) {
      throw new AoliteError(
        'INTERNAL',
        `process ${context.processId} has no stored result for slot ${row.slot}`,
      );
    }
    if (before.hash !== row.hash) {
      throw new AoliteError(
        'INTERNAL',
        `replaying slot ${row.slot} of ${context.processId} gave result hash ${row.hash}, stored ${before.hash}: evaluation is not deterministic`,
        { processId: context.processId, slot: row.slot },
      );
    }
  }
  if (rows.length < count) {
    throw new AoliteError('INTERNAL', `process ${context.processId} has no slot ${fromSlot + rows.length}`);
  }
  return fromSlot + rows.length - 1;
}
