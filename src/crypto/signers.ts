/**
 * Synchronous ANS-104 signers on node:crypto: ed25519 (type 2, the node's own keys) and Arweave RSA-PSS
 * 4096 from a JWK (type 1, what wallets and aoconnect use).
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { createRequire } from 'node:module';
import { base64urlDecode, base64urlEncode } from '../core/base64url.js';
import { AoliteError } from '../core/errors.js';
import type { Signer } from '../core/types.js';

/** An Arweave wallet key file: an RSA private key as JWK. */
export interface ArweaveJwk {
  kty: 'RSA';
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

/** DER prefix of an Ed25519 PKCS#8 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

function address(publicKey: Uint8Array): string {
  return base64urlEncode(createHash('sha256').update(publicKey).digest());
}

/** A fresh random 32-byte ed25519 seed (the private key). */
export function generateEd25519Seed(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/** The two libsodium calls the ed25519 signer uses (sodium-native, an optional dependency). */
interface Sodium {
  crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
}

/** libsodium when sodium-native is installed (it signs ed25519 about twice as fast as node:crypto). */
const sodium: Sodium | undefined = (() => {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return undefined;
  }
})();

/** Which implementation signs ed25519: libsodium (sodium-native, optional) or node:crypto. */
export function ed25519Backend(): 'libsodium' | 'node:crypto' {
  return sodium === undefined ? 'node:crypto' : 'libsodium';
}

/**
 * An ed25519 signer from a 32-byte seed. Ed25519 signatures are deterministic: same message, same bytes,
 * whichever backend signs (libsodium if sodium-native is installed, else node:crypto; see test/signers-
 * backend.test.ts). The node signs every Assignment item with this, so its speed is the scheduler's.
 */
export function createEd25519Signer(seed32: Uint8Array): Signer {
  if (!(seed32 instanceof Uint8Array) || seed32.length !== 32) {
    throw new AoliteError('BAD_REQUEST', `an ed25519 seed must be 32 bytes, got ${seed32?.length ?? 'none'}`);
  }
  const der = new Uint8Array(ED25519_PKCS8_PREFIX.length + 32);
  der.set(ED25519_PKCS8_PREFIX);
  der.set(seed32, ED25519_PKCS8_PREFIX.length);
  const privateKey = createPrivateKey({ key: Buffer.from(der.buffer), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = base64urlDecode(jwk.x!, 'ed25519 public key');
  return {
    signatureType: 2,
    publicKey,
    address: address(publicKey),
    sign: sodium === undefined ? nodeEd25519Sign(privateKey) : sodiumEd25519Sign(sodium, seed32, publicKey),
  };
}

export function nodeEd25519Sign(privateKey: KeyObject): (message: Uint8Array) => Uint8Array {
  return (message) => new Uint8Array(sign(null, message, privateKey));
}

function sodiumEd25519Sign(
  lib: Sodium,
  seed32: Uint8Array,
  publicKey: Uint8Array,
): (message: Uint8Array) => Uint8Array {
  const derivedPublicKey = new Uint8Array(32);
  const secretKey = new Uint8Array(64);
  lib.crypto_sign_seed_keypair(derivedPublicKey, secretKey, Uint8Array.from(seed32));
  if (Buffer.compare(Buffer.from(derivedPublicKey), Buffer.from(publicKey)) !== 0) {
    throw new AoliteError('INTERNAL', 'libsodium and node:crypto derive different ed25519 public keys');
  }
  return (message) => {
    const signature = new Uint8Array(64);
    lib.crypto_sign_detached(signature, message, secretKey);
    return signature;
  };
}

/**
 * An Arweave (type 1) signer from a wallet JWK: RSA-PSS, SHA-256, salt length = the maximum (478 bytes for
 * a 4096-bit key), as arweave-js signs in node. Any PSS salt verifies with auto-detection (crypto/verify).
 */
export function createArweaveSigner(jwk: ArweaveJwk): Signer {
  if (jwk?.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.d !== 'string') {
    throw new AoliteError(
      'BAD_REQUEST',
      'an Arweave key must be an RSA private key in JWK form (kty "RSA", n, d …)',
    );
  }
  const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
  const publicKey = base64urlDecode(jwk.n, 'JWK modulus n');
  if (publicKey.length !== 512) {
    throw new AoliteError(
      'BAD_REQUEST',
      `an Arweave key must be RSA 4096 (512-byte modulus), got ${publicKey.length} bytes`,
    );
  }
  return {
    signatureType: 1,
    publicKey,
    address: address(publicKey),
    sign: (message) =>
      new Uint8Array(
        sign('sha256', message, {
          key: privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
        }),
      ),
  };
}

/** Generates a new Arweave wallet key (RSA 4096, e = 65537). Slow: about a second or more. */
export function generateArweaveJwk(): Promise<ArweaveJwk> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: 4096, publicExponent: 0x10001 },
      (error, _publicKey, privateKey) => {
        if (error) return reject(error);
        resolve(privateKey.export({ format: 'jwk' }) as ArweaveJwk);
      },
    );
  });
}
