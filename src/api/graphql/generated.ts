import type { GraphQLResolveInfo } from 'graphql';
import type { TransactionParent, BlockParent, TransactionConnectionParent, BlockConnectionParent } from './mappers.js';
import type { GraphQLContext } from './context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type Amount = {
  __typename?: 'Amount';
  /** Amount in AR, e.g. "0". */
  ar: Scalars['String']['output'];
  /** Amount in winston, e.g. "0". */
  winston: Scalars['String']['output'];
};

export type Block = {
  __typename?: 'Block';
  height: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The id of the block before; "" for the genesis block. */
  previous: Scalars['ID']['output'];
  /** Seal time, unix SECONDS (the ao-native queries give milliseconds). */
  timestamp: Scalars['Int']['output'];
};

export type BlockConnection = {
  __typename?: 'BlockConnection';
  edges: Array<BlockEdge>;
  pageInfo: PageInfo;
};

export type BlockEdge = {
  __typename?: 'BlockEdge';
  cursor: Scalars['String']['output'];
  node: Block;
};

/** An inclusive block height range. */
export type BlockFilter = {
  max?: InputMaybe<Scalars['Int']['input']>;
  min?: InputMaybe<Scalars['Int']['input']>;
};

export type Bundle = {
  __typename?: 'Bundle';
  id: Scalars['ID']['output'];
};

/** Goldsky extension: an inclusive range of ingest times, unix seconds. */
export type IngestedAtFilter = {
  max?: InputMaybe<Scalars['Int']['input']>;
  min?: InputMaybe<Scalars['Int']['input']>;
};

export type MetaData = {
  __typename?: 'MetaData';
  /** Data size in bytes, as a decimal string. */
  size: Scalars['String']['output'];
  /** The value of the item's Content-Type tag, if any. */
  type: Maybe<Scalars['String']['output']>;
};

export type Owner = {
  __typename?: 'Owner';
  /** The owner's wallet address: base64url(SHA-256(key)). */
  address: Scalars['String']['output'];
  /** The owner's public key, base64url. */
  key: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
};

export type Parent = {
  __typename?: 'Parent';
  id: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A sealed local block by id, or the latest block when no id is given. */
  block: Maybe<Block>;
  /** A page of sealed local blocks. */
  blocks: BlockConnection;
  /** A transaction (data item) by id, or null when this node has not logged it. */
  transaction: Maybe<Transaction>;
  /** A page of transactions matching every given filter (filters are AND-ed). */
  transactions: TransactionConnection;
};


export type QueryBlockArgs = {
  id?: InputMaybe<Scalars['String']['input']>;
};


export type QueryBlocksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  height?: InputMaybe<BlockFilter>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  sort?: InputMaybe<SortOrder>;
};


export type QueryTransactionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTransactionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  block?: InputMaybe<BlockFilter>;
  bundledIn?: InputMaybe<Array<Scalars['ID']['input']>>;
  first?: InputMaybe<Scalars['Int']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  ingested_at?: InputMaybe<IngestedAtFilter>;
  owners?: InputMaybe<Array<Scalars['String']['input']>>;
  parent?: InputMaybe<Array<Scalars['ID']['input']>>;
  recipients?: InputMaybe<Array<Scalars['String']['input']>>;
  sort?: InputMaybe<SortOrder>;
  tags?: InputMaybe<Array<TagFilter>>;
};

/**
 * Result order. aolite lists items in ingest order (its keyset), which is also block order: an item's block
 * is the block of its first assignment, made in the same write as its ingest, and block heights never
 * decrease. Pending items (block not sealed yet) are therefore the newest: first in HEIGHT_DESC and last in
 * HEIGHT_ASC, as on Arweave gateways. INGESTED_AT_* is the same order (ingest time is the node clock at
 * ingest).
 */
export type SortOrder =
  /** Oldest first; pending items last. */
  | 'HEIGHT_ASC'
  /** Newest first; pending items first (the default). */
  | 'HEIGHT_DESC'
  /** Goldsky extension: by ingest time, oldest first. */
  | 'INGESTED_AT_ASC'
  /** Goldsky extension: by ingest time, newest first. */
  | 'INGESTED_AT_DESC';

export type Tag = {
  __typename?: 'Tag';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/**
 * A tag filter. `name` alone: the item has a tag with that name. `values` alone (Goldsky): the item has a tag
 * with one of these values under any name. Both: a tag with that name and one of the values.
 */
export type TagFilter = {
  /** Goldsky extension: how values match (default EXACT). */
  match?: InputMaybe<TagMatch>;
  /** The tag name (optional: Goldsky extension). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** EQ: some tag matches. NEQ: the item has a tag with `name` whose value matches none of `values`. */
  op?: InputMaybe<TagOperator>;
  /** Values to match, OR-ed (optional when `name` is given: Goldsky extension). */
  values?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Goldsky extension: how tag values are compared. */
export type TagMatch =
  /** Exact byte-for-byte equality (the default). */
  | 'EXACT'
  /** The value contains every whitespace-separated term of a given value (case-insensitive). */
  | 'FUZZY_AND'
  /** The value contains at least one whitespace-separated term of a given value (case-insensitive). */
  | 'FUZZY_OR'
  /** `*` matches any run of characters (e.g. `text/*`); every other character matches itself. */
  | 'WILDCARD';

export type TagOperator =
  /** Equal */
  | 'EQ'
  /** Not equal */
  | 'NEQ';

export type Transaction = {
  __typename?: 'Transaction';
  /** The item's anchor, or "" when it has none. */
  anchor: Scalars['String']['output'];
  /** The sealed block of the item's first assignment; null while pending (not assigned, or block open). */
  block: Maybe<Block>;
  /** Always null: aolite logs data items directly, not in bundles. */
  bundledIn: Maybe<Bundle>;
  data: MetaData;
  /** Always zero: data items carry no fee. */
  fee: Amount;
  id: Scalars['ID']['output'];
  /** Goldsky extension: when this node ingested the item, unix seconds. */
  ingested_at: Scalars['Int']['output'];
  owner: Owner;
  /**
   * @deprecated Kept for old clients; use `bundledIn`.
   * @deprecated Use `bundledIn`
   */
  parent: Maybe<Parent>;
  /** Always zero: data items transfer no AR. */
  quantity: Amount;
  /** The item's target, or "" when it has none. */
  recipient: Scalars['String']['output'];
  /** base64url signature. */
  signature: Scalars['String']['output'];
  /** Every tag in original order, duplicates included. */
  tags: Array<Tag>;
};

export type TransactionConnection = {
  __typename?: 'TransactionConnection';
  /**
   * Goldsky extension: how many items match the filters in total. Unlike Goldsky, it may be asked together
   * with `after`; it always counts every match, ignoring the cursor and `first`.
   */
  count: Scalars['Int']['output'];
  edges: Array<TransactionEdge>;
  pageInfo: PageInfo;
};

export type TransactionEdge = {
  __typename?: 'TransactionEdge';
  /** Opaque; pass it as `after` to get the items after this one. */
  cursor: Scalars['String']['output'];
  node: Transaction;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Amount: ResolverTypeWrapper<Amount>;
  Block: ResolverTypeWrapper<BlockParent>;
  BlockConnection: ResolverTypeWrapper<BlockConnectionParent>;
  BlockEdge: ResolverTypeWrapper<Omit<BlockEdge, 'node'> & { node: ResolversTypes['Block'] }>;
  BlockFilter: BlockFilter;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Bundle: ResolverTypeWrapper<Bundle>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IngestedAtFilter: IngestedAtFilter;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MetaData: ResolverTypeWrapper<MetaData>;
  Owner: ResolverTypeWrapper<Owner>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Parent: ResolverTypeWrapper<Parent>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SortOrder: SortOrder;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tag: ResolverTypeWrapper<Tag>;
  TagFilter: TagFilter;
  TagMatch: TagMatch;
  TagOperator: TagOperator;
  Transaction: ResolverTypeWrapper<TransactionParent>;
  TransactionConnection: ResolverTypeWrapper<TransactionConnectionParent>;
  TransactionEdge: ResolverTypeWrapper<Omit<TransactionEdge, 'node'> & { node: ResolversTypes['Transaction'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Amount: Amount;
  Block: BlockParent;
  BlockConnection: BlockConnectionParent;
  BlockEdge: Omit<BlockEdge, 'node'> & { node: ResolversParentTypes['Block'] };
  BlockFilter: BlockFilter;
  Boolean: Scalars['Boolean']['output'];
  Bundle: Bundle;
  ID: Scalars['ID']['output'];
  IngestedAtFilter: IngestedAtFilter;
  Int: Scalars['Int']['output'];
  MetaData: MetaData;
  Owner: Owner;
  PageInfo: PageInfo;
  Parent: Parent;
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Tag: Tag;
  TagFilter: TagFilter;
  Transaction: TransactionParent;
  TransactionConnection: TransactionConnectionParent;
  TransactionEdge: Omit<TransactionEdge, 'node'> & { node: ResolversParentTypes['Transaction'] };
};

export type AmountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Amount'] = ResolversParentTypes['Amount']> = {
  ar?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  winston?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type BlockResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Block'] = ResolversParentTypes['Block']> = {
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  previous?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BlockConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BlockConnection'] = ResolversParentTypes['BlockConnection']> = {
  edges?: Resolver<Array<ResolversTypes['BlockEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type BlockEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BlockEdge'] = ResolversParentTypes['BlockEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Block'], ParentType, ContextType>;
};

export type BundleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Bundle'] = ResolversParentTypes['Bundle']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type MetaDataResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MetaData'] = ResolversParentTypes['MetaData']> = {
  size?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type OwnerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Owner'] = ResolversParentTypes['Owner']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ParentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Parent'] = ResolversParentTypes['Parent']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  block?: Resolver<Maybe<ResolversTypes['Block']>, ParentType, ContextType, Partial<QueryBlockArgs>>;
  blocks?: Resolver<ResolversTypes['BlockConnection'], ParentType, ContextType, RequireFields<QueryBlocksArgs, 'first' | 'sort'>>;
  transaction?: Resolver<Maybe<ResolversTypes['Transaction']>, ParentType, ContextType, RequireFields<QueryTransactionArgs, 'id'>>;
  transactions?: Resolver<ResolversTypes['TransactionConnection'], ParentType, ContextType, RequireFields<QueryTransactionsArgs, 'first' | 'sort'>>;
};

export type TagResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TransactionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Transaction'] = ResolversParentTypes['Transaction']> = {
  anchor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  block?: Resolver<Maybe<ResolversTypes['Block']>, ParentType, ContextType>;
  bundledIn?: Resolver<Maybe<ResolversTypes['Bundle']>, ParentType, ContextType>;
  data?: Resolver<ResolversTypes['MetaData'], ParentType, ContextType>;
  fee?: Resolver<ResolversTypes['Amount'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ingested_at?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['Owner'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Parent']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Amount'], ParentType, ContextType>;
  recipient?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signature?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
};

export type TransactionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TransactionConnection'] = ResolversParentTypes['TransactionConnection']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['TransactionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type TransactionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TransactionEdge'] = ResolversParentTypes['TransactionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  Amount?: AmountResolvers<ContextType>;
  Block?: BlockResolvers<ContextType>;
  BlockConnection?: BlockConnectionResolvers<ContextType>;
  BlockEdge?: BlockEdgeResolvers<ContextType>;
  Bundle?: BundleResolvers<ContextType>;
  MetaData?: MetaDataResolvers<ContextType>;
  Owner?: OwnerResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Parent?: ParentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  Transaction?: TransactionResolvers<ContextType>;
  TransactionConnection?: TransactionConnectionResolvers<ContextType>;
  TransactionEdge?: TransactionEdgeResolvers<ContextType>;
};

