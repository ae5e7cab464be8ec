/**
 * The ceiling this machine puts on HTTP ingest, whatever the node does behind its front door: the same
 * clients as the ingest benchmark against a bare node:http server that does only part of an MU's
 * irreducible work per post and stores nothing.
 *
 * - `http`: reads the body and answers 202 with a JSON assignment (the HTTP exchange alone);
 * - `verify`: also decodes the item and verifies its RSA signature on the node's verify pool (as the node);
 * - `verify+sign`: also makes one ed25519 signature, the one an SU makes for each Assignment item.
 *
 * No log, no slot, no hash chain, no evaluation: the node's real figure can only be lower.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEd25519Signer, createVerifyPool, type VerifyPool } from '../../src/crypto/index.js';
import { defaultVerifyThreads } from '../../src/node.js';
import { NODE_SEED } from './rsa-pool-items.js';

export type CeilingMode = 'http' | 'verify' | 'verify+sign';

export interface CeilingServer {
  url: string;
  close(): Promise<void>;
}

const PLACEHOLDER_ID = 'x'.repeat(43);

async function answer(
  mode: CeilingMode,
  raw: Uint8Array,
  pool: VerifyPool,
  sign: (m: Uint8Array) => Uint8Array,
) {
  if (mode === 'http') return PLACEHOLDER_ID;
  const item = await pool.parseAndVerify(raw);
  if (mode === 'verify+sign') sign(item.signature.subarray(0, 48));
  return item.id;
}

/** Listens on 127.0.0.1 (an ephemeral port) until closed. */
export async function startCeilingServer(mode: CeilingMode): Promise<CeilingServer> {
  const pool = createVerifyPool({ threads: Math.max(1, defaultVerifyThreads()) });
  const signer = createEd25519Signer(NODE_SEED);
  let slot = 0;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const raw = new Uint8Array(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      answer(mode, raw, pool, signer.sign).then(
        (id) => {
          const body = JSON.stringify({ id, slot: ++slot, timestamp: Date.now() });
          res.writeHead(202, {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(400, { 'Content-Type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
