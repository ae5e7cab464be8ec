import { Buffer } from 'node:buffer';
import { createHash, hash } from 'node:crypto';
import { AoliteError } from '../core/errors.js';
import type { CheckpointRecord, CheckpointStore } from '../store/checkpoint-store.js';
import { chunkCount, decodeManifest, decompressPack, HASH_BYTES } from './checkpoint-format.js';

/** A checkpoint's memory rebuilt from its chunks, with the manifest entries that located them. */
export interface Reassembled {
  memory: Buffer;
  entries: Uint32Array;
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

/**
 * Rebuilds a checkpoint's memory: decodes the manifest, decompresses each pack it names once, copies the
 * chunks in place, and checks the whole memory's SHA-256 against the checkpoint's memory hash. CORRUPT
 * (naming the slot, and the chunk and pack when one is to blame) when the manifest does not decode, a
 * pack is missing or does not decompress, a chunk has the wrong length, or the memory hash differs; for a
 * memory hash mismatch the first chunk whose bytes no longer hash to its recorded SHA-256 is named.
 */
export function reassemble(sql: CheckpointStore, record: CheckpointRecord): Reassembled {
  const { chunkSize, memoryLength } = record;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0 || !Number.isInteger(memoryLength) || memoryLength < 0) {
    throw corrupt(record, `chunk size ${chunkSize} or memory length ${memoryLength} is not valid`);
  }
  const count = chunkCount(memoryLength, chunkSize);
  const entries = decodeManifest(record.manifest, count);
  if (entries === undefined) {
    throw corrupt(record, `the manifest does not decode to ${count} chunks of ${memoryLength} bytes`);
  }
  const memory = Buffer.alloc(memoryLength);
  const packs = new Map<number, OpenPack>();

  const open = (seq: number, chunk: number): OpenPack => {
    let pack = packs.get(seq);
    if (pack !== undefined) return pack;
    const stored = sql.getPack(seq);
    if (stored === undefined)
      throw corrupt(record, `chunk ${chunk}: pack ${seq} is missing`, { chunk, pack: seq });
    let raw: Buffer;
    try {
      raw = decompressPack(stored.data, stored.rawLength);
    } catch {
      throw corrupt(record, `chunk ${chunk}: pack ${seq} does not decompress`, {
        chunk,
        pack: seq,
        actual: 'undecodable',
      });
    }
    pack = { raw, hashes: stored.hashes, chunkSize: stored.chunkSize };
    if (
      raw.byteLength !== stored.rawLength ||
      chunkCount(raw.byteLength, stored.chunkSize) * HASH_BYTES !== stored.hashes.byteLength
    ) {
      throw corrupt(
        record,
        `chunk ${chunk}: pack ${seq} holds ${raw.byteLength} bytes, expected ${stored.rawLength} in ${stored.hashes.byteLength / HASH_BYTES} chunks`,
        {
          chunk,
          pack: seq,
          ...expectedOf(pack, entries[chunk * 2 + 1]!),
          actual: hash('sha256', raw, 'hex'),
        },
      );
    }
    packs.set(seq, pack);
    return pack;
  };

  for (let chunk = 0; chunk < count; chunk++) {
    const seq = entries[chunk * 2]!;
    if (seq === 0) continue;
    const idx = entries[chunk * 2 + 1]!;
    const pack = open(seq, chunk);
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
          ...expectedOf(pack, idx),
          actual: hash('sha256', pack.raw.subarray(from, from + available), 'hex'),
        },
      );
    }
    pack.raw.copy(memory, start, from, from + length);
  }

  const memoryHash = createHash('sha256').update(memory).digest('hex');
  if (memoryHash !== record.memoryHash) {
    // Name the culprit: the first chunk whose bytes no longer hash to the SHA-256 recorded with its pack.
    for (let chunk = 0; chunk < count; chunk++) {
      const seq = entries[chunk * 2]!;
      if (seq === 0) continue;
      const idx = entries[chunk * 2 + 1]!;
      const pack = packs.get(seq)!;
      const start = chunk * chunkSize;
      const actual = hash('sha256', memory.subarray(start, start + chunkSize), 'hex');
      const { expected } = expectedOf(pack, idx);
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

function expectedOf(pack: OpenPack, idx: number): { expected: string } {
  return { expected: pack.hashes.subarray(idx * HASH_BYTES, (idx + 1) * HASH_BYTES).toString('hex') };
}
