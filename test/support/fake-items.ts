/**
 * TEST-ONLY stand-ins for the ANS-104 codec while it is not on main: items with deterministic fake
 * "signatures" (SHA-256 of the content, twice), NOT verifiable ANS-104 signatures. The raw bytes are a
 * made-up header followed by the data, so like a real item the data is the tail of `raw`.
 */
import { createHash } from 'node:crypto';
import type { DataItem, DataItemDraft, Signer, Tag } from '../../src/core/types.js';

const sha256 = (...parts: (Uint8Array | string)[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** A fake ed25519-typed signer whose key is derived from `name`; `sign` is a hash, not a signature. */
export function fakeSigner(name: string): Signer {
  const publicKey = sha256('fake-key', name);
  return {
    signatureType: 2,
    publicKey,
    address: sha256(publicKey).toString('base64url'),
    sign: (message) => Buffer.concat([sha256('fake-sig', message), sha256('fake-sig-2', message)]),
  };
}

/** Fabricates a DataItem deterministically from the draft and the signer (same inputs, same id). */
export function fakeCreateItem(draft: DataItemDraft, signer: Signer): DataItem {
  const data = typeof draft.data === 'string' ? Buffer.from(draft.data, 'utf8') : Buffer.from(draft.data);
  const target = draft.target ?? null;
  const anchor = draft.anchor ?? null;
  const header = Buffer.from(JSON.stringify({ target, anchor, tags: draft.tags }), 'utf8');
  const signature = signer.sign(Buffer.concat([Buffer.from(signer.publicKey), header, data]));
  const lengths = Buffer.alloc(8);
  lengths.writeUInt32LE(header.length, 0);
  lengths.writeUInt32LE(data.length, 4);
  const raw = Buffer.concat([
    Buffer.from([signer.signatureType, 0]),
    signature,
    signer.publicKey,
    lengths,
    header,
    data,
  ]);
  return {
    id: sha256(signature).toString('base64url'),
    signatureType: signer.signatureType,
    signature,
    owner: signer.publicKey,
    ownerAddress: signer.address,
    target,
    anchor,
    tags: draft.tags.map((t) => ({ ...t })),
    data,
    raw,
  };
}

const aoTags = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

export function fakeModuleItem(signer: Signer, extra: Tag[] = []): DataItem {
  return fakeCreateItem(
    {
      tags: [
        ...aoTags('Module'),
        { name: 'Module-Format', value: 'wasm64-unknown-emscripten-draft_2024_02_15' },
        { name: 'Input-Encoding', value: 'JSON-V1' },
        { name: 'Output-Encoding', value: 'JSON-V1' },
        ...extra,
      ],
      data: 'module',
    },
    signer,
  );
}

export function fakeProcessItem(
  signer: Signer,
  opts: { module: string; scheduler: string; name?: string; extra?: Tag[] },
): DataItem {
  return fakeCreateItem(
    {
      tags: [
        ...aoTags('Process'),
        { name: 'Module', value: opts.module },
        { name: 'Scheduler', value: opts.scheduler },
        { name: 'Name', value: opts.name ?? 'test-process' },
        ...(opts.extra ?? []),
      ],
      data: '',
    },
    signer,
  );
}

export function fakeMessageItem(
  signer: Signer,
  target: string,
  nonce: number | string,
  extra: Tag[] = [],
): DataItem {
  return fakeCreateItem(
    {
      target,
      tags: [
        ...aoTags('Message'),
        { name: 'Action', value: 'Ping' },
        { name: 'Nonce-Of-Test', value: String(nonce) },
        ...extra,
      ],
      data: `message ${nonce}`,
    },
    signer,
  );
}
