/**
 * The result writer's thread (compute/result-writer.ts): turns raw evaluated slots into result rows
 * (decode, canonical encoding, hash: compute/evaluate.ts `resultRecords`, the code the evaluating thread
 * would run) and appends them on its own read-write connection, one transaction per batch, answering each
 * batch once it is committed or refused.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { isAoliteError } from '../core/errors.js';
import { runQuery } from '../store/query.js';
import { type ResultStore, resultStoreOn } from '../store/results.js';
import { resultRecords } from './evaluate.js';
import type { ResultWriterReply, ResultWriterRequest } from './result-writer-protocol.js';

const { port } = workerData as { port: MessagePort };

interface Connection {
  db: BetterSqlite3.Database;
  results: ResultStore;
}
/** Per writer: its connection, or why it could not be opened. */
const connections = new Map<number, Connection | Error>();

function open(request: Extract<ResultWriterRequest, { kind: 'open' }>): Connection | Error {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(request.path, { fileMustExist: true });
    // The pragmas of the store's own connection (store/open.ts); WAL is a property of the file.
    db.pragma(`busy_timeout = ${request.busyTimeoutMs}`);
    const mode = db.pragma('journal_mode', { simple: true });
    if (mode !== 'wal') throw new Error(`the database is in journal mode ${String(mode)}, not WAL`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma(`wal_autocheckpoint = ${request.walAutocheckpoint}`);
    const inTransaction = db.transaction((fn: () => unknown) => fn());
    // As the store's own transactions: a busy database is UNAVAILABLE, as inline.
    const transaction = <T>(fn: () => T): T =>
      runQuery('store.transaction', () => inTransaction.immediate(fn) as T);
    return { db, results: resultStoreOn(db, transaction) };
  } catch (error) {
    db?.close();
    return error instanceof Error ? error : new Error(String(error));
  }
}

function failure(id: number, error: unknown): ResultWriterReply {
  if (isAoliteError(error)) return { id, error: error.message, code: error.code };
  return { id, error: error instanceof Error ? error.message : String(error) };
}

port.on('message', (request: ResultWriterRequest) => {
  switch (request.kind) {
    case 'open': {
      const connection = open(request);
      connections.set(request.writer, connection);
      port.postMessage(connection instanceof Error ? failure(request.id, connection) : { id: request.id });
      return;
    }
    case 'close': {
      const connection = connections.get(request.writer);
      connections.delete(request.writer);
      if (connection !== undefined && !(connection instanceof Error)) connection.db.close();
      return;
    }
    case 'store': {
      let reply: ResultWriterReply;
      try {
        const connection = connections.get(request.writer);
        if (connection === undefined) throw new Error(`result writer ${request.writer} is not open`);
        if (connection instanceof Error) throw connection;
        connection.results.append(request.processId, resultRecords(request.processId, request.slots));
        reply = { id: request.id };
      } catch (error) {
        reply = failure(request.id, error);
      }
      port.postMessage(reply);
    }
  }
});
