import { Buffer } from 'node:buffer';
import { createHash, hash } from 'node:crypto';
import { AoliteError } from '../core/errors.js';
import type { CheckpointRecord, CheckpointStore, StoredPack } from '../store/checkpoint-store.js';
import {
  chunkCount,
  decodeManifest,
  decompressPack,
  decompressPackAsync,
  HASH_BYTES,
} from './checkpoint-format.js';

/** A checkpoint's memory rebuilt from its chunks, with the manifest entries that located them. */
export interface Reassembled {
  memory: Buffer;
  entries: Uint32Array;
}

/** What a restore reads: the manifest entries and each pack they name, with the first chunk using it. */
interface Plan {
  record: CheckpointRecord;
  entries: Uint32Array;
  packs: Map<number, { stored: StoredPack; firstChunk: number }>;
}

interface OpenPack {
  raw: Buffer;
  hashes: Buffer;
  chunkSize: number;
}

function corrupt(record: CheckpointRecord, why: string, details: Record<string, unknown> = {}): AoliteError {
  return new AoliteError(
    'CORRUPT',
    `checkpoint of process ${record.processId} at slot ${record.slot}: ${why}`,
    {
      processId: record.processId,
      slot: record.slot,
      ...details,
    },
  );
}

function expectedOf(hashes: Buffer, idx: number): { expected: string } {
  return { expected: hashes.subarray(idx * HASH_BYTES, (idx + 1) * HASH_BYTES).toString('hex') };
}

/** Decodes the manifest and reads every pack it names (one row each). CORRUPT when one is missing. */
function plan(sql: CheckpointStore, record: CheckpointRecord): Plan {
  const { chunkSize, memoryLength } = record;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0 || !Number.isInteger(memoryLength) || memoryLength < 0) {
    throw corrupt(record, `chunk size ${chunkSize} or memory length ${memoryLength} is not valid`);
  }
  const count = chunkCount(memoryLength, chunkSize);
  const entries = decodeManifest(record.manifest, count);
  if (entries === undefined) {
    throw corrupt(record, `the manifest does not decode to ${count} chunks of ${memoryLength} bytes`);
  }
  const packs = new Map<number, { stored: StoredPack; firstChunk: number }>();
  for (let chunk = 0; chunk < count; chunk++) {
    const seq = entries[chunk * 2]!;
    if (seq === 0 || packs.has(seq)) continue;
    const stored = sql.getPack(seq);
    if (stored === undefined)
      throw corrupt(record, `chunk ${chunk}: pack ${seq} is missing`, { chunk, pack: seq });
    packs.set(seq, { stored, firstChunk: chunk });
  }
  return { record, entries, packs };
}

function undecodable(record: CheckpointRecord, seq: number, chunk: number): AoliteError {
  return corrupt(record, `chunk ${chunk}: pack ${seq} does not decompress`, {
    chunk,
    pack: seq,
    actual: 'undecodable',
  });
}

/**
 * Copies the chunks into a new memory from the decompressed packs and checks the whole memory's SHA-256
 * against the checkpoint's memory hash; for a mismatch, names the first chunk whose bytes no longer hash
 * to the SHA-256 recorded with its pack.
 */
function assemble({ record, entries, packs }: Plan, raws: Map<number, Buffer>): Reassembled {
  const { chunkSize, memoryLength } = record;
  const open = new Map<number, OpenPack>();
  for (const [seq, { stored, firstChunk }] of packs) {
    const raw = raws.get(seq)!;
    const pack = { raw, hashes: stored.hashes, chunkSize: stored.chunkSize };
    const chunks = chunkCount(raw.byteLength, stored.chunkSize);
    if (raw.byteLength !== stored.rawLength || chunks * HASH_BYTES !== stored.hashes.byteLength) {
      throw corrupt(
        record,
        `chunk ${firstChunk}: pack ${seq} holds ${raw.byteLength} bytes, expected ${stored.rawLength} in ${stored.hashes.byteLength / HASH_BYTES} chunks`,
        {
          chunk: firstChunk,
          pack: seq,
          ...expectedOf(stored.hashes, entries[firstChunk * 2 + 1]!),
          actual: hash('sha256', raw, 'hex'),
        },
      );
    }
    open.set(seq, pack);
  }

  const count = entries.length / 2;
  const memory = Buffer.alloc(memoryLength);
  for (let chunk = 0; chunk < count; chunk++) {
    const seq = entries[chunk * 2]!;
    if (seq === 0) continue;
    const idx = entries[chunk * 2 + 1]!;
    const pack = open.get(seq)!;
    const start = chunk * chunkSize;
    const length = Math.min(chunkSize, memoryLength - start);
    const from = idx * pack.chunkSize;
    const available = Math.max(0, Math.min(pack.chunkSize, pack.raw.byteLength - from));
    if (pack.chunkSize !== chunkSize || available !== length) {
      throw corrupt(
        record,
        `chunk ${chunk} (pack ${seq} #${idx}) has ${available} bytes, expected ${length}`,
        {
          chunk,
          pack: seq,
          ...expectedOf(pack.hashes, idx),
          actual: hash('sha256', pack.raw.subarray(from, from + available), 'hex'),
        },
      );
    }
    pack.raw.copy(memory, start, from, from + length);
  }

  const memoryHash = createHash('sha256').update(memory).digest('hex');
  if (memoryHash !== record.memoryHash) {
    for (let chunk = 0; chunk < count; chunk++) {
      const seq = entries[chunk * 2]!;
      if (seq === 0) continue;
      const idx = entries[chunk * 2 + 1]!;
      const start = chunk * chunkSize;
      const actual = hash('sha256', memory.subarray(start, start + chunkSize), 'hex');
      const { expected } = expectedOf(open.get(seq)!.hashes, idx);
      if (actual !== expected) {
        throw corrupt(
          record,
          `chunk ${chunk} (pack ${seq} #${idx}) hashes to ${actual}, expected ${expected}`,
          {
            chunk,
            pack: seq,
            expected,
            actual,
          },
        );
      }
    }
    throw corrupt(record, `memory hashes to ${memoryHash}, expected ${record.memoryHash}`, {
      expected: record.memoryHash,
      actual: memoryHash,
    });
  }
  return { memory, entries };
}

/**
 * Rebuilds a checkpoint's memory: decodes the manifest, decompresses each pack it names once, copies the
 * chunks in place, and checks the memory hash. CORRUPT (naming the slot, and the chunk and pack when one
 * is to blame) when the manifest does not decode, a pack is missing or does not decompress, a chunk has
 * the wrong length, or the memory hash differs.
 */
export function reassemble(sql: CheckpointStore, record: CheckpointRecord): Reassembled {
  const planned = plan(sql, record);
  const raws = new Map<number, Buffer>();
  for (const [seq, { stored, firstChunk }] of planned.packs) {
    try {
      raws.set(seq, decompressPack(stored.data, stored.rawLength));
    } catch {
      throw undecodable(record, seq, firstChunk);
    }
  }
  return assemble(planned, raws);
}

/** `reassemble` with the packs decompressed in parallel on the thread pool (same checks, same errors). */
export async function reassembleAsync(sql: CheckpointStore, record: CheckpointRecord): Promise<Reassembled> {
  const planned = plan(sql, record);
  const raws = new Map<number, Buffer>();
  await Promise.all(
    [...planned.packs].map(async ([seq, { stored, firstChunk }]) => {
      try {
        raws.set(seq, await decompressPackAsync(stored.data, stored.rawLength));
      } catch {
        throw undecodable(record, seq, firstChunk);
      }
    }),
  );
  return assemble(planned, raws);
}
