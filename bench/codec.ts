/**
 * Hand-run benchmark of the data-item codec (not a test): `npx tsx bench/codec.ts`.
 * Prints items/s for decode, decode+verify of RSA and ed25519 items, and ed25519 signing.
 */
import { readFileSync } from 'node:fs';
import { createDataItem, decodeDataItem } from '../src/core/data-item.js';
import { nobleHashes } from '../src/core/hashes.js';
import type { Tag } from '../src/core/types.js';
import {
  createArweaveSigner,
  createEd25519Signer,
  nodeHashes,
  parseAndVerify,
  signDataItem,
} from '../src/crypto/index.js';

const jwk = JSON.parse(
  readFileSync(new URL('../test/fixtures/arweave-test-key.json', import.meta.url), 'utf8'),
);
const rsa = createArweaveSigner(jwk);
const ed = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => i));
const target = Buffer.alloc(32, 7).toString('base64url');

const messageTags: Tag[] = [
  { name: 'Action', value: 'Transfer' },
  { name: 'Recipient', value: 'Sa0iBLPNyJQrwpTTG-tWLQU-1QeUAJA73DdxGGiKoJc' },
  { name: 'Quantity', value: '1000000000000' },
  { name: 'SDK', value: 'aoconnect' },
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: 'Message' },
];
const assignmentTags: Tag[] = [
  { name: 'Process', value: target },
  { name: 'Epoch', value: '0' },
  { name: 'Nonce', value: '12345' },
  { name: 'Hash-Chain', value: 'qkzSx0ewFHr6I7yT4mVLR2pbXXkC9AgJ4xsh2kP1mHg' },
  { name: 'Block-Height', value: '1000' },
  { name: 'Timestamp', value: '1732000000000' },
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Type', value: 'Assignment' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Message', value: target },
];

function rate(label: string, seconds: number, fn: () => void): void {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < limit) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = n / (Number(elapsed) / 1e9);
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} /s`);
}

const rsaItem = signDataItem(
  { target, anchor: '00000000000000000000000000000001', tags: messageTags, data: 'x'.repeat(200) },
  rsa,
);
const edItem = signDataItem({ target, tags: messageTags, data: 'x'.repeat(200) }, ed);
console.log(
  `RSA item ${rsaItem.raw.length} bytes, ed25519 item ${edItem.raw.length} bytes, node ${process.version}`,
);

rate('decode RSA item (node hashes)', 1, () => decodeDataItem(rsaItem.raw, nodeHashes));
rate('decode RSA item (noble hashes)', 1, () => decodeDataItem(rsaItem.raw, nobleHashes));
rate('parseAndVerify RSA item (same owner, cached key)', 2, () => parseAndVerify(rsaItem.raw));
rate('parseAndVerify ed25519 item', 1, () => parseAndVerify(edItem.raw));
rate('ed25519 signer.sign (48-byte message)', 1, () => ed.sign(rsaItem.signature.subarray(0, 48)));
rate('signDataItem ed25519 assignment (node hashes)', 1, () =>
  signDataItem({ target, tags: assignmentTags, data: '' }, ed),
);
rate('createDataItem ed25519 assignment (noble hashes)', 1, () =>
  createDataItem({ target, tags: assignmentTags, data: '' }, ed),
);
rate('signDataItem RSA message', 1, () => signDataItem({ target, tags: messageTags, data: 'x' }, rsa));
