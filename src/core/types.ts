/** Plain data shapes shared by every unit. No behaviour here. */

export interface Tag {
  name: string;
  value: string;
}

/** ANS-104 signature types aolite accepts. 1 = Arweave RSA-PSS 4096, 2 = ed25519. */
export type SignatureType = 1 | 2;

/** A decoded, verified ANS-104 data item. Binary fields are raw bytes; ids and addresses base64url. */
export interface DataItem {
  /** base64url(SHA-256(signature)) */
  id: string;
  signatureType: SignatureType;
  signature: Uint8Array;
  /** The owner's public key (RSA modulus or ed25519 key). */
  owner: Uint8Array;
  /** base64url(SHA-256(owner)) */
  ownerAddress: string;
  /** base64url of the 32-byte target, or null. */
  target: string | null;
  /** The 32-byte anchor as presented by core/item-fields (UTF-8 text, else base64url), or null. */
  anchor: string | null;
  tags: Tag[];
  data: Uint8Array;
  /** The whole encoded item, exactly as signed and received. */
  raw: Uint8Array;
}

/** What a caller supplies to create and sign a new data item. */
export interface DataItemDraft {
  /** base64url of 32 bytes (a process or wallet id). */
  target?: string | null;
  /** 32 bytes of UTF-8 text (e.g. "00000000000000000000000000000001"), or base64url of 32 bytes. */
  anchor?: string | null;
  tags: Tag[];
  data: Uint8Array | string;
}

/**
 * A key that can sign ANS-104 items. Implementations live outside core (they need node:crypto).
 * Signing is synchronous on purpose: the scheduler signs an assignment inside one SQLite write
 * transaction (better-sqlite3 transactions are synchronous), and node:crypto signs synchronously.
 */
export interface Signer {
  signatureType: SignatureType;
  /** Raw public key bytes as carried in the item's owner field. */
  publicKey: Uint8Array;
  /** base64url(SHA-256(publicKey)) */
  address: string;
  sign(message: Uint8Array): Uint8Array;
}
