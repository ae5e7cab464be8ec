import { AoliteError } from '../core/errors.js';
import type { ProcessRuntime } from '../runtime/process-runtime.js';
import { type RawResult, resultOfRaw } from '../runtime/result.js';
import type { EvalResult } from '../runtime/types.js';
import type { ResultRecord, ResultStore } from '../store/results.js';
import type { ProcessContext } from './process-context.js';
import { encodeResult, hashEncodedResult } from './result-hash.js';
import type { PlannedSlot, PlannedSlotReader } from './slot-plans.js';

/** Checked after each slot: true ends the batch early (keeps the event loop responsive). */
export type OverBudget = () => boolean;

/**
 * Evaluates the assigned slots `fromSlot`, `fromSlot + 1`, … (at most `limit`) in `runtime`, which must
 * hold the state after `fromSlot - 1`, giving `evaluate`'s value for each. Synchronous: nothing else
 * touches the runtime meanwhile.
 */
function evaluateEach<T>(
  reader: PlannedSlotReader,
  context: ProcessContext,
  fromSlot: number,
  limit: number,
  overBudget: OverBudget | undefined,
  evaluate: (slot: PlannedSlot) => T,
): T[] {
  const out: T[] = [];
  for (const slot of reader.read(context, fromSlot, limit)) {
    if (out.length > 0 && overBudget?.() === true) break;
    const expected = fromSlot + out.length;
    if (slot.slot !== expected) {
      // The log lost an assignment (the SU never leaves a gap): nothing after it can be evaluated.
      throw new AoliteError(
        'CORRUPT',
        `process ${context.processId} has no slot ${expected} in the log (the next is ${slot.slot}): its log has a gap, so slot ${expected} and later cannot be evaluated or replayed; the audit query lists the gaps`,
        { processId: context.processId, slot: expected },
      );
    }
    out.push(evaluate(slot));
  }
  return out;
}

/** The stored row of one evaluated slot: the canonical result text, its hash, Error and GasUsed. */
export function resultRecord(
  processId: string,
  slot: number,
  messageId: string,
  result: EvalResult,
): ResultRecord {
  const encoded = encodeResult(result);
  return {
    processId,
    slot,
    messageId,
    result: encoded,
    error: result.Error ?? null,
    gasUsed: result.GasUsed,
    hash: hashEncodedResult(encoded),
  };
}

/** Evaluates slots as `evaluateEach` does; returns their result rows, not yet stored. */
export function evaluateSlots(
  reader: PlannedSlotReader,
  context: ProcessContext,
  runtime: ProcessRuntime,
  fromSlot: number,
  limit: number,
  overBudget?: OverBudget,
): ResultRecord[] {
  const { processId, env } = context;
  return evaluateEach(reader, context, fromSlot, limit, overBudget, (slot) =>
    resultRecord(processId, slot.slot, slot.messageId, runtime.handlePrepared(slot.message, env)),
  );
}

/** One evaluated slot with its result as the runtime gave it, not yet decoded, encoded or hashed. */
export interface EvaluatedSlot {
  slot: number;
  messageId: string;
  raw: RawResult;
}

/** Evaluates slots as `evaluateSlots` does, leaving the results raw (they are finished by `resultRecords`). */
export function evaluateSlotsRaw(
  reader: PlannedSlotReader,
  context: ProcessContext,
  runtime: ProcessRuntime,
  fromSlot: number,
  limit: number,
  overBudget?: OverBudget,
): EvaluatedSlot[] {
  const { env } = context;
  return evaluateEach(reader, context, fromSlot, limit, overBudget, (slot) => ({
    slot: slot.slot,
    messageId: slot.messageId,
    raw: runtime.handleRaw(slot.message, env),
  }));
}

/** The result rows of raw evaluated slots: the rows `evaluateSlots` gives for the same slots. */
export function resultRecords(processId: string, slots: readonly EvaluatedSlot[]): ResultRecord[] {
  return slots.map((s) => resultRecord(processId, s.slot, s.messageId, resultOfRaw(s.raw)));
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
    const slot = fromSlot + rows.length;
    throw new AoliteError(
      'CORRUPT',
      `process ${context.processId} has no slot ${slot} in the log, though its results reach it: its log has a gap; the audit query lists the gaps`,
      { processId: context.processId, slot },
    );
  }
  return fromSlot + rows.length - 1;
}
