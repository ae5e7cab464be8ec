/**
 * ANS-104 tags: an Avro `array` of records `{name: bytes, value: bytes}` (both UTF-8 text).
 *
 * Avro encoding: longs are zigzag varints; an array is a sequence of blocks, each a count followed by that
 * many items, ended by a block of count 0. A negative count -n means n items preceded by the block's size
 * in bytes (a reader may use it to skip). A `bytes`/`string` is a long length followed by the bytes.
 *
 * The encoder writes what the reference libraries write: nothing at all for no tags, otherwise one block
 * with a positive count and the terminating 0. The decoder accepts any valid Avro (several blocks, negative
 * counts with sizes) and rejects everything else, including trailing bytes and invalid UTF-8. Order and
 * duplicates are kept. Tag limits (ANS-104) are checked while decoding so garbage is refused early.
 */
import { checkTagCount, checkTagSizes } from './ans104-limits.js';
import { AoliteError } from './errors.js';
import type { Tag } from './types.js';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function invalid(message: string): AoliteError {
  return new AoliteError('INVALID_DATA_ITEM', `invalid tag encoding: ${message}`);
}

// ---- encoding ---------------------------------------------------------------------------------------

function varintSize(zigzagged: number): number {
  let size = 1;
  let v = zigzagged;
  while (v >= 128) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

/** Writes a non-negative long (zigzag-encoded as 2n) at `pos`; returns the new position. */
function writeLong(out: Uint8Array, pos: number, n: number): number {
  let v = n * 2;
  while (v >= 128) {
    out[pos++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}

/** UTF-8 length of `text` if it is all ASCII (one byte per character), else -1. */
function asciiLength(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return -1;
  return text.length;
}

/** Writes an ASCII string's bytes at `pos` (one per character); returns the new position. */
function writeAscii(out: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

/**
 * Encodes tags as ANS-104 Avro bytes, checking the ANS-104 limits. No tags → zero bytes. ASCII names and
 * values (nearly all) are written straight into the output; only others go through TextEncoder.
 */
export function encodeTags(tags: readonly Tag[]): Uint8Array {
  if (tags.length === 0) return new Uint8Array(0);
  checkTagCount(tags.length);
  // Per tag: the UTF-8 bytes of name and value when not ASCII (null when ASCII), and their lengths.
  const encoded: (Uint8Array | null)[] = new Array(tags.length * 2);
  const lengths: number[] = new Array(tags.length * 2);
  let size = varintSize(tags.length * 2) + 1;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    if (typeof tag?.name !== 'string' || typeof tag.value !== 'string') {
      throw new AoliteError('INVALID_DATA_ITEM', `tag ${i} must be {name: string, value: string}`);
    }
    for (let k = 0; k < 2; k++) {
      const text = k === 0 ? tag.name : tag.value;
      let length = asciiLength(text);
      let bytes: Uint8Array | null = null;
      if (length < 0) {
        bytes = utf8Encoder.encode(text);
        length = bytes.length;
      }
      encoded[i * 2 + k] = bytes;
      lengths[i * 2 + k] = length;
      size += varintSize(length * 2) + length;
    }
    checkTagSizes(i, lengths[i * 2]!, lengths[i * 2 + 1]!, tag.name);
  }
  const out = new Uint8Array(size);
  let pos = writeLong(out, 0, tags.length);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    for (let k = 0; k < 2; k++) {
      const j = i * 2 + k;
      pos = writeLong(out, pos, lengths[j]!);
      const bytes = encoded[j];
      if (bytes === null || bytes === undefined) pos = writeAscii(out, pos, k === 0 ? tag.name : tag.value);
      else {
        out.set(bytes, pos);
        pos += bytes.length;
      }
    }
  }
  out[pos] = 0;
  return out;
}

// ---- decoding ---------------------------------------------------------------------------------------

interface Reader {
  bytes: Uint8Array;
  pos: number;
}

/** Reads a zigzag varint long. Rejects unterminated varints and values beyond 2^53. */
function readLong(r: Reader, what: string): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (r.pos >= r.bytes.length) throw invalid(`${what} ends in the middle of a number`);
    const b = r.bytes[r.pos++]!;
    value += (b & 127) * scale;
    if ((b & 128) === 0) break;
    scale *= 128;
    if (scale > 2 ** 42) throw invalid(`${what} is a number too large`);
  }
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function readString(r: Reader, what: string): { text: string; bytes: number } {
  const length = readLong(r, `${what} length`);
  if (length < 0) throw invalid(`${what} has a negative length (${length})`);
  const remaining = r.bytes.length - r.pos;
  if (length > remaining)
    throw invalid(`${what} length ${length} runs past the end (${remaining} bytes left)`);
  const start = r.pos;
  r.pos += length;
  return { text: decodeUtf8(r.bytes, start, r.pos, what), bytes: length };
}

function decodeUtf8(bytes: Uint8Array, start: number, end: number, what: string): string {
  // Short ASCII strings (nearly every tag) are faster to build directly than through TextDecoder.
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  try {
    return utf8Decoder.decode(bytes.subarray(start, end));
  } catch {
    throw invalid(`${what} is not valid UTF-8`);
  }
}

/**
 * Decodes ANS-104 Avro tag bytes. Throws `INVALID_DATA_ITEM` for malformed Avro (naming the problem) and
 * `LIMIT_EXCEEDED` / `INVALID_DATA_ITEM` for tags that break the ANS-104 limits.
 */
export function decodeTags(bytes: Uint8Array): Tag[] {
  const r: Reader = { bytes, pos: 0 };
  const tags: Tag[] = [];
  for (let block = 0; ; block++) {
    let count = readLong(r, `block ${block} count`);
    if (count === 0) break;
    let blockEnd = -1;
    if (count < 0) {
      count = -count;
      const size = readLong(r, `block ${block} size`);
      if (size < 0) throw invalid(`block ${block} has a negative byte size (${size})`);
      blockEnd = r.pos + size;
      if (blockEnd > bytes.length) throw invalid(`block ${block} byte size ${size} runs past the end`);
    }
    // Every tag takes at least 2 bytes (its two lengths): refuse absurd counts before looping over them.
    checkTagCount(tags.length + count);
    if (count * 2 > bytes.length - r.pos) {
      throw invalid(`block ${block} claims ${count} tags but only ${bytes.length - r.pos} bytes remain`);
    }
    for (let i = 0; i < count; i++) {
      const index = tags.length;
      const name = readString(r, `tag ${index} name`);
      const value = readString(r, `tag ${index} value`);
      checkTagSizes(index, name.bytes, value.bytes, name.text);
      tags.push({ name: name.text, value: value.text });
    }
    if (blockEnd >= 0 && r.pos !== blockEnd) {
      throw invalid(`block ${block} byte size does not match its contents`);
    }
  }
  if (r.pos !== bytes.length) {
    throw invalid(`${bytes.length - r.pos} unexpected bytes after the end of the tag array`);
  }
  return tags;
}
