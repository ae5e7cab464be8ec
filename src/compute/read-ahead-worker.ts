/**
 * The read-ahead thread (compute/read-ahead.ts): reads assigned slots from the log on its own read-only
 * connections and plans their messages (compute/slot-plans.ts), so the evaluating thread only pushes them.
 * Every reply is followed by a bump of `signal[0]` and a notify, which is what the evaluating thread
 * waits on; `signal[1]` becomes 1 once this thread is ready.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { createLuaPlanBuilder } from '../runtime/lua-plan.js';
import { slotMessageReaderOn } from '../store/slot-messages.js';
import { packedBuffers, packSlots } from './planned-batch.js';
import type { ReadAheadReply, ReadAheadRequest } from './read-ahead-protocol.js';
import { planSlot } from './slot-plans.js';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
const builder = createLuaPlanBuilder();

interface Connection {
  db: BetterSqlite3.Database;
  read: ReturnType<typeof slotMessageReaderOn>;
  users: number;
}
const connections = new Map<string, Connection>();

function connection(path: string): Connection {
  let open = connections.get(path);
  if (open === undefined) {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    open = { db, read: slotMessageReaderOn(db), users: 0 };
    connections.set(path, open);
  }
  return open;
}

function reply(message: ReadAheadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', (request: ReadAheadRequest) => {
  switch (request.kind) {
    case 'open':
      try {
        connection(request.path).users += 1;
      } catch {
        // reported to the reader that asks for slots of this path
      }
      return;
    case 'close': {
      const open = connections.get(request.path);
      if (open !== undefined && --open.users <= 0) {
        connections.delete(request.path);
        open.db.close();
      }
      return;
    }
    case 'read':
      try {
        const { owner, fromSlot, limit } = request;
        const slots = connection(request.path).read(owner.processId, fromSlot, limit);
        const packed = packSlots(slots.map((slot) => planSlot(builder, request.input, owner, slot)));
        reply({ id: request.id, packed }, packedBuffers(packed));
      } catch (error) {
        reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
      }
  }
});

Atomics.store(signal, 1, 1);
Atomics.notify(signal, 1);
