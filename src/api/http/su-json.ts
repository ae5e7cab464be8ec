/**
 * The JSON shapes of the scheduler (SU) API, snake_case as the reference SU writes them. An item is
 * `{id, owner:{address,key}, data, tags, signature, anchor, target}`: `data` is the item's data as UTF-8
 * text (what a Lua process sees; exact bytes are at `/raw/{id}`), ids/keys/signatures base64url, and an
 * absent anchor or target is null.
 */
import type { StoredAssignment, StoredItem } from '../../store/types.js';

export interface SuItem {
  id: string;
  owner: { address: string; key: string };
  data: string;
  tags: { name: string; value: string }[];
  signature: string;
  anchor: string | null;
  target: string | null;
}

const b64url = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');

export function suItem(item: StoredItem): SuItem {
  return {
    id: item.id,
    owner: { address: item.ownerAddress, key: b64url(item.owner) },
    data: Buffer.from(item.data.buffer, item.data.byteOffset, item.data.byteLength).toString('utf8'),
    tags: item.tags,
    signature: b64url(item.signature),
    anchor: item.anchor,
    target: item.target,
  };
}

/** The process as `GET /processes/{pid}` returns it (the reference SU's process shape). */
export function suProcess(item: StoredItem, slot0: StoredAssignment | undefined) {
  return {
    process_id: item.id,
    block: slot0 === undefined ? null : String(slot0.blockHeight),
    owner: { address: item.ownerAddress, key: b64url(item.owner) },
    tags: item.tags,
    timestamp: slot0?.timestamp ?? null,
    data: suItem(item).data,
    anchor: item.anchor,
    signature: b64url(item.signature),
  };
}
