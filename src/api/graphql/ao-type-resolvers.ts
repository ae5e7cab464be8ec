/** Resolvers of the ao object types: fields read through this request's loaders (no N+1). */
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import { AoliteError } from '../../core/errors.js';
import type { Tag } from '../../core/types.js';
import { tagsOf } from '../../store/read/index.js';
import type { ResultRecord } from '../../store/results.js';
import type { GraphQLContext } from './context.js';
import type { Resolvers } from './generated.js';
import { resultKey } from './loaders.js';
import type { LineageParent, ProcessParent } from './mappers.js';
import {
  itemCursor,
  pageSize,
  parseItemCursor,
  parseProcessCursor,
  parseSlotCursor,
  processCursor,
  resultCursor,
  slotCursor,
} from './paging.js';
import { servicesOf } from './replay-budget.js';

/** Most lineage nodes one `children` field returns. */
export const MAX_LINEAGE_NODES = 500;
export const MAX_LINEAGE_DEPTH = 5;

/** The children walk of one lineage at `depth` (checked), done once per request for both fields. */
function childrenWalk(lineage: LineageParent, depthArg: number | null | undefined, context: GraphQLContext) {
  const depth = depthArg ?? 3;
  if (!Number.isSafeInteger(depth) || depth < 1 || depth > MAX_LINEAGE_DEPTH) {
    throw new AoliteError('BAD_REQUEST', `depth must be between 1 and ${MAX_LINEAGE_DEPTH}, got ${depth}`);
  }
  let walk = lineage.walks.get(depth);
  if (walk === undefined) {
    walk = servicesOf(context).lineage.childrenOf(lineage.item, depth, MAX_LINEAGE_NODES);
    lineage.walks.set(depth, walk);
  }
  return walk;
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

interface DecodedResult {
  Output?: unknown;
  Messages?: unknown[];
  Spawns?: unknown[];
  Assignments?: unknown[];
}
/**
 * Whether this node signed `p`'s Process item: only then do its From-Process and Pushed-For tags say who
 * spawned it (the messenger signs what processes spawn); anyone may write those tags on their own item.
 */
const spawnedHere = (p: ProcessParent, context: GraphQLContext): boolean =>
  p.owner === servicesOf(context).nodeAddress;

const decoded = new WeakMap<ResultRecord, DecodedResult>();
const decode = (row: ResultRecord): DecodedResult => {
  let value = decoded.get(row);
  if (value === undefined) {
    value = JSON.parse(row.result) as DecodedResult;
    decoded.set(row, value);
  }
  return value;
};

async function itemOf(context: GraphQLContext, id: string, what: string) {
  const item = await context.loaders.itemById.load(id);
  if (item === null) throw new AoliteError('INTERNAL', `${what} ${id} is missing from the log`);
  return item;
}

async function statsOf(context: GraphQLContext, process: ProcessParent) {
  const stats = await context.loaders.processStats.load(process.id);
  if (stats === null) throw new AoliteError('INTERNAL', `process ${process.id} has no assignments`);
  return stats;
}

/** `Cron-Interval` tags, each with the `Cron-Tag-*` tags that follow it. */
export function cronsOf(tags: readonly Tag[]): { interval: string; tags: Tag[] }[] {
  const crons: { interval: string; tags: Tag[] }[] = [];
  for (const tag of tags) {
    if (tag.name === 'Cron-Interval') crons.push({ interval: tag.value, tags: [] });
    else if (tag.name.startsWith('Cron-Tag-') && crons.length > 0) {
      crons[crons.length - 1]!.tags.push({ name: tag.name.slice('Cron-Tag-'.length), value: tag.value });
    }
  }
  return crons;
}

export const aoTypeResolvers: Resolvers = {
  JSON: JSONScalar,
  Process: {
    id: (p) => p.id,
    owner: (p) => p.owner,
    module: (p) => p.module,
    scheduler: (p) => p.scheduler,
    tags: async (p, _args, context) => tagsOf(await itemOf(context, p.id, 'process item')),
    spawnMessage: (p, _args, context) => itemOf(context, p.id, 'process item'),
    parent: (p, _args, context) =>
      p.parent !== null && spawnedHere(p, context) ? context.loaders.processById.load(p.parent) : null,
    parentId: (p, _args, context) => (spawnedHere(p, context) ? p.parent : null),
    pushedFor: (p, _args, context) => (spawnedHere(p, context) ? p.pushedFor : null),
    spawnedAt: (p) => p.spawnedAt,
    headSlot: async (p, _args, context) => (await statsOf(context, p)).headSlot,
    evaluatedSlot: async (p, _args, context) => (await statsOf(context, p)).evaluatedSlot,
    blockRange: async (p, _args, context) => {
      const stats = await statsOf(context, p);
      return { min: stats.firstBlock, max: stats.lastBlock };
    },
    messagesIn: (p, args, context) => {
      const query: Parameters<ReturnType<typeof servicesOf>['schedulerReads']['assignmentsPage']>[0] = {
        processId: p.id,
        limit: pageSize(args.first),
      };
      if (args.after) query.fromSlot = parseSlotCursorPlusOne(args.after);
      return servicesOf(context).schedulerReads.assignmentsPage(query);
    },
    messagesOut: (p, args, context) => {
      const { reads } = context;
      const filter = {
        // Sent by the process: signed by this node (a From-Process tag alone is anyone's to write).
        owners: [servicesOf(context).nodeAddress],
        tags: [{ name: 'From-Process', values: [p.id], op: 'EQ' as const, match: 'EXACT' as const }],
      };
      const page: Parameters<typeof reads.findItems>[1] = { limit: pageSize(args.first), direction: 'asc' };
      if (args.after) page.afterSeq = parseItemCursor(args.after);
      return { ...reads.findItems(filter, page), filter };
    },
    children: (p, args, context) => {
      const query: Parameters<ReturnType<typeof servicesOf>['ao']['findProcesses']>[0] = {
        parent: p.id,
        owner: servicesOf(context).nodeAddress,
        limit: pageSize(args.first),
      };
      if (args.after) query.afterSeq = parseProcessCursor(args.after);
      return servicesOf(context).ao.findProcesses(query);
    },
    crons: async (p, _args, context) => cronsOf(tagsOf(await itemOf(context, p.id, 'process item'))),
  },
  ProcessConnection: {
    pageInfo: ({ hasNextPage }) => ({ hasNextPage }),
    edges: ({ processes }) => processes.map((node) => ({ cursor: processCursor(node.itemSeq), node })),
  },
  Slot: {
    process: (a) => a.processId,
    slot: (a) => a.slot,
    messageId: (a) => a.messageId,
    message: (a, _args, context) => itemOf(context, a.messageId, 'message'),
    assignment: (a, _args, context) => itemOf(context, a.assignmentId, 'assignment item'),
    timestamp: (a) => a.timestamp,
    blockHeight: (a) => a.blockHeight,
    epoch: (a) => a.epoch,
    hashChain: (a) => a.hashChain,
    result: (a, _args, { loaders }) => loaders.resultAt.load(resultKey(a.processId, a.slot)),
  },
  SlotConnection: {
    pageInfo: ({ hasNextPage }) => ({ hasNextPage }),
    edges: ({ assignments }) => assignments.map((node) => ({ cursor: slotCursor(node.slot), node })),
  },
  Result: {
    process: (r) => r.processId,
    slot: (r) => r.slot,
    messageId: (r) => r.messageId,
    message: (r, _args, { loaders }) => loaders.itemById.load(r.messageId),
    hash: (r) => r.hash,
    output: (r) => decode(r).Output ?? null,
    messages: (r) => decode(r).Messages ?? [],
    spawns: (r) => decode(r).Spawns ?? [],
    assignments: (r) => decode(r).Assignments ?? [],
    error: (r) => r.error,
    gasUsed: (r) => r.gasUsed,
  },
  ResultConnection: {
    pageInfo: ({ hasNextPage }) => ({ hasNextPage }),
    edges: ({ results }) => results.map((node) => ({ cursor: resultCursor(node.slot), node })),
  },
  Message: {
    id: (m) => m.id,
    item: (m) => m,
    assignments: (m, _args, { loaders }) => loaders.assignmentsOfMessage.load(m.id),
    result: async (m, args, { loaders }) => {
      const assignments = await loaders.assignmentsOfMessage.load(m.id);
      const assignment = args.process
        ? assignments.find((a) => a.processId === args.process)
        : assignments[0];
      if (assignment === undefined) {
        if (!args.process) return null;
        throw new AoliteError('NOT_FOUND', `message ${m.id} is not assigned to process ${args.process}`);
      }
      return loaders.resultAt.load(resultKey(assignment.processId, assignment.slot));
    },
    lineage: (m) => ({ item: m, walks: new Map() }),
  },
  Lineage: {
    rootId: ({ item }, _args, context) => servicesOf(context).lineage.rootOf(item),
    root: ({ item }, _args, context) =>
      context.loaders.itemById.load(servicesOf(context).lineage.rootOf(item)),
    parent: ({ item }, _args, context) => servicesOf(context).lineage.parentOf(item) ?? null,
    children: (lineage, args, context) => childrenWalk(lineage, args.depth, context).edges,
    childrenTruncated: (lineage, args, context) => childrenWalk(lineage, args.depth, context).truncated,
  },
  LineageNode: {
    depth: (n) => n.depth,
    parentId: (n) => n.parentId,
    fromProcess: (n) => n.fromProcess,
    message: (n) => n.message,
  },
  TokenTransfer: {
    kind: (t) => t.kind,
    from: (t) => t.from,
    to: (t) => t.to,
    quantity: (t) => t.quantity,
    notice: (t) => t.notice,
  },
  TokenTransferConnection: {
    pageInfo: ({ hasNextPage }) => ({ hasNextPage }),
    edges: ({ transfers }) => transfers.map((node) => ({ cursor: itemCursor(node.notice.seq), node })),
  },
};

function parseSlotCursorPlusOne(cursor: string): number {
  return parseSlotCursor(cursor) + 1;
}
