import { AoliteError, type ErrorCode, isAoliteError } from '../core/errors.js';
import { tagValue } from '../core/tags.js';
import type { DataItem, DataItemDraft, Signer, Tag } from '../core/types.js';
import type { EvalResult } from '../runtime/types.js';
import type { CreateItem, Scheduler } from '../scheduler/index.js';
import type { DeliveryKind, DeliveryRecord, DeliveryStore } from '../store/deliveries.js';
import type { Store } from '../store/types.js';
import { messageDraft, type OutboxSource, spawnDraft, spawnedNoticeDraft } from './outbox-items.js';
import type { MessengerLimits } from './types.js';

/**
 * Errors that say the entry itself cannot be delivered: recorded as a refusal for good. Anything else
 * (a busy or closed database, a slot CONFLICT with another writer, an internal error) rolls the whole
 * batch back so it is retried.
 */
const refusals = new Set<ErrorCode>([
  'BAD_REQUEST',
  'MISSING_TAG',
  'NOT_FOUND',
  'DUPLICATE',
  'LIMIT_EXCEEDED',
  'WRONG_SCHEDULER',
  'INVALID_DATA_ITEM',
]);

export interface DeliverContext {
  store: Store;
  scheduler: Scheduler;
  signer: Signer;
  createItem: CreateItem;
  deliveries: DeliveryStore;
  checkSpawn?: (item: DataItem, module: string) => void;
  limits: MessengerLimits;
  /** Deliveries recorded per root so far (a cache over `deliveries.countForRoot`). */
  countForRoot(root: string): number;
  /** Whether `id` is a process here (a cache over `store.getProcess`: processes are never removed). */
  isProcess(id: string): boolean;
  onRecorded(record: DeliveryRecord): void;
}

/** Where a source slot's message stands in its chain. */
export interface ChainPosition {
  /** The user message (or cron tick) at the root of the chain. */
  root: string;
  /** Pushes since the root: 0 for the root itself. */
  depth: number;
}

/** An evaluated slot whose outbox is to be delivered. */
export interface SourceSlot {
  processId: string;
  moduleId: string;
  slot: number;
  /** The message evaluated at the slot. */
  messageId: string;
  /** The chain of that message (`chainPosition`). */
  chain: ChainPosition;
  result: EvalResult;
}

/**
 * Delivers every outbox entry of one evaluated slot, in outbox order (Messages, then Spawns with their
 * Spawned notices, then Assignments). Call inside a store transaction: each entry runs in its own
 * savepoint together with its delivery row, and an entry that cannot be delivered leaves only a `refused`
 * row naming the reason. Everything signed here is a pure function of stored data and the node key
 * (ed25519 is deterministic), so redoing a slot after a crash produces the same ids.
 */
export function deliverSlot(ctx: DeliverContext, source: SourceSlot): void {
  const { store, scheduler, deliveries } = ctx;
  const root = source.chain.root;
  const depth = source.chain.depth + 1;
  const outbox: OutboxSource = { processId: source.processId, moduleId: source.moduleId, pushedFor: root };
  const at = (list: string, index: number) => `slot ${source.slot} of ${source.processId}: ${list}[${index}]`;
  const lists: Record<DeliveryKind, string> = {
    message: 'Messages',
    spawn: 'Spawns',
    spawned: 'Spawns',
    assign: 'Assignments',
  };

  /** Rows written inside the running savepoint: reported only once it commits. */
  let staged: DeliveryRecord[] = [];
  const record = (kind: DeliveryKind, outboxIndex: number, part: number, fields: Partial<DeliveryRecord>) => {
    const row: DeliveryRecord = {
      sourceProcess: source.processId,
      slot: source.slot,
      kind,
      outboxIndex,
      part,
      messageId: null,
      target: null,
      status: 'refused',
      error: null,
      root,
      depth,
      ...fields,
    };
    deliveries.insert(row);
    staged.push(row);
  };
  const report = () => {
    for (const row of staged) ctx.onRecorded(row);
    staged = [];
  };

  /** Records a refusal for an AoliteError with a refusal code; anything else propagates. */
  const refuse = (kind: DeliveryKind, index: number, part: number, error: unknown) => {
    staged = [];
    if (!isAoliteError(error) || !refusals.has(error.code)) throw error;
    const where = at(lists[kind], index);
    record(kind, index, part, {
      error: error.message.startsWith(where) ? error.message : `${where}: ${error.message}`,
    });
  };

  const checkLimits = () => {
    const limit = limitReason(ctx, root, depth);
    if (limit !== undefined) throw new AoliteError('LIMIT_EXCEEDED', limit);
  };

  /** Runs one entry in a savepoint; an AoliteError becomes a refused row, anything else propagates. */
  const attempt = (kind: DeliveryKind, index: number, part: number, deliver: () => void) => {
    try {
      checkLimits();
      store.transaction(deliver);
    } catch (error) {
      refuse(kind, index, part, error);
    }
    report();
  };

  const sign = (draft: DataItemDraft) => ctx.createItem(draft, ctx.signer);

  source.result.Messages.forEach((entry, index) => {
    // The common case needs no savepoint of its own: signing writes nothing, and scheduling is one
    // savepoint in the scheduler, so a refusal from either leaves nothing behind. The row is written after
    // the try, so a failure to write it rolls the whole batch back instead of becoming a refusal.
    let item: DataItem;
    let local = false;
    try {
      checkLimits();
      item = sign(messageDraft(entry, outbox, at('Messages', index)));
      local = ctx.isProcess(item.target ?? '');
      if (local) scheduler.schedule(item);
      else {
        // A reply to a wallet (or any address that is no process here): logged, readable, not assigned.
        const stored = item;
        store.transaction(() => store.insertItem(stored, scheduler.now().timestamp));
      }
    } catch (error) {
      refuse('message', index, 0, error);
      report();
      return;
    }
    record('message', index, 0, {
      messageId: item.id,
      target: item.target ?? '',
      status: local ? 'assigned' : 'stored',
    });
    report();
  });

  source.result.Spawns.forEach((entry, index) => {
    attempt('spawn', index, 0, () => {
      const draft = spawnDraft(entry, { ...outbox, nodeAddress: scheduler.address }, at('Spawns', index));
      const item = sign(draft);
      const module = tagValue(item.tags, 'Module');
      if (!module)
        throw new AoliteError('MISSING_TAG', `${at('Spawns', index)}: the spawn has no Module tag`);
      ctx.checkSpawn?.(item, module);
      scheduler.schedule(item);
      record('spawn', index, 0, { messageId: item.id, target: item.id, status: 'assigned' });
      const notice = sign(spawnedNoticeDraft(draft, item.id, source.processId, root));
      scheduler.schedule(notice);
      record('spawned', index, 0, { messageId: notice.id, target: source.processId, status: 'assigned' });
    });
  });

  source.result.Assignments.forEach((entry, index) => {
    const processes: unknown = entry.Processes;
    const message: unknown = entry.Message;
    if (!Array.isArray(processes) || typeof message !== 'string' || message === '') {
      record('assign', index, 0, {
        error: `${at('Assignments', index)}: an assignment needs Processes (a list of ids) and Message (an id)`,
      });
      report();
      return;
    }
    processes.forEach((processId: unknown, part) => {
      attempt('assign', index, part, () => {
        if (typeof processId !== 'string' || processId === '') {
          throw new AoliteError(
            'BAD_REQUEST',
            `${at('Assignments', index)}: Processes[${part}] is not an id`,
          );
        }
        scheduler.assign({ processId, messageId: message });
        record('assign', index, part, { messageId: message, target: processId, status: 'assigned' });
      });
    });
  });
}

/**
 * The root of a message's chain: its `Pushed-For` when this node pushed it (only the node's own items are
 * believed, so nobody can charge their messages to another chain or forge lineage), else the message.
 */
export function rootOf(
  head: { ownerAddress: string; tags: readonly Tag[] } | undefined,
  messageId: string,
  nodeAddress: string,
): string {
  if (head === undefined || head.ownerAddress !== nodeAddress) return messageId;
  return tagValue(head.tags, 'Pushed-For') || messageId;
}

/**
 * Root and depth of the message evaluated at a source slot, from stored data. Only the node's own items can
 * have been pushed, so a message signed by anyone else is the root of its chain, at depth 0.
 */
export function chainPosition(
  deliveries: DeliveryStore,
  messageId: string,
  nodeAddress: string,
): ChainPosition {
  const head = deliveries.itemHead(messageId);
  if (head === undefined || head.ownerAddress !== nodeAddress) return { root: messageId, depth: 0 };
  return { root: rootOf(head, messageId, nodeAddress), depth: deliveries.pushed(messageId)?.depth ?? 0 };
}

function limitReason(ctx: DeliverContext, root: string, depth: number): string | undefined {
  const { maxChainDepth, maxChainMessages } = ctx.limits;
  if (depth > maxChainDepth) {
    return `the chain of ${root} is ${depth} pushes deep, past maxChainDepth ${maxChainDepth} (a message loop?)`;
  }
  const count = ctx.countForRoot(root);
  if (count >= maxChainMessages) {
    return `the chain of ${root} has ${count} deliveries, reaching maxChainMessages ${maxChainMessages} (a message loop?)`;
  }
  return undefined;
}
