/** The data-item codec: decode, decode + verify (RSA and ed25519), and signing. */
import { decodeDataItem } from '../src/core/data-item.js';
import type { Tag } from '../src/core/types.js';
import { nodeHashes, parseAndVerify, signDataItem } from '../src/crypto/index.js';
import { aoTags, edSigner, rsaSigner, transferTags } from './lib/fixtures.js';
import { createSamples, ratePerSecond } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';

const target = Buffer.alloc(32, 7).toString('base64url');
const assignmentTags: Tag[] = [
  { name: 'Process', value: target },
  { name: 'Epoch', value: '0' },
  { name: 'Nonce', value: '12345' },
  { name: 'Hash-Chain', value: 'qkzSx0ewFHr6I7yT4mVLR2pbXXkC9AgJ4xsh2kP1mHg' },
  { name: 'Block-Height', value: '1000' },
  { name: 'Timestamp', value: '1732000000000' },
  ...aoTags('Assignment'),
  { name: 'Message', value: target },
];

export const codecBenchmark: Benchmark = {
  name: 'codec',
  summary: 'ANS-104 data items: decode, verify, sign',
  sizes: { ms: { full: 500, quick: 150, help: 'milliseconds each figure is timed per run' } },
  figures: [
    {
      id: 'codec.decode-rsa',
      label: 'decode an RSA-signed message item (no verify)',
      unit: 'items/s',
      better: 'higher',
    },
    {
      id: 'codec.verify-rsa',
      label: 'decode + verify an RSA-4096 message item (parseAndVerify, one core)',
      unit: 'items/s',
      better: 'higher',
      note: 'Signature check only; the "verify ≥ 25,000 msg/s" goal is the compute unit’s replay verification (below).',
    },
    {
      id: 'codec.verify-ed25519',
      label: 'decode + verify an ed25519 message item',
      unit: 'items/s',
      better: 'higher',
    },
    {
      id: 'codec.sign-assignment',
      label: 'sign an ed25519 Assignment item',
      unit: 'items/s',
      better: 'higher',
    },
    { id: 'codec.sign-rsa', label: 'sign an RSA-4096 message item', unit: 'items/s', better: 'higher' },
  ],
  async run(ctx) {
    const rsa = rsaSigner();
    const ed = edSigner();
    const draft = {
      target,
      anchor: '00000000000000000000000000000001',
      tags: transferTags('1000'),
      data: 'x'.repeat(200),
    };
    const rsaItem = signDataItem(draft, rsa);
    const edItem = signDataItem(draft, ed);
    const seconds = ctx.sizes.ms! / 1000;
    const samples = createSamples();
    for (let run = 0; run < ctx.runs; run++) {
      samples.add(
        'codec.decode-rsa',
        ratePerSecond(() => decodeDataItem(rsaItem.raw, nodeHashes), seconds),
      );
      samples.add(
        'codec.verify-rsa',
        ratePerSecond(() => parseAndVerify(rsaItem.raw), seconds),
      );
      samples.add(
        'codec.verify-ed25519',
        ratePerSecond(() => parseAndVerify(edItem.raw), seconds),
      );
      samples.add(
        'codec.sign-assignment',
        ratePerSecond(() => signDataItem({ target, tags: assignmentTags, data: '' }, ed), seconds),
      );
      samples.add(
        'codec.sign-rsa',
        ratePerSecond(() => signDataItem(draft, rsa), seconds, 3),
      );
    }
    return { samples: samples.result() };
  },
};
