/**
 * The read-ahead thread (compute/read-ahead.ts): reads assigned slots from the log on read-only
 * connections (one per reader) and plans their messages (compute/slot-plans.ts), so the evaluating
 * thread only pushes them. Every reply is followed by a bump of the replies counter and a notify, which
 * is what the evaluating thread waits on.
 */
import process from 'node:process';
import { type MessagePort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { createLuaPlanBuilder } from '../runtime/lua-plan.js';
import { type SlotMessageReader, slotMessageReaderOn } from '../store/slot-messages.js';
import { packedBuffers, packSlots } from './planned-batch.js';
import {
  type ReadAheadReply,
  type ReadAheadRequest,
  SIGNAL_EXITED,
  SIGNAL_READY,
  SIGNAL_REPLIES,
} from './read-ahead-protocol.js';
import { planSlot } from './slot-plans.js';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
const builder = createLuaPlanBuilder();

interface Connection {
  db: BetterSqlite3.Database;
  read: SlotMessageReader;
}
/** Per reader: its connection, or why it could not be opened. */
const connections = new Map<number, Connection | Error>();

function open(path: string): Connection | Error {
  try {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return { db, read: slotMessageReaderOn(db) };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function reply(message: ReadAheadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, SIGNAL_REPLIES, 1);
  Atomics.notify(signal, SIGNAL_REPLIES);
}

port.on('message', (request: ReadAheadRequest) => {
  switch (request.kind) {
    case 'open':
      connections.set(request.reader, open(request.path));
      return;
    case 'close': {
      const connection = connections.get(request.reader);
      connections.delete(request.reader);
      if (connection !== undefined && !(connection instanceof Error)) connection.db.close();
      return;
    }
    case 'read':
      try {
        const connection = connections.get(request.reader);
        if (connection === undefined) throw new Error(`read-ahead reader ${request.reader} is not open`);
        if (connection instanceof Error) throw connection;
        const { owner, fromSlot, limit } = request;
        const slots = connection.read(owner.processId, fromSlot, limit);
        const packed = packSlots(slots.map((slot) => planSlot(builder, request.input, owner, slot)));
        reply({ id: request.id, packed }, packedBuffers(packed));
      } catch (error) {
        reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
      }
  }
});

// Waiting readers learn at once that no reply will come (they cannot see the exit event while they wait).
process.on('exit', () => {
  Atomics.store(signal, SIGNAL_EXITED, 1);
  Atomics.add(signal, SIGNAL_REPLIES, 1);
  Atomics.notify(signal, SIGNAL_REPLIES);
});

Atomics.store(signal, SIGNAL_READY, 1);
