/**
 * Builds the GraphQL benchmark's log (gateway-log-spec.ts) with bulk inserts instead of the scheduler:
 * worker threads sign the items, this thread writes the rows the scheduler would write, in the same order
 * (so every seq and rowid is the same), in one transaction per range. Secondary indexes of the big tables
 * are dropped for the load and re-created from their own SQL afterwards, and the tag index rows are made
 * from `data_items.tags` by SQLite itself; the result is the same database content as
 * gateway-log-scheduler.ts writes (test/bench-gateway-log.test.ts compares every table).
 */
import { renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { sealedBlock } from '../../src/scheduler/blocks.js';
import { openStore } from '../../src/store/index.js';
import { processRecordFromItem } from '../../src/store/records.js';
import type { BlockRecord, ProcessRecord } from '../../src/store/types.js';
import {
  type AssignmentRow,
  createPacker,
  type ItemRow,
  type MessageRows,
  makeSpawns,
} from './gateway-log-items.js';
import { batchCount, batchOf, batchTime, type GatewayLogSpec } from './gateway-log-spec.js';
import type { RangeReply, RangeRequest, WorkerJob } from './gateway-log-worker.js';

/** Tables whose secondary indexes are dropped during the load. */
const bulkTables = ['data_items', 'tags', 'assignments'];

export interface BulkOptions {
  /** Signing threads (default: the machine's parallelism). */
  workers?: number;
  log?: (message: string) => void;
  /** Messages per request to a worker and per transaction (default 10,000). */
  rangeSize?: number;
}

function startWorker(job: WorkerJob): Worker {
  return new Worker(new URL('../../src/compute/ts-worker.mjs', import.meta.url), {
    workerData: { module: new URL('./gateway-log-worker.ts', import.meta.url).href, ...job },
  });
}

/** One worker: ranges are asked for and answered in order. */
interface Signing {
  ask(request: RangeRequest): void;
  next(): Promise<RangeReply>;
  close(): Promise<number>;
}

function signing(worker: Worker): Signing {
  const queue: RangeReply[] = [];
  const waiting: Array<{ resolve: (r: RangeReply) => void; reject: (e: Error) => void }> = [];
  let failure: Error | undefined;
  let closing = false;
  worker.on('message', (reply: RangeReply) => {
    const w = waiting.shift();
    if (w) w.resolve(reply);
    else queue.push(reply);
  });
  const fail = (error: Error) => {
    failure ??= error;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`gateway log worker exited (code ${code})`));
  });
  return {
    ask: (request) => worker.postMessage(request),
    next: () => {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: () => {
      closing = true;
      return worker.terminate();
    },
  };
}

interface Merged {
  index: number;
  rows: MessageRows;
  bytes: Uint8Array;
}

/** The workers' rows of one range in message order. */
function mergeByIndex(parts: readonly RangeReply[]): Merged[] {
  const out: Merged[] = [];
  for (const part of parts)
    for (const rows of part.rows) out.push({ index: rows.index, rows, bytes: part.bytes });
  return out.sort((a, b) => a.index - b.index);
}

/** Prepared inserts matching the store's own (src/store/statements.ts, open.ts). */
export function createBulkWriter(db: BetterSqlite3.Database) {
  const insertItem = db.prepare(
    `INSERT INTO data_items (id, signature_type, signature, owner, owner_address, target, anchor, tags,
      data_size, content_type, raw, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertProcess = db.prepare(
    `INSERT INTO processes (id, item_seq, owner, module, scheduler, parent, pushed_for, spawned_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAssignment = db.prepare(
    `INSERT INTO assignments (process_id, slot, message_id, assignment_id, timestamp, block_height, epoch,
      hash_chain) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  const insertBlock = db.prepare(
    `INSERT INTO blocks (height, id, previous, timestamp, assignments_root, assignment_count, last_item_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // Tag index rows in (seq, position) order: the order the store inserts them, item by item.
  const insertTags = db.prepare(
    `INSERT INTO tags (item_seq, position, name, value)
     SELECT d.seq, j.key, json_extract(j.value, '$.name'), json_extract(j.value, '$.value')
     FROM data_items d, json_each(d.tags) j WHERE d.seq >= ? ORDER BY d.seq, j.key`,
  );
  let seq = 0;
  let latest: BlockRecord | null = null;
  let open: Array<{ assignmentId: string; timestamp: number }> = [];
  const view = (bytes: Uint8Array, start: number, end: number) =>
    Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  const block = (timestamp: number) => {
    // Sealed before the next block's items are written: the items so far are this block's.
    const sealed = sealedBlock(latest, timestamp, open, seq);
    insertBlock.run(
      sealed.height,
      sealed.id,
      sealed.previous,
      sealed.timestamp,
      sealed.assignmentsRoot,
      sealed.assignmentCount,
      sealed.lastItemSeq,
    );
    latest = sealed;
    open = [];
  };
  return {
    nextSeq: () => seq + 1,
    item(row: ItemRow, bytes: Uint8Array): number {
      seq = Number(
        insertItem.run(
          row.id,
          row.signatureType,
          view(bytes, row.signatureStart, row.signatureEnd),
          view(bytes, row.ownerStart, row.ownerEnd),
          row.ownerAddress,
          row.target,
          row.anchor,
          row.tagsJson,
          row.dataSize,
          row.contentType,
          view(bytes, row.rawStart, row.rawEnd),
          row.ingestedAt,
        ).lastInsertRowid,
      );
      return seq;
    },
    process(p: ProcessRecord) {
      insertProcess.run(p.id, p.itemSeq, p.owner, p.module, p.scheduler, p.parent, p.pushedFor, p.spawnedAt);
    },
    assignment(a: AssignmentRow) {
      insertAssignment.run(
        a.processId,
        a.slot,
        a.messageId,
        a.assignmentId,
        a.timestamp,
        a.blockHeight,
        a.hashChain,
      );
      open.push({ assignmentId: a.assignmentId, timestamp: a.timestamp });
    },
    tagsFrom(firstSeq: number) {
      insertTags.run(firstSeq);
    },
    /** Seals the open block at `timestamp` (the first call makes the genesis block). */
    seal: block,
  };
}

export async function bulkBuildGatewayLog(
  path: string,
  spec: GatewayLogSpec,
  options: BulkOptions = {},
): Promise<void> {
  const log = options.log ?? (() => {});
  const rangeSize = options.rangeSize ?? 10_000;
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  openStore({ path: partial }).close(); // the schema and migration bookkeeping, exactly as the node makes them
  const db = new BetterSqlite3(partial);
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), spec.processes));
  const workers = Array.from({ length: count }, (_, worker) =>
    signing(startWorker({ spec, worker, workers: count })),
  );
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -262144');
    const indexes = db
      .prepare<string[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN (${bulkTables.map(() => '?').join(', ')}) ORDER BY name`,
      )
      .all(...bulkTables);
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    const writer = createBulkWriter(db);
    const started = performance.now();
    const cpuStart = process.cpuUsage();

    // Batch 0: the genesis block and the spawns, in block 1.
    writer.seal(spec.startTime);
    const spawns = makeSpawns(spec);
    const packer = createPacker();
    db.transaction(() => {
      spawns.processes.forEach((item, p) => {
        const row = packer.add(item, spec.startTime);
        const asg = spawns.assignments[p]!;
        const asgRow = packer.add(asg.item, spec.startTime);
        const bytes = packer.take();
        const seq = writer.item(row, bytes);
        const record = processRecordFromItem(item, seq, spec.startTime);
        writer.process(record);
        writer.item(asgRow, bytes);
        writer.assignment(asg.row);
      });
      writer.tagsFrom(1);
    })();

    // The messages, a range at a time; each worker signs the ones whose process it owns.
    const ask = (from: number) => {
      const request: RangeRequest = { from, to: Math.min(from + rangeSize, spec.messages) };
      for (const w of workers) w.ask(request);
    };
    const lookahead = 3; // ranges asked ahead, so the workers never wait for this thread
    for (let k = 0; k < lookahead; k++) if (k * rangeSize < spec.messages) ask(k * rangeSize);
    let openHeight = 1; // the spawns' block; batch b goes into block b + 1
    for (let from = 0; from < spec.messages; from += rangeSize) {
      const parts = await Promise.all(workers.map((w) => w.next()));
      if (from + lookahead * rangeSize < spec.messages) ask(from + lookahead * rangeSize);
      const merged = mergeByIndex(parts);
      const firstSeq = writer.nextSeq();
      db.transaction(() => {
        for (const { rows, bytes, index } of merged) {
          const height = batchOf(spec, index) + 1;
          if (height !== openHeight) {
            writer.seal(batchTime(spec, openHeight));
            openHeight = height;
          }
          writer.item(rows.message, bytes);
          writer.item(rows.assignmentItem, bytes);
          writer.assignment(rows.assignment);
        }
        writer.tagsFrom(firstSeq);
      })();
      const done = Math.min(from + rangeSize, spec.messages);
      if (done % 100_000 === 0 || done === spec.messages) {
        const seconds = (performance.now() - started) / 1000;
        log(`bulk: ${done} messages in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} msg/s)`);
      }
    }
    writer.seal(batchTime(spec, batchCount(spec) + 1));
    const indexed = performance.now();
    log(`bulk: rebuilding ${indexes.length} indexes`);
    for (const { sql } of indexes) db.exec(sql);
    const cpu = process.cpuUsage(cpuStart);
    log(
      `bulk: indexes rebuilt in ${((performance.now() - indexed) / 1000).toFixed(1)} s; ` +
        `${((cpu.user + cpu.system) / 1e6).toFixed(0)} CPU-seconds in all threads`,
    );
    db.pragma('journal_mode = WAL');
  } catch (error) {
    await Promise.all(workers.map((w) => w.close()));
    db.close();
    rmSync(partial, { force: true }); // a half-built log can be gigabytes
    throw error;
  }
  await Promise.all(workers.map((w) => w.close()));
  db.close();
  openStore({ path: partial }).close(); // back in WAL mode, migrations already current
  renameSync(partial, path);
}
