import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliCompressSync,
  brotliDecompress,
  brotliDecompressSync,
  constants,
} from 'node:zlib';

/**
 * The stored form of a checkpoint's memory (see src/store/schema.ts): 4 KiB chunks, the ones new to a save
 * packed up to 256 KiB at a time into one brotli stream, and a manifest of 8 bytes per chunk naming where
 * it is. Chunks this small find what 1,000 messages left unchanged at a fine grain (a counter rewrites 684
 * KiB of 4 KiB chunks but 896 KiB of 64 KiB pages), and one stream per pack compresses a third better than
 * a stream per chunk. The size is the checkpoint's own, independent of the runtime's page size.
 */
export const CHUNK_SIZE = 4096;

/** Chunks per pack: bounds what a restore decompresses for a few chunks still used from an old pack. */
export const PACK_CHUNKS = 64;

export const HASH_BYTES = 32;

/** Bytes per manifest entry: pack seq (u32 LE; 0 = all-zero chunk), index in the pack (u32 LE). */
export const ENTRY_BYTES = 8;

const ZERO_CHUNK = Buffer.alloc(CHUNK_SIZE);

/** A view of `bytes[start, end)` as a Buffer (no copy). */
export function view(bytes: Uint8Array, start: number, end: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** Number of `chunkSize` chunks in `byteLength` bytes (the last one may be short). */
export function chunkCount(byteLength: number, chunkSize: number): number {
  return Math.ceil(byteLength / chunkSize);
}

/** True when a chunk (at most CHUNK_SIZE bytes) is all zero. */
export function isZeroChunk(chunk: Buffer): boolean {
  return chunk.equals(
    chunk.byteLength === CHUNK_SIZE ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, chunk.byteLength),
  );
}

/** The chunk index key: the first 8 bytes of its SHA-256 as a signed 64-bit integer. */
export function hashPrefix(hash: Buffer): bigint {
  return hash.readBigInt64BE(0);
}

const brotliParams = (raw: Buffer, quality: number) => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: quality,
    [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
  },
});

export function compressPack(raw: Buffer, quality: number): Buffer {
  return brotliCompressSync(raw, brotliParams(raw, quality));
}

const brotliCompressAsync = promisify(brotliCompress);

/** `compressPack` on the thread pool (the same bytes): a save in slices compresses off the main thread. */
export function compressPackAsync(raw: Buffer, quality: number): Promise<Buffer> {
  return brotliCompressAsync(raw, brotliParams(raw, quality));
}

/**
 * Throws whatever brotli throws on bytes that are not a brotli stream. `rawLength` sizes the output
 * buffer (one buffer instead of 16 KiB pieces joined at the end: a third faster); a wrong one only costs
 * speed, and is at least 1 KiB and at most 16 MiB.
 */
export function decompressPack(data: Buffer, rawLength: number): Buffer {
  return brotliDecompressSync(data, { chunkSize: outputChunk(rawLength) });
}

const brotliDecompressAsync = promisify(brotliDecompress);

/** `decompressPack` on the thread pool: a restore decompresses its packs in parallel. */
export function decompressPackAsync(data: Buffer, rawLength: number): Promise<Buffer> {
  return brotliDecompressAsync(data, { chunkSize: outputChunk(rawLength) });
}

function outputChunk(rawLength: number): number {
  return Math.min(Math.max(Number.isInteger(rawLength) ? rawLength : 0, 1024), 16 << 20);
}

/** The manifest as stored: brotli of the entries (runs of one pack with rising indexes shrink well). */
export function encodeManifest(entries: Uint32Array): Buffer {
  const raw = manifestBytes(entries);
  return brotliCompressSync(raw, brotliParams(raw, MANIFEST_QUALITY));
}

/** `encodeManifest` on the thread pool. */
export function encodeManifestAsync(entries: Uint32Array): Promise<Buffer> {
  const raw = manifestBytes(entries);
  return brotliCompressAsync(raw, brotliParams(raw, MANIFEST_QUALITY));
}

const MANIFEST_QUALITY = 5;

function manifestBytes(entries: Uint32Array): Buffer {
  const raw = Buffer.allocUnsafe(entries.length * 4);
  for (let i = 0; i < entries.length; i++) raw.writeUInt32LE(entries[i]!, i * 4);
  return raw;
}

/**
 * The entries of a stored manifest: [pack, index] per chunk, as a Uint32Array of 2 × `count`. Undefined when the bytes do not decompress to exactly `count` entries.
 */
export function decodeManifest(stored: Buffer, count: number): Uint32Array | undefined {
  let raw: Buffer;
  try {
    raw = brotliDecompressSync(stored);
  } catch {
    return undefined;
  }
  if (raw.byteLength !== count * ENTRY_BYTES) return undefined;
  const entries = new Uint32Array(count * 2);
  for (let i = 0; i < entries.length; i++) entries[i] = raw.readUInt32LE(i * 4);
  return entries;
}
