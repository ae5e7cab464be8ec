/**
 * The cost bound of replay-backed fields (state, stateDiff, verify, tokenBalances; and audit, which reads
 * every slot of a process): at most `maxReplayFields` of them per request, and each may replay at most `maxReplaySlots` slots, counted from
 * where the replay would start (the newest checkpoint at or below the slot, else genesis) or, for a slot
 * not evaluated yet, from the last evaluated slot. Reads at the head are served from the live engine, or
 * while a catch-up holds it, by a replay of at most a bounded number of slots (compute.ts).
 */
import { AoliteError } from '../../core/errors.js';
import type { AoServices, GraphQLContext } from './context.js';

/** The ao services, or UNAVAILABLE on a server built without them. */
export function servicesOf(context: GraphQLContext): AoServices {
  if (context.services === undefined) {
    throw new AoliteError('UNAVAILABLE', 'this GraphQL server answers gateway queries only (no ao services)');
  }
  return context.services;
}

/** Counts one replay-backed field; LIMIT_EXCEEDED past the per-request bound. */
export function spendReplayField(context: GraphQLContext, field: string): AoServices {
  const services = servicesOf(context);
  context.replay.fields += 1;
  if (context.replay.fields > context.limits.maxReplayFields) {
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `${field}: a query may ask at most ${context.limits.maxReplayFields} replay-backed fields (state, stateDiff, verify, tokenBalances, audit); split it into several queries`,
    );
  }
  return services;
}

/** LIMIT_EXCEEDED when serving `slot` would replay more than `maxReplaySlots` slots. */
export function checkReplaySpan(
  context: GraphQLContext,
  field: string,
  processId: string,
  slot: number,
  evaluatedSlot: number,
  start: 'nearest' | 'genesis' = 'nearest',
): void {
  const services = servicesOf(context);
  if (start === 'nearest' && slot === evaluatedSlot) return;
  const from =
    start === 'genesis'
      ? -1
      : slot > evaluatedSlot
        ? evaluatedSlot
        : (services.checkpointAtOrBelow(processId, slot) ?? -1);
  const span = slot - from;
  const max = context.limits.maxReplaySlots;
  if (span > max) {
    const origin = from < 0 ? 'genesis' : `slot ${from}`;
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `${field}: slot ${slot} of process ${processId} needs ${span} slots replayed from ${origin}, more than this node's limit of ${max}; ask for a slot nearer a checkpoint, or run \`aolite verify\` for long replays`,
    );
  }
}

/** A slot argument: a non-negative integer. */
export function slotArg(name: string, value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AoliteError('BAD_REQUEST', `${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}
