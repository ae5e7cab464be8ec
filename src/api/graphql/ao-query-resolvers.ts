/** Thin resolvers of the ao queries (Query and Subscription fields): arguments in, unit calls out. */
import { checkVerifiableSlot, type VerifyReport as VerifyOutcome } from '../../compute/verify.js';
import { AoliteError } from '../../core/errors.js';
import { diffJson } from '../../core/json-diff.js';
import type { TagCondition } from '../../store/read/index.js';
import type { ResultRecord } from '../../store/results.js';
import type { StoredAssignment } from '../../store/types.js';
import type { GraphQLContext } from './context.js';
import type { QueryResolvers, SubscriptionResolvers, VerifyReport } from './generated.js';
import {
  pageSize,
  parseItemCursor,
  parseProcessCursor,
  parseResultCursor,
  parseSlotCursor,
} from './paging.js';
import { checkReplaySpan, servicesOf, slotArg, spendReplayField } from './replay-budget.js';
import { tokenTransferOf } from './token-notices.js';

const MAX_DIFF_CHANGES = 1000;

const eq = (name: string, values: string[]): TagCondition => ({ name, values, op: 'EQ', match: 'EXACT' });
const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
/** A state read whose path leads nowhere at that slot (nil, or a part that is not a table). */
const isMissingPath = (error: unknown): boolean =>
  error instanceof AoliteError && error.code === 'NOT_FOUND' && error.details?.missing === true;

/** The process and where it stands; NOT_FOUND naming it otherwise. */
async function standing(context: GraphQLContext, processId: string) {
  const stats = await context.loaders.processStats.load(processId);
  if (stats === null)
    throw new AoliteError('NOT_FOUND', `${processId} is not a process scheduled by this node`);
  return stats;
}

/** State after `slot` (default: the last evaluated slot), within the replay span bound. */
async function boundedState(
  context: GraphQLContext,
  field: string,
  processId: string,
  path: string,
  slot: number | undefined,
) {
  const services = servicesOf(context);
  const stats = await standing(context, processId);
  if (slot !== undefined && slot > stats.headSlot) {
    throw new AoliteError(
      'NOT_FOUND',
      `process ${processId} has no slot ${slot} (its latest is ${stats.headSlot})`,
    );
  }
  if (slot !== undefined) checkReplaySpan(context, field, processId, slot, stats.evaluatedSlot);
  return services.state(processId, path, slot);
}

function verifyReport(outcome: VerifyOutcome): VerifyReport {
  const start = outcome.start.kind === 'genesis' ? ('GENESIS' as const) : ('CHECKPOINT' as const);
  const startSlot = outcome.start.kind === 'checkpoint' ? outcome.start.slot : null;
  const base = { process: outcome.processId, start, startSlot };
  if (outcome.ok) {
    return {
      ...base,
      ok: true,
      slots: outcome.slots,
      toSlot: outcome.toSlot,
      checkpoints: outcome.checkpoints,
      memoryHash: outcome.memoryHash,
      divergentSlot: null,
      kind: null,
      expected: null,
      actual: null,
      detail: null,
    };
  }
  return {
    ...base,
    ok: false,
    slots: null,
    toSlot: null,
    checkpoints: null,
    memoryHash: null,
    divergentSlot: outcome.slot,
    kind: outcome.kind,
    expected: outcome.expected,
    actual: outcome.actual,
    detail: outcome.detail,
  };
}

export const aoQueryResolvers: QueryResolvers = {
  process: (_parent, { id }, { loaders }) => loaders.processById.load(id),

  processes: (_parent, args, context) => {
    const query: Parameters<ReturnType<typeof servicesOf>['ao']['findProcesses']>[0] = {
      limit: pageSize(args.first),
    };
    if (args.owner) query.owner = args.owner;
    if (args.module) query.module = args.module;
    if (args.parent) {
      // Spawned by a process: its Process item was signed by this node (the From-Process tag alone is not).
      const { nodeAddress } = servicesOf(context);
      if (args.owner && args.owner !== nodeAddress) return { processes: [], hasNextPage: false };
      query.parent = args.parent;
      query.owner = nodeAddress;
    }
    if (args.after) query.afterSeq = parseProcessCursor(args.after);
    return servicesOf(context).ao.findProcesses(query);
  },

  slots: async (_parent, args, context) => {
    const services = servicesOf(context);
    const limit = pageSize(args.first);
    await standing(context, args.process);
    const from = slotArg('from', args.from) ?? 0;
    const after = args.after ? parseSlotCursor(args.after) + 1 : 0;
    const query: Parameters<typeof services.schedulerReads.assignmentsPage>[0] = {
      processId: args.process,
      fromSlot: Math.max(from, after),
      limit,
    };
    const to = slotArg('to', args.to);
    if (to !== undefined) query.toSlot = to;
    return services.schedulerReads.assignmentsPage(query);
  },

  message: (_parent, { id }, { loaders }) => loaders.itemById.load(id),

  results: async (_parent, args, context) => {
    const services = servicesOf(context);
    const limit = pageSize(args.first);
    await standing(context, args.process);
    const query: Parameters<typeof services.ao.findResults>[0] = { processId: args.process, limit };
    const from = slotArg('from', args.from);
    const to = slotArg('to', args.to);
    if (from !== undefined) query.fromSlot = from;
    if (to !== undefined) query.toSlot = to;
    if (args.after) query.afterSlot = parseResultCursor(args.after);
    if (args.errorsOnly === true) query.errorsOnly = true;
    if (args.action) query.action = args.action;
    return services.ao.findResults(query);
  },

  state: async (_parent, args, context) => {
    spendReplayField(context, 'state');
    const state = await boundedState(context, 'state', args.process, args.path, slotArg('slot', args.slot));
    return { process: args.process, path: args.path, slot: state.slot, value: state.value };
  },

  stateDiff: async (_parent, args, context) => {
    spendReplayField(context, 'stateDiff');
    const fromSlot = slotArg('fromSlot', args.fromSlot)!;
    const toSlot = slotArg('toSlot', args.toSlot)!;
    // A path missing at one slot is a diff (added or removed), not an error.
    const read = async (slot: number) => {
      try {
        return {
          found: true,
          value: (await boundedState(context, 'stateDiff', args.process, args.path, slot)).value,
        };
      } catch (error) {
        if (isMissingPath(error)) {
          return { found: false, value: null };
        }
        throw error;
      }
    };
    const before = await read(fromSlot);
    const after = await read(toSlot);
    const diff =
      before.found && after.found
        ? diffJson(before.value, after.value, MAX_DIFF_CHANGES)
        : before.found === after.found
          ? { changes: [], truncated: false }
          : {
              changes: [
                before.found
                  ? { path: '', kind: 'REMOVED' as const, before: before.value, after: null }
                  : { path: '', kind: 'ADDED' as const, before: null, after: after.value },
              ],
              truncated: false,
            };
    return {
      process: args.process,
      path: args.path,
      fromSlot,
      toSlot,
      equal: diff.changes.length === 0,
      changes: diff.changes,
      truncated: diff.truncated,
    };
  },

  verify: async (_parent, args, context) => {
    const services = spendReplayField(context, 'verify');
    const stats = await standing(context, args.process);
    const toSlot = slotArg('toSlot', args.toSlot) ?? stats.evaluatedSlot;
    const from = args.from === 'CHECKPOINT' ? 'checkpoint' : 'genesis';
    checkVerifiableSlot(args.process, toSlot, stats.headSlot, stats.evaluatedSlot);
    checkReplaySpan(
      context,
      'verify',
      args.process,
      toSlot,
      stats.evaluatedSlot,
      from === 'genesis' ? 'genesis' : 'nearest',
    );
    return verifyReport(await services.verify(args.process, given(args.toSlot), from));
  },

  audit: async (_parent, { process }, context) => {
    const report = await spendReplayField(context, 'audit').audit(process);
    return {
      process: report.processId,
      ok: report.ok,
      slots: report.slots,
      headSlot: report.headSlot,
      hashChainValid: report.hashChainValid,
      firstBrokenLink: report.firstBrokenLink,
      gaps: report.gaps,
      timestampsNonDecreasing: report.timestampsNonDecreasing,
      firstTimestampRegression: report.firstTimestampRegression,
      assignmentItemsMatch: report.assignmentItemsMatch,
      firstAssignmentItemMismatch: report.firstAssignmentItemMismatch,
      delivery: report.delivery,
    };
  },

  tokenBalances: async (_parent, { process }, context) => {
    spendReplayField(context, 'tokenBalances');
    let state: { slot: number; value: unknown };
    try {
      state = await boundedState(context, 'tokenBalances', process, 'Balances', undefined);
    } catch (error) {
      if (isMissingPath(error)) {
        throw new AoliteError(
          'NOT_FOUND',
          `process ${process} is not a token: its state has no Balances table`,
        );
      }
      throw error;
    }
    // An empty Lua table reads as [] (a token with no holders yet).
    const value = Array.isArray(state.value) && state.value.length === 0 ? {} : state.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AoliteError(
        'BAD_REQUEST',
        `process ${process} is not a token: its Balances is ${Array.isArray(value) ? 'a list' : typeof value}, not a table of address → amount`,
      );
    }
    const balances = Object.entries(value as Record<string, unknown>)
      .map(([address, balance]) => ({
        address,
        balance: typeof balance === 'object' && balance !== null ? JSON.stringify(balance) : String(balance),
      }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    return { process, slot: state.slot, balances };
  },

  tokenTransfers: async (_parent, args, context) => {
    await standing(context, args.process);
    const { reads } = context;
    const limit = pageSize(args.first);
    const filter = {
      // Notices the process sent: signed by this node, which signs what processes send (not only tagged).
      owners: [servicesOf(context).nodeAddress],
      tags: [eq('From-Process', [args.process]), eq('Action', ['Debit-Notice', 'Credit-Notice'])],
    };
    const page: Parameters<typeof reads.findItems>[1] = { limit, direction: 'asc' };
    if (args.after) page.afterSeq = parseItemCursor(args.after);
    const { items, hasNextPage } = reads.findItems(filter, page);
    return { transfers: items.map(tokenTransferOf), hasNextPage };
  },
};

export const aoSubscriptionResolvers: SubscriptionResolvers = {
  assignments: {
    subscribe: async (_parent, { process }, context) => {
      await standing(context, process);
      return servicesOf(context).events.assignments(process);
    },
    resolve: (payload: StoredAssignment) => payload,
  },
  results: {
    subscribe: async (_parent, { process }, context) => {
      await standing(context, process);
      return servicesOf(context).events.results(process);
    },
    resolve: (payload: ResultRecord) => payload,
  },
};
