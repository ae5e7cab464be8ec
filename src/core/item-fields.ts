/**
 * How a data item's binary fields are presented as text, and the signature types aolite accepts.
 *
 * target: base64url of the 32 raw bytes (an Arweave id), as every ANS-104 library and the ao units do.
 *
 * anchor: the references disagree, so this follows the ao scheduler, whose output is what a compute unit
 * (and so a process's `msg.Anchor`) sees:
 *   - every library *creating* an item (arbundles `createData`, used by aoconnect 0.0.98, and
 *     warp-arbundles) takes the anchor as a string and stores its UTF-8 bytes, which must be 32 bytes. aos
 *     outboxes use 32-character text anchors like "00000000000000000000000000000001" this way;
 *   - when *reading*, the ao SU presents the 32 bytes as UTF-8 text when they are valid UTF-8 and as
 *     base64url otherwise (its `anchor_b64`); @dha-team/arbundles' `DataItem.anchor` getter always gives
 *     base64url, and older arbundles / warp-arbundles give UTF-8 text (lossy for binary anchors).
 * aolite presents text when the bytes are valid UTF-8, else base64url (43 characters). Parsing accepts both
 * forms without ambiguity: a string whose UTF-8 encoding is 32 bytes is text; otherwise it must be
 * base64url of 32 bytes (43 ASCII characters can never be 32 bytes of UTF-8). So presentation and parsing
 * round-trip for every anchor, text or binary.
 */
import { ANCHOR_BYTES, TARGET_BYTES } from './ans104-limits.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { AoliteError } from './errors.js';
import type { SignatureType } from './types.js';

export interface SignatureConfig {
  type: SignatureType;
  name: string;
  signatureLength: number;
  ownerLength: number;
}

export const SIGNATURE_CONFIGS: Readonly<Record<SignatureType, SignatureConfig>> = {
  1: { type: 1, name: 'arweave (RSA-PSS 4096)', signatureLength: 512, ownerLength: 512 },
  2: { type: 2, name: 'ed25519', signatureLength: 64, ownerLength: 32 },
};

/** ANS-104 types other libraries define but aolite does not accept (named in error messages). */
const OTHER_SIGNATURE_TYPES: Record<number, string> = {
  3: 'ethereum',
  4: 'solana',
  5: 'injected aptos',
  6: 'multi aptos',
  7: 'typed ethereum',
  101: 'kyve',
};

export function signatureConfig(type: number): SignatureConfig {
  const config = SIGNATURE_CONFIGS[type as SignatureType];
  if (config) return config;
  const known = OTHER_SIGNATURE_TYPES[type];
  throw new AoliteError(
    'UNSUPPORTED_SIGNATURE_TYPE',
    `signature type ${type}${known ? ` (${known})` : ''} is not supported: aolite accepts 1 (arweave RSA-PSS) and 2 (ed25519)`,
    { signatureType: type },
  );
}

const utf8Encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function targetToString(bytes: Uint8Array): string {
  return base64urlEncode(bytes);
}

export function targetFromString(target: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(target, 'target');
  } catch (error) {
    throw new AoliteError('INVALID_DATA_ITEM', (error as Error).message, { target });
  }
  if (bytes.length !== TARGET_BYTES) {
    throw new AoliteError(
      'INVALID_DATA_ITEM',
      `target must be base64url of ${TARGET_BYTES} bytes, got ${bytes.length} bytes`,
      { target },
    );
  }
  return bytes;
}

export function anchorToString(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return base64urlEncode(bytes);
  }
}

export function anchorFromString(anchor: string): Uint8Array {
  const text = utf8Encoder.encode(anchor);
  if (text.length === ANCHOR_BYTES) return text;
  if (anchor.length === 43 && /^[A-Za-z0-9_-]+$/.test(anchor)) {
    try {
      return base64urlDecode(anchor, 'anchor');
    } catch {
      // not canonical base64url: fall through to the length error
    }
  }
  throw new AoliteError(
    'INVALID_DATA_ITEM',
    `anchor must be ${ANCHOR_BYTES} bytes (32 bytes of UTF-8 text, or base64url of 32 bytes), got ${text.length} bytes of text`,
    { anchor },
  );
}
