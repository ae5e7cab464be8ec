/** Thin resolvers of the gateway dialect: arguments in, read-side calls out (see schema.graphql). */
import type { Tag } from '../../core/types.js';
import { aoQueryResolvers, aoSubscriptionResolvers } from './ao-query-resolvers.js';
import { aoTypeResolvers } from './ao-type-resolvers.js';
import { itemFilterFromArgs } from './filters.js';
import type { Resolvers } from './generated.js';
import { blockCursor, itemCursor, pageSize, parseBlockCursor, parseItemCursor } from './paging.js';

/**
 * A data item moves no AR and pays no fee of its own. `ar` is winston / 10^12 with 12 decimals, as Arweave
 * gateways print it (`arweave`'s `winstonToAr`, used by ar.io's resolvers).
 */
const zero = { winston: '0', ar: '0.000000000000' };
const seconds = (ms: number): number => Math.floor(ms / 1000);
const ascending = (sort: string | null | undefined): boolean =>
  sort === 'HEIGHT_ASC' || sort === 'INGESTED_AT_ASC';

export const resolvers: Resolvers = {
  ...aoTypeResolvers,
  Subscription: aoSubscriptionResolvers,
  Query: {
    ...aoQueryResolvers,
    transaction: (_parent, { id }, { loaders }) => loaders.itemById.load(id),
    transactions: (_parent, args, { reads }) => {
      const limit = pageSize(args.first);
      const filter = itemFilterFromArgs(args);
      const page = { limit, direction: ascending(args.sort) ? ('asc' as const) : ('desc' as const) };
      const afterSeq = args.after ? parseItemCursor(args.after) : undefined;
      const { items, hasNextPage } = reads.findItems(
        filter,
        afterSeq === undefined ? page : { ...page, afterSeq },
      );
      return { items, hasNextPage, filter };
    },
    block: (_parent, { id }, { reads }) =>
      (id === null || id === undefined ? reads.latestBlock() : reads.blockById(id)) ?? null,
    blocks: (_parent, args, { reads }) => {
      const range: Parameters<typeof reads.findBlocks>[0] = {
        limit: pageSize(args.first),
        direction: ascending(args.sort) ? 'asc' : 'desc',
      };
      if (args.ids) range.ids = args.ids;
      if (args.height?.min !== null && args.height?.min !== undefined) range.minHeight = args.height.min;
      if (args.height?.max !== null && args.height?.max !== undefined) range.maxHeight = args.height.max;
      if (args.after) range.afterHeight = parseBlockCursor(args.after);
      return reads.findBlocks(range);
    },
  },
  TransactionConnection: {
    pageInfo: ({ hasNextPage }) => ({ hasNextPage }),
    edges: ({ items }) => items.map((item) => ({ cursor: itemCursor(item.seq), node: item })),
    count: ({ filter }, _args, { reads }) => reads.countItems(filter),
  },
  BlockConnection: {
    pageInfo: ({ hasNextPage }) => ({ hasNextPage }),
    edges: ({ blocks }) => blocks.map((block) => ({ cursor: blockCursor(block.height), node: block })),
  },
  Transaction: {
    id: (item) => item.id,
    anchor: (item) => item.anchor ?? '',
    signature: (item) => item.signature.toString('base64url'),
    recipient: (item) => item.target ?? '',
    owner: (item) => ({ address: item.ownerAddress, key: item.owner.toString('base64url') }),
    fee: () => zero,
    quantity: () => zero,
    data: (item) => ({ size: String(item.dataSize), type: item.contentType }),
    tags: (item) => JSON.parse(item.tags) as Tag[],
    block: (item, _args, { loaders }) =>
      item.blockHeight === null ? null : loaders.blockByHeight.load(item.blockHeight),
    bundledIn: () => null,
    parent: () => null,
    ingested_at: (item) => seconds(item.ingestedAt),
  },
  Block: {
    id: (block) => block.id,
    timestamp: (block) => seconds(block.timestamp),
    height: (block) => block.height,
    previous: (block) => block.previous ?? '',
  },
};
