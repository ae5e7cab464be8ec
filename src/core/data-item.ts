/**
 * ANS-104 data items: decode (parse + structural validation + limits), encode, sign, and the message a
 * signature covers. Signature *verification* needs node:crypto and lives in src/crypto/verify.ts.
 *
 * Binary layout (integers little-endian):
 *   signature type u16 | signature | owner | target flag u8 [+32] | anchor flag u8 [+32]
 *   | tag count u64 | tag bytes length u64 | tag bytes (Avro) | data (the rest)
 *
 * Decoding copies nothing: signature, owner and data of the result are views into the input, and `raw`
 * is the input itself. Callers must not modify the input afterwards.
 */
import { checkTagCount } from './ans104-limits.js';
import { decodeTags, encodeTags } from './avro-tags.js';
import { base64urlEncode } from './base64url.js';
import { deepHashBlob, deepHashListStart, deepHashListStep, type Sha384 } from './deep-hash.js';
import { AoliteError } from './errors.js';
import { type CoreHashes, nobleHashes } from './hashes.js';
import {
  anchorFromString,
  anchorToString,
  signatureConfig,
  targetFromString,
  targetToString,
} from './item-fields.js';
import type { DataItem, DataItemDraft, SignatureType, Signer, Tag } from './types.js';

/** The parts of an encoded item, as views into its bytes. */
export interface DataItemSections {
  signatureType: SignatureType;
  signature: Uint8Array;
  owner: Uint8Array;
  target: Uint8Array | null;
  anchor: Uint8Array | null;
  tagCount: number;
  /** The Avro tag bytes exactly as encoded (what the signature covers). */
  tagBytes: Uint8Array;
  data: Uint8Array;
}

function truncated(what: string, offset: number, needed: number, total: number): AoliteError {
  return new AoliteError(
    'INVALID_DATA_ITEM',
    `data item is truncated in the ${what}: needs ${needed} bytes at offset ${offset}, only ${Math.max(0, total - offset)} remain`,
    { offset, needed, total },
  );
}

function readU64(bytes: Uint8Array, offset: number, what: string): number {
  const low =
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 2 ** 24;
  const high =
    (bytes[offset + 4]! | (bytes[offset + 5]! << 8) | (bytes[offset + 6]! << 16)) +
    bytes[offset + 7]! * 2 ** 24;
  if (high !== 0) {
    throw new AoliteError('INVALID_DATA_ITEM', `${what} is impossibly large (upper 32 bits are ${high})`);
  }
  return low;
}

function readPresence(bytes: Uint8Array, offset: number, what: string): boolean {
  const flag = bytes[offset];
  if (flag === 0) return false;
  if (flag === 1) return true;
  throw new AoliteError(
    'INVALID_DATA_ITEM',
    `${what} presence byte at offset ${offset} must be 0 or 1, got ${flag}`,
  );
}

/** Splits an encoded item into its sections, checking the structure (not the tags' content). */
export function locateSections(bytes: Uint8Array): DataItemSections {
  const total = bytes.length;
  if (total < 2) throw truncated('signature type', 0, 2, total);
  const config = signatureConfig(bytes[0]! | (bytes[1]! << 8));
  let pos = 2;
  if (pos + config.signatureLength > total) throw truncated('signature', pos, config.signatureLength, total);
  const signature = bytes.subarray(pos, pos + config.signatureLength);
  pos += config.signatureLength;
  if (pos + config.ownerLength > total) throw truncated('owner', pos, config.ownerLength, total);
  const owner = bytes.subarray(pos, pos + config.ownerLength);
  pos += config.ownerLength;

  if (pos + 1 > total) throw truncated('target presence byte', pos, 1, total);
  let target: Uint8Array | null = null;
  if (readPresence(bytes, pos++, 'target')) {
    if (pos + 32 > total) throw truncated('target', pos, 32, total);
    target = bytes.subarray(pos, pos + 32);
    pos += 32;
  }
  if (pos + 1 > total) throw truncated('anchor presence byte', pos, 1, total);
  let anchor: Uint8Array | null = null;
  if (readPresence(bytes, pos++, 'anchor')) {
    if (pos + 32 > total) throw truncated('anchor', pos, 32, total);
    anchor = bytes.subarray(pos, pos + 32);
    pos += 32;
  }

  if (pos + 16 > total) throw truncated('tag count and tag length header', pos, 16, total);
  const tagCount = readU64(bytes, pos, 'tag count');
  const tagLength = readU64(bytes, pos + 8, 'tag bytes length');
  pos += 16;
  if (pos + tagLength > total) throw truncated('tags', pos, tagLength, total);
  const tagBytes = bytes.subarray(pos, pos + tagLength);
  pos += tagLength;

  return {
    signatureType: config.type,
    signature,
    owner,
    target,
    anchor,
    tagCount,
    tagBytes,
    data: bytes.subarray(pos),
  };
}

function decodeSectionTags(sections: DataItemSections): Tag[] {
  const { tagCount, tagBytes } = sections;
  checkTagCount(tagCount);
  if (tagBytes.length === 0) {
    if (tagCount !== 0) {
      throw new AoliteError(
        'INVALID_DATA_ITEM',
        `the header says ${tagCount} tags but there are 0 tag bytes`,
      );
    }
    return [];
  }
  const tags = decodeTags(tagBytes);
  if (tags.length !== tagCount) {
    throw new AoliteError(
      'INVALID_DATA_ITEM',
      `the header says ${tagCount} tags but the tag bytes hold ${tags.length}`,
    );
  }
  return tags;
}

/**
 * Parses an encoded item and validates its structure and the ANS-104 limits. Does NOT verify the
 * signature (see crypto/verify). Throws `AoliteError` with INVALID_DATA_ITEM, LIMIT_EXCEEDED or
 * UNSUPPORTED_SIGNATURE_TYPE.
 */
export function decodeDataItem(bytes: Uint8Array, hashes: CoreHashes = nobleHashes): DataItem {
  if (!(bytes instanceof Uint8Array)) {
    throw new AoliteError('INVALID_DATA_ITEM', 'a data item must be given as bytes (Uint8Array)');
  }
  const sections = locateSections(bytes);
  return itemFromSections(bytes, sections, decodeSectionTags(sections), hashes);
}

function itemFromSections(
  bytes: Uint8Array,
  sections: DataItemSections,
  tags: Tag[],
  hashes: CoreHashes,
): DataItem {
  return {
    id: base64urlEncode(hashes.sha256(sections.signature)),
    signatureType: sections.signatureType,
    signature: sections.signature,
    owner: sections.owner,
    ownerAddress: base64urlEncode(hashes.sha256(sections.owner)),
    target: sections.target ? targetToString(sections.target) : null,
    anchor: sections.anchor ? anchorToString(sections.anchor) : null,
    tags,
    data: sections.data,
    raw: bytes,
  };
}

// ---- the signed message -----------------------------------------------------------------------------

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);
/** Deep-hash accumulator after the constant first elements ("dataitem", "1", type), per signature type. */
const prefixCache = new Map<number, Uint8Array>();

function messagePrefix(signatureType: number, sha384: Sha384): Uint8Array {
  let acc = prefixCache.get(signatureType);
  if (acc) return acc;
  acc = deepHashListStart(8, sha384);
  for (const text of ['dataitem', '1', String(signatureType)]) {
    acc = deepHashListStep(acc, deepHashBlob(utf8.encode(text), sha384), sha384);
  }
  prefixCache.set(signatureType, acc);
  return acc;
}

/** Deep hash of the empty blob (an absent target or anchor, empty data): a constant, computed once. */
let emptyBlobHash: Uint8Array | undefined;

function blobHash(bytes: Uint8Array, sha384: Sha384): Uint8Array {
  if (bytes.length !== 0) return deepHashBlob(bytes, sha384);
  emptyBlobHash ??= deepHashBlob(EMPTY, sha384);
  return emptyBlobHash;
}

/** The deep-hash accumulator after the constant prefix and the owner. */
function ownerAccumulator(signatureType: number, owner: Uint8Array, sha384: Sha384): Uint8Array {
  return deepHashListStep(messagePrefix(signatureType, sha384), deepHashBlob(owner, sha384), sha384);
}

/** Folds target and anchor (each an empty blob when absent) into the accumulator after the owner. */
function afterAnchor(
  afterOwner: Uint8Array,
  target: Uint8Array | null,
  anchor: Uint8Array | null,
  sha384: Sha384,
): Uint8Array {
  const acc = deepHashListStep(afterOwner, blobHash(target ?? EMPTY, sha384), sha384);
  return deepHashListStep(acc, blobHash(anchor ?? EMPTY, sha384), sha384);
}

/** Folds tag bytes and data into the accumulator after the anchor: the signed message. */
function finishMessage(afterAnchorAcc: Uint8Array, sections: DataItemSections, sha384: Sha384): Uint8Array {
  const acc = deepHashListStep(afterAnchorAcc, blobHash(sections.tagBytes, sha384), sha384);
  return deepHashListStep(acc, blobHash(sections.data, sha384), sha384);
}

/**
 * The bytes a data item's signature signs: the deep hash of
 * ["dataitem", "1", signature type as decimal text, owner, target, anchor, tag bytes, data], where an
 * absent target or anchor is an empty blob and the tag bytes are exactly those encoded in the item.
 */
export function sectionsMessage(sections: DataItemSections, sha384: Sha384 = nobleHashes.sha384): Uint8Array {
  const afterOwner = ownerAccumulator(sections.signatureType, sections.owner, sha384);
  return finishMessage(afterAnchor(afterOwner, sections.target, sections.anchor, sha384), sections, sha384);
}

/** The message `item`'s signature covers (computed from `item.raw`). */
export function signatureMessage(item: DataItem, sha384: Sha384 = nobleHashes.sha384): Uint8Array {
  return sectionsMessage(locateSections(item.raw), sha384);
}

// ---- encoding and signing ---------------------------------------------------------------------------

export interface UnsignedDataItem {
  /** The full encoding with an all-zero signature. */
  bytes: Uint8Array;
  sections: DataItemSections;
}

/** Encodes a draft for `owner` (a public key of `signatureType`) with a zero signature, checking limits. */
export function encodeUnsignedDataItem(
  draft: DataItemDraft,
  signatureType: SignatureType,
  owner: Uint8Array,
): UnsignedDataItem {
  const config = signatureConfig(signatureType);
  if (owner.length !== config.ownerLength) {
    throw new AoliteError(
      'INVALID_DATA_ITEM',
      `owner of a type ${signatureType} item must be ${config.ownerLength} bytes, got ${owner.length}`,
    );
  }
  const target = draft.target == null ? null : targetFromString(draft.target);
  const anchor = draft.anchor == null ? null : anchorFromString(draft.anchor);
  const tagBytes = encodeTags(draft.tags ?? []);
  const data = typeof draft.data === 'string' ? utf8.encode(draft.data) : draft.data;
  if (!(data instanceof Uint8Array)) {
    throw new AoliteError('INVALID_DATA_ITEM', 'data must be a string or a Uint8Array');
  }

  const length =
    2 +
    config.signatureLength +
    config.ownerLength +
    (target ? 33 : 1) +
    (anchor ? 33 : 1) +
    16 +
    tagBytes.length +
    data.length;
  const bytes = new Uint8Array(length);
  bytes[0] = signatureType & 255;
  bytes[1] = signatureType >> 8;
  let pos = 2 + config.signatureLength;
  bytes.set(owner, pos);
  pos += config.ownerLength;
  for (const field of [target, anchor]) {
    if (field) {
      bytes[pos++] = 1;
      bytes.set(field, pos);
      pos += field.length;
    } else {
      bytes[pos++] = 0;
    }
  }
  writeU64(bytes, pos, tagBytes.length === 0 ? 0 : (draft.tags ?? []).length);
  writeU64(bytes, pos + 8, tagBytes.length);
  pos += 16;
  bytes.set(tagBytes, pos);
  pos += tagBytes.length;
  bytes.set(data, pos);
  return { bytes, sections: locateSections(bytes) };
}

function writeU64(bytes: Uint8Array, offset: number, value: number): void {
  for (let i = 0; i < 8; i++) {
    bytes[offset + i] = value % 256;
    value = Math.floor(value / 256);
  }
}

/** What signing needs of a signer's key that never changes: computed once per public key object. */
interface SignerConstants {
  signatureType: SignatureType;
  /** Deep-hash accumulator after ["dataitem", "1", type, owner]. */
  afterOwner: Uint8Array;
  /** … and after an absent target and anchor (Assignment items have neither). */
  afterNoTargetNoAnchor: Uint8Array;
  /** base64url SHA-256 of the owner. */
  ownerAddress: string;
}

/** Keyed by the signer's `publicKey` object (a signer's key bytes never change). */
const signerConstants = new WeakMap<Uint8Array, SignerConstants>();

function constantsOf(signer: Signer, hashes: CoreHashes): SignerConstants {
  const cached = signerConstants.get(signer.publicKey);
  if (cached !== undefined && cached.signatureType === signer.signatureType) return cached;
  const afterOwner = ownerAccumulator(signer.signatureType, signer.publicKey, hashes.sha384);
  const constants: SignerConstants = {
    signatureType: signer.signatureType,
    afterOwner,
    afterNoTargetNoAnchor: afterAnchor(afterOwner, null, null, hashes.sha384),
    ownerAddress: base64urlEncode(hashes.sha256(signer.publicKey)),
  };
  signerConstants.set(signer.publicKey, constants);
  return constants;
}

/**
 * Encodes and signs a draft synchronously. The signer's key decides the signature type and owner. The
 * result is the decoded item (id, owner address, presented target/anchor, tags, data, raw bytes).
 * The deep hash of the constant fields and the owner, and the owner's address, are computed once per
 * signer key (the node signs every Assignment item with one key).
 */
export function createDataItem(
  draft: DataItemDraft,
  signer: Signer,
  hashes: CoreHashes = nobleHashes,
): DataItem {
  const unsigned = encodeUnsignedDataItem(draft, signer.signatureType, signer.publicKey);
  const constants = constantsOf(signer, hashes);
  const { target, anchor } = unsigned.sections;
  const start =
    target === null && anchor === null
      ? constants.afterNoTargetNoAnchor
      : afterAnchor(constants.afterOwner, target, anchor, hashes.sha384);
  const signature = signer.sign(finishMessage(start, unsigned.sections, hashes.sha384));
  const expected = signatureConfig(signer.signatureType).signatureLength;
  if (signature.length !== expected) {
    throw new AoliteError(
      'INVALID_SIGNATURE',
      `signer returned a ${signature.length}-byte signature; type ${signer.signatureType} needs ${expected}`,
    );
  }
  unsigned.bytes.set(signature, 2);
  // The encoder checked everything decoding would; build the result directly instead of re-parsing.
  const { sections, bytes } = unsigned;
  return {
    id: base64urlEncode(hashes.sha256(sections.signature)),
    signatureType: sections.signatureType,
    signature: sections.signature,
    owner: sections.owner,
    ownerAddress: constants.ownerAddress,
    target: sections.target ? targetToString(sections.target) : null,
    anchor: sections.anchor ? anchorToString(sections.anchor) : null,
    tags: (draft.tags ?? []).map((tag) => ({ name: tag.name, value: tag.value })),
    data: sections.data,
    raw: bytes,
  };
}
