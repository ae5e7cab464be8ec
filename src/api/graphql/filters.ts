/**
 * GraphQL arguments → read-side filters. This is a trust boundary: list sizes are bounded and every bad
 * combination is an error naming the argument.
 */
import { createHash } from 'node:crypto';
import { AoliteError } from '../../core/errors.js';
import type { ItemFilter, TagCondition } from '../../store/read/index.js';
import type { QueryTransactionsArgs, TagFilter } from './generated.js';

/** Most entries accepted in one list argument (ids, owners, recipients, values of one tag filter). */
export const MAX_LIST = 1000;
/** Most tag filters in one query. */
export const MAX_TAG_FILTERS = 32;

function list(name: string, values: readonly string[] | null | undefined): string[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length > MAX_LIST) {
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `${name} may hold at most ${MAX_LIST} entries, got ${values.length}`,
    );
  }
  return [...values];
}

/**
 * The addresses an `owners` entry may mean: a public key (RSA: longer than an address) stands for its
 * address; a 43-character string is an address or an ed25519 key (both 32 bytes), so it stands for both.
 */
function ownerAddresses(owner: string): string[] {
  const derived = createHash('sha256').update(Buffer.from(owner, 'base64url')).digest('base64url');
  return owner.length > 43 ? [derived] : [owner, derived];
}

function tagCondition(tag: TagFilter, index: number): TagCondition {
  const name = tag.name ?? undefined;
  const values = list(`tags[${index}].values`, tag.values);
  if (name === undefined && (values === undefined || values.length === 0)) {
    throw new AoliteError('BAD_REQUEST', `tags[${index}] needs a name, values, or both`);
  }
  const op = tag.op ?? 'EQ';
  if (op === 'NEQ' && (values === undefined || values.length === 0)) {
    throw new AoliteError('BAD_REQUEST', `tags[${index}]: op NEQ needs values to differ from`);
  }
  const condition: TagCondition = { op, match: tag.match ?? 'EXACT' };
  if (name !== undefined) condition.name = name;
  if (values !== undefined && values.length > 0) condition.values = values;
  return condition;
}

/** Seconds (GraphQL) → inclusive ms bounds (store). */
function ingestedBounds(filter: ItemFilter, min: number | null | undefined, max: number | null | undefined) {
  if (min !== null && min !== undefined) filter.ingestedFromMs = min * 1000;
  if (max !== null && max !== undefined) filter.ingestedToMs = max * 1000 + 999;
}

export function itemFilterFromArgs(args: QueryTransactionsArgs): ItemFilter {
  const filter: ItemFilter = {};
  const ids = list('ids', args.ids);
  if (ids !== undefined) filter.ids = ids;
  const owners = list('owners', args.owners);
  if (owners !== undefined) filter.owners = [...new Set(owners.flatMap(ownerAddresses))];
  const recipients = list('recipients', args.recipients);
  if (recipients !== undefined) filter.recipients = recipients;
  if (args.tags !== null && args.tags !== undefined) {
    if (args.tags.length > MAX_TAG_FILTERS) {
      throw new AoliteError(
        'LIMIT_EXCEEDED',
        `tags may hold at most ${MAX_TAG_FILTERS} filters, got ${args.tags.length}`,
      );
    }
    filter.tags = args.tags.map(tagCondition);
  }
  if (args.block?.min !== null && args.block?.min !== undefined) filter.blockMin = args.block.min;
  if (args.block?.max !== null && args.block?.max !== undefined) filter.blockMax = args.block.max;
  ingestedBounds(filter, args.ingested_at?.min, args.ingested_at?.max);
  // aolite logs no bundles: any bundledIn (or deprecated parent) list matches nothing.
  if (
    (args.bundledIn !== null && args.bundledIn !== undefined) ||
    (args.parent !== null && args.parent !== undefined)
  ) {
    filter.empty = true;
  }
  return filter;
}
