import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AoliteError } from '../core/errors.js';

/** The node's own ed25519 key, kept as a standard JWK (`kty: OKP, crv: Ed25519`) in its data folder. */
export interface NodeKeyFile {
  kty: 'OKP';
  crv: 'Ed25519';
  /** base64url of the 32-byte private seed */
  d: string;
  /** base64url of the 32-byte public key */
  x: string;
}

export const NODE_KEY_FILE = 'node-key.json';

/**
 * Returns the node's 32-byte ed25519 seed: read from `<dataDir>/node-key.json`, or created there on first
 * start (mode 0600). A damaged key file is an error, never silently replaced: the node's address is part
 * of every assignment it has signed.
 */
export function loadOrCreateNodeKey(dataDir: string): { seed: Uint8Array; created: boolean } {
  const path = join(dataDir, NODE_KEY_FILE);
  if (existsSync(path)) {
    let parsed: Partial<NodeKeyFile>;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<NodeKeyFile>;
    } catch (error) {
      throw new AoliteError('BAD_REQUEST', `node key file ${path} is not valid JSON`, undefined, {
        cause: error,
      });
    }
    const seed = parsed.d ? Buffer.from(parsed.d, 'base64url') : undefined;
    if (parsed.kty !== 'OKP' || parsed.crv !== 'Ed25519' || seed?.length !== 32) {
      throw new AoliteError('BAD_REQUEST', `node key file ${path} is not an Ed25519 JWK with a 32-byte "d"`);
    }
    return { seed: new Uint8Array(seed), created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const file: NodeKeyFile = { kty: 'OKP', crv: 'Ed25519', d: String(jwk.d), x: String(jwk.x) };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { seed: new Uint8Array(Buffer.from(file.d, 'base64url')), created: true };
}
