/**
 * Local blocks. The node seals a block every `blockIntervalMs` of the injected clock: lazily, when an
 * assignment (or a `sealBlock()` call from the node's timer) arrives at or after latest.timestamp +
 * interval. Height 0 is a genesis block sealed when the scheduler first starts on an empty log. New
 * assignments record the height of the open (not yet sealed) block, latest sealed height + 1, so a block
 * contains exactly the assignments recorded with its height and a message has no block until it is sealed
 * (as on Arweave). A block also holds the items logged since the previous one (`lastItemSeq`): the
 * scheduler seals a due block before it logs an item it schedules, so a message scheduled on arrival is in
 * the block of its assignment; an item logged without an assignment (a reply to a wallet, the node's
 * module) goes into the block open at the time, sealed or not yet due. Gaps in time produce no backlog
 * of empty blocks: one block is sealed per due call.
 *
 * Block id = base64url(SHA-256(u64be(height) ‖ raw previous id (empty for genesis) ‖ u64be(timestamp) ‖
 * raw assignments root)); assignments root = SHA-256 of the concatenated raw ids of the block's
 * Assignment items in assignment order (a flat hash, not a Merkle tree).
 */
import { createHash } from 'node:crypto';
import type { BlockRecord } from '../store/types.js';

function u64be(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

export function assignmentsRoot(assignmentIds: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of assignmentIds) hash.update(Buffer.from(id, 'base64url'));
  return hash.digest('base64url');
}

export function blockId(height: number, previous: string | null, timestamp: number, root: string): string {
  return createHash('sha256')
    .update(u64be(height))
    .update(previous === null ? Buffer.alloc(0) : Buffer.from(previous, 'base64url'))
    .update(u64be(timestamp))
    .update(Buffer.from(root, 'base64url'))
    .digest('base64url');
}

/**
 * The block sealing `assignments` on top of `previous` (null: genesis), and the items logged up to
 * `lastItemSeq` (not part of the block id: the id covers the assignments, as before items had blocks).
 */
export function sealedBlock(
  previous: BlockRecord | null,
  timestamp: number,
  assignments: readonly { assignmentId: string; timestamp: number }[],
  lastItemSeq: number,
): BlockRecord {
  const height = previous === null ? 0 : previous.height + 1;
  let ts = Math.max(timestamp, previous?.timestamp ?? 0);
  for (const a of assignments) ts = Math.max(ts, a.timestamp);
  const root = assignmentsRoot(assignments.map((a) => a.assignmentId));
  const prevId = previous?.id ?? null;
  return {
    height,
    id: blockId(height, prevId, ts, root),
    previous: prevId,
    timestamp: ts,
    assignmentsRoot: root,
    assignmentCount: assignments.length,
    lastItemSeq,
  };
}
