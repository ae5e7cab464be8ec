/**
 * base64url (RFC 4648 §5) without padding, as Arweave writes ids, addresses, owners and signatures.
 * Decoding is strict: only the 64 alphabet characters, no padding, no whitespace, no impossible length
 * (4n+1), and the unused low bits of the last character must be zero, so that every accepted string is
 * the one canonical encoding of its bytes (two spellings of one id would defeat lookups by id).
 */
import { AoliteError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const encodeTable: string[] = ALPHABET.split('');
/** char code → 6-bit value, or -1 for characters outside the alphabet */
const decodeTable = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) decodeTable[ALPHABET.charCodeAt(i)] = i;

export function base64urlEncode(bytes: Uint8Array): string {
  const n = bytes.length;
  const whole = n - (n % 3);
  let out = '';
  let i = 0;
  for (; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      encodeTable[v >> 18]! +
      encodeTable[(v >> 12) & 63]! +
      encodeTable[(v >> 6) & 63]! +
      encodeTable[v & 63]!;
  }
  const rest = n - whole;
  if (rest === 1) {
    const v = bytes[i]!;
    out += encodeTable[v >> 2]! + encodeTable[(v & 3) << 4]!;
  } else if (rest === 2) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    out += encodeTable[v >> 10]! + encodeTable[(v >> 4) & 63]! + encodeTable[(v & 15) << 2]!;
  }
  return out;
}

function sextet(text: string, index: number, what: string): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? decodeTable[code]! : -1;
  if (value < 0) {
    throw new AoliteError(
      'BAD_REQUEST',
      `${what} is not base64url: invalid character ${JSON.stringify(text[index])} at position ${index}`,
    );
  }
  return value;
}

/**
 * Decodes strict base64url. `what` names the value in the error message ("target", "process id" ...).
 * Throws `AoliteError('BAD_REQUEST')`.
 */
export function base64urlDecode(text: string, what = 'value'): Uint8Array {
  const len = text.length;
  if (len % 4 === 1) {
    throw new AoliteError('BAD_REQUEST', `${what} is not base64url: length ${len} is impossible`);
  }
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  const whole = len - (len % 4);
  let o = 0;
  let i = 0;
  for (; i < whole; i += 4) {
    const v =
      (sextet(text, i, what) << 18) |
      (sextet(text, i + 1, what) << 12) |
      (sextet(text, i + 2, what) << 6) |
      sextet(text, i + 3, what);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = len - whole;
  if (rest === 2) {
    const a = sextet(text, i, what);
    const b = sextet(text, i + 1, what);
    if ((b & 15) !== 0) throw nonCanonical(what);
    out[o++] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(text, i, what);
    const b = sextet(text, i + 1, what);
    const c = sextet(text, i + 2, what);
    if ((c & 3) !== 0) throw nonCanonical(what);
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}

function nonCanonical(what: string): AoliteError {
  return new AoliteError('BAD_REQUEST', `${what} is not canonical base64url: trailing bits are not zero`);
}

/** True if `text` is canonical base64url of exactly `byteLength` bytes (43 characters for 32 bytes). */
export function isBase64url(text: string, byteLength?: number): boolean {
  try {
    const bytes = base64urlDecode(text);
    return byteLength === undefined || bytes.length === byteLength;
  } catch {
    return false;
  }
}
