import type { PlannedSlot } from './slot-plans.js';

/**
 * Planned slots packed into a few typed arrays, so a batch crosses between threads as transferred
 * buffers (one copy of nothing) and comes apart into views of them.
 */
export interface PackedSlots {
  slots: Float64Array;
  messageIds: string[];
  /** Per slot, the end of its part in `ops`, `bytes`, `integers` and `floats`. */
  ends: Int32Array;
  ops: Int32Array;
  bytes: Uint8Array;
  integers: BigInt64Array;
  floats: Float64Array;
}

export function packSlots(planned: readonly PlannedSlot[]): PackedSlots {
  const n = planned.length;
  const ends = new Int32Array(n * 4);
  let ops = 0;
  let bytes = 0;
  let integers = 0;
  let floats = 0;
  for (let i = 0; i < n; i++) {
    const m = planned[i]!.message;
    ops += m.ops.length;
    bytes += m.bytes.length;
    integers += m.integers.length;
    floats += m.floats.length;
    ends.set([ops, bytes, integers, floats], i * 4);
  }
  const packed: PackedSlots = {
    slots: new Float64Array(n),
    messageIds: new Array<string>(n),
    ends,
    ops: new Int32Array(ops),
    bytes: new Uint8Array(bytes),
    integers: new BigInt64Array(integers),
    floats: new Float64Array(floats),
  };
  for (let i = 0; i < n; i++) {
    const { slot, messageId, message } = planned[i]!;
    packed.slots[i] = slot;
    packed.messageIds[i] = messageId;
    const at = i === 0 ? [0, 0, 0, 0] : ends.subarray((i - 1) * 4, i * 4);
    packed.ops.set(message.ops, at[0]!);
    packed.bytes.set(message.bytes, at[1]!);
    packed.integers.set(message.integers, at[2]!);
    packed.floats.set(message.floats, at[3]!);
  }
  return packed;
}

/** The buffers to transfer with a packed batch. */
export function packedBuffers(packed: PackedSlots): ArrayBuffer[] {
  return [packed.slots, packed.ends, packed.ops, packed.bytes, packed.integers, packed.floats].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/**
 * The planned slots of a packed batch, as views of its buffers (no copies on the evaluating thread). A
 * batch stays in memory while any of its plans does: a runtime's rollback journal keeps the plans of the
 * messages since its last rebase, which are mostly whole batches anyway, so that costs at most about one
 * batch per live process beyond what the journal holds.
 */
export function unpackSlots(packed: PackedSlots): PlannedSlot[] {
  const { ends } = packed;
  const out = new Array<PlannedSlot>(packed.slots.length);
  let ops = 0;
  let bytes = 0;
  let integers = 0;
  let floats = 0;
  for (let i = 0; i < out.length; i++) {
    const o = ends[i * 4]!;
    const b = ends[i * 4 + 1]!;
    const n = ends[i * 4 + 2]!;
    const f = ends[i * 4 + 3]!;
    out[i] = {
      slot: packed.slots[i]!,
      messageId: packed.messageIds[i]!,
      message: {
        ops: packed.ops.subarray(ops, o),
        bytes: packed.bytes.subarray(bytes, b),
        integers: packed.integers.subarray(integers, n),
        floats: packed.floats.subarray(floats, f),
      },
    };
    ops = o;
    bytes = b;
    integers = n;
    floats = f;
  }
  return out;
}
