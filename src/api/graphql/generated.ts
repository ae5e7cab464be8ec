import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TransactionParent, BlockParent, TransactionConnectionParent, BlockConnectionParent, ProcessParent, ProcessConnectionParent, SlotParent, SlotConnectionParent, ResultParent, ResultConnectionParent, MessageParent, LineageParent, LineageNodeParent, TokenTransferParent, TokenTransferConnectionParent } from './mappers.js';
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
  /** Any JSON value: a Lua value read from process state, an outbox entry, an aos Output. */
  JSON: { input: unknown; output: unknown; }
};

export type Amount = {
  __typename?: 'Amount';
  /** Amount in AR, e.g. "0". */
  ar: Scalars['String']['output'];
  /** Amount in winston, e.g. "0". */
  winston: Scalars['String']['output'];
};

export type Audit = {
  __typename?: 'Audit';
  /** Every signed Assignment item carries its row's Process, Nonce, Hash-Chain, Timestamp, Block-Height and Message, and the scheduler signed it. */
  assignmentItemsMatch: Scalars['Boolean']['output'];
  /** Every outbox entry delivered exactly once (counted in `ok`). */
  delivery: DeliveryAudit;
  /** The first slot whose Assignment item disagrees with its row. */
  firstAssignmentItemMismatch: Maybe<Scalars['Int']['output']>;
  /** The first slot whose stored link differs from the recomputed one. */
  firstBrokenLink: Maybe<Scalars['Int']['output']>;
  /** The first slot whose timestamp is lower than the slot before. */
  firstTimestampRegression: Maybe<Scalars['Int']['output']>;
  /** Missing slots below the head (at most 100 listed). */
  gaps: Array<Scalars['Int']['output']>;
  /** Every Hash-Chain link recomputed from the process id and the previous assignment. */
  hashChainValid: Scalars['Boolean']['output'];
  headSlot: Scalars['Int']['output'];
  /** True when every check passed (delivery completeness counts only when available). */
  ok: Scalars['Boolean']['output'];
  process: Scalars['ID']['output'];
  /** Assignments checked (slots 0..headSlot). */
  slots: Scalars['Int']['output'];
  timestampsNonDecreasing: Scalars['Boolean']['output'];
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

export type Cron = {
  __typename?: 'Cron';
  /** As declared, e.g. `10-minutes` or `5-blocks`. */
  interval: Scalars['String']['output'];
  /** The `Cron-Tag-<Name>` tags of this cron, with the `Cron-Tag-` prefix removed. */
  tags: Array<Tag>;
};

/**
 * Delivery completeness of the process's outboxes, from the messenger's delivery records: every outbox entry
 * of every evaluated slot (Messages[i]; Spawns[i] and its Spawned notice; Assignments[i] per listed process)
 * has exactly one delivery row (delivered, logged for a wallet, or refused with a reason).
 */
export type DeliveryAudit = {
  __typename?: 'DeliveryAudit';
  /** False when this node keeps no delivery records to check against. */
  available: Scalars['Boolean']['output'];
  /** Every evaluated slot delivered, no entry missing, no item produced twice. */
  complete: Maybe<Scalars['Boolean']['output']>;
  /** Evaluated slots whose outboxes are fully recorded. */
  deliveredSlots: Maybe<Scalars['Int']['output']>;
  detail: Scalars['String']['output'];
  /** Items produced more than once. */
  duplicates: Maybe<Scalars['Int']['output']>;
  /** Outbox entries checked. */
  entries: Maybe<Scalars['Int']['output']>;
  /** The first slot with an outbox entry that has no delivery row. */
  firstMissingSlot: Maybe<Scalars['Int']['output']>;
  /** Evaluated slots not delivered yet (the messenger may still be working). */
  pendingSlots: Maybe<Scalars['Int']['output']>;
  /** Entries recorded as refused (no Target, a chain limit, ...): accounted for, not delivered. */
  refused: Maybe<Scalars['Int']['output']>;
};

export type HeightRange = {
  __typename?: 'HeightRange';
  max: Scalars['Int']['output'];
  min: Scalars['Int']['output'];
};

/** Goldsky extension: an inclusive range of ingest times, unix seconds. */
export type IngestedAtFilter = {
  max?: InputMaybe<Scalars['Int']['input']>;
  min?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Where a message comes from and what it caused, from the messenger's delivery records (one row per outbox
 * entry of every evaluated slot, written with the item it produced). The root is the message's `Pushed-For`
 * (the message itself when it has none); the parent is the message evaluated at the slot whose outbox
 * produced it; the children are what the outboxes of its evaluations produced: pushed messages, spawned
 * processes and Spawned notices (refused entries and assignments of existing messages are left out).
 */
export type Lineage = {
  __typename?: 'Lineage';
  /** The messages this one caused, as a tree flattened in depth-first order (at most 500 nodes). */
  children: Array<LineageNode>;
  /**
   * True when `children` at this depth stopped at 500 nodes and the tree has more: ask the `lineage` of
   * the last nodes listed to follow it further.
   */
  childrenTruncated: Scalars['Boolean']['output'];
  /** The message whose evaluation emitted this one; null for a message a user sent. */
  parent: Maybe<Transaction>;
  /** The user message that started the chain (the message itself when it has no `Pushed-For`). */
  root: Maybe<Transaction>;
  /** `Pushed-For` value when the root is not logged here. */
  rootId: Scalars['ID']['output'];
};


/**
 * Where a message comes from and what it caused, from the messenger's delivery records (one row per outbox
 * entry of every evaluated slot, written with the item it produced). The root is the message's `Pushed-For`
 * (the message itself when it has none); the parent is the message evaluated at the slot whose outbox
 * produced it; the children are what the outboxes of its evaluations produced: pushed messages, spawned
 * processes and Spawned notices (refused entries and assignments of existing messages are left out).
 */
export type LineageChildrenArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Where a message comes from and what it caused, from the messenger's delivery records (one row per outbox
 * entry of every evaluated slot, written with the item it produced). The root is the message's `Pushed-For`
 * (the message itself when it has none); the parent is the message evaluated at the slot whose outbox
 * produced it; the children are what the outboxes of its evaluations produced: pushed messages, spawned
 * processes and Spawned notices (refused entries and assignments of existing messages are left out).
 */
export type LineageChildrenTruncatedArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
};

export type LineageNode = {
  __typename?: 'LineageNode';
  /** 1 = a direct child of the message asked about. */
  depth: Scalars['Int']['output'];
  /** The process whose evaluation emitted it. */
  fromProcess: Scalars['ID']['output'];
  message: Transaction;
  /** The message this one was emitted by. */
  parentId: Scalars['ID']['output'];
};

export type Message = {
  __typename?: 'Message';
  /** Every process this message was assigned to, with its slot there. */
  assignments: Array<Slot>;
  id: Scalars['ID']['output'];
  item: Transaction;
  lineage: Lineage;
  /** The stored result in `process` (default: the process of its first assignment); null until evaluated. */
  result: Maybe<Result>;
};


export type MessageResultArgs = {
  process?: InputMaybe<Scalars['ID']['input']>;
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

export type Process = {
  __typename?: 'Process';
  /** Local block heights of the first and the latest assignment. */
  blockRange: HeightRange;
  /** Processes it spawned (Process items this node signed with `From-Process` = it), in spawn order. */
  children: ProcessConnection;
  /** Crons declared by `Cron-Interval` tags, each with the `Cron-Tag-*` tags that follow it. */
  crons: Array<Cron>;
  /** The highest evaluated (result stored) slot; -1 when none. */
  evaluatedSlot: Scalars['Int']['output'];
  /** The highest assigned slot. */
  headSlot: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Messages assigned to this process, in slot order (slot 0 is the Process item itself). */
  messagesIn: SlotConnection;
  /** Items this process sent (signed by this node with `From-Process` = this process), oldest first. */
  messagesOut: TransactionConnection;
  module: Scalars['ID']['output'];
  /** Owner wallet address of the Process item. */
  owner: Scalars['String']['output'];
  /** The process that spawned this one (`From-Process` of a Process item this node signed), if known here. */
  parent: Maybe<Process>;
  /** `From-Process` of the Process item if this node signed it (even when that process is not on this node). */
  parentId: Maybe<Scalars['ID']['output']>;
  /** `Pushed-For` of the Process item if this node signed it: the user message whose chain spawned it. */
  pushedFor: Maybe<Scalars['ID']['output']>;
  /** The scheduler address (this node). */
  scheduler: Scalars['String']['output'];
  /** The Process item itself (slot 0). */
  spawnMessage: Transaction;
  /** Timestamp of slot 0, ms. */
  spawnedAt: Scalars['Float']['output'];
  /** Every tag of the Process item, in order. */
  tags: Array<Tag>;
};


export type ProcessChildrenArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ProcessMessagesInArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ProcessMessagesOutArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ProcessConnection = {
  __typename?: 'ProcessConnection';
  edges: Array<ProcessEdge>;
  pageInfo: PageInfo;
};

export type ProcessEdge = {
  __typename?: 'ProcessEdge';
  cursor: Scalars['String']['output'];
  node: Process;
};

export type Query = {
  __typename?: 'Query';
  /** Recomputes the hash chain of a process and checks slots, timestamps, Assignment items and delivery completeness. Counts as a replay-backed field. */
  audit: Maybe<Audit>;
  /** A sealed local block by id, or the latest block when no id is given. */
  block: Maybe<Block>;
  /** A page of sealed local blocks. */
  blocks: BlockConnection;
  /** A logged item seen as an ao message: its assignments, results and lineage. Null when not logged. */
  message: Maybe<Message>;
  /** A process scheduled by this node, or null. */
  process: Maybe<Process>;
  /** Processes in spawn order (oldest first), optionally only those of one owner, module or parent process. */
  processes: ProcessConnection;
  /**
   * Stored results of a process in slot order (the node evaluates in the background; `Process.evaluatedSlot`
   * says how far). `errorsOnly`: only results with an Error. `action`: only messages with that `Action` tag.
   */
  results: ResultConnection;
  /** The assignments of a process in slot order within an inclusive slot range. */
  slots: SlotConnection;
  /**
   * Replay-backed. The JSON value of a Lua global or a path into it (`Balances`, `Balances.<address>`,
   * `Config["key with space"]`) after `slot` (default: the latest evaluated slot).
   */
  state: Maybe<StateValue>;
  /** Replay-backed. A structural diff of a state path between the states after two slots. */
  stateDiff: Maybe<StateDiff>;
  /**
   * Replay-backed. Balances of a token process (one answering the token protocol: its state has a `Balances`
   * table of address → amount), read from its state at the latest evaluated slot.
   */
  tokenBalances: Maybe<TokenBalances>;
  /**
   * Transfers of a token process, from the Debit-Notice and Credit-Notice messages it sent (items this node
   * signed with `From-Process` = the token process; the tag on anyone else's item counts for nothing), oldest
   * first.
   */
  tokenTransfers: TokenTransferConnection;
  /** A transaction (data item) by id, or null when this node has not logged it. */
  transaction: Maybe<Transaction>;
  /** A page of transactions matching every given filter (filters are AND-ed). */
  transactions: TransactionConnection;
  /**
   * Replay-backed. Replays the process in a fresh runtime (from genesis, or from the newest usable checkpoint)
   * up to `toSlot` (default: the latest evaluated slot) and compares every result hash and checkpoint memory
   * hash with what is stored; reports the first slot that differs.
   */
  verify: Maybe<VerifyReport>;
};


export type QueryAuditArgs = {
  process: Scalars['ID']['input'];
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


export type QueryMessageArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProcessArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProcessesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  module?: InputMaybe<Scalars['ID']['input']>;
  owner?: InputMaybe<Scalars['String']['input']>;
  parent?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryResultsArgs = {
  action?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  errorsOnly?: InputMaybe<Scalars['Boolean']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Int']['input']>;
  process: Scalars['ID']['input'];
  to?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySlotsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Int']['input']>;
  process: Scalars['ID']['input'];
  to?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStateArgs = {
  path: Scalars['String']['input'];
  process: Scalars['ID']['input'];
  slot?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStateDiffArgs = {
  fromSlot: Scalars['Int']['input'];
  path: Scalars['String']['input'];
  process: Scalars['ID']['input'];
  toSlot: Scalars['Int']['input'];
};


export type QueryTokenBalancesArgs = {
  process: Scalars['ID']['input'];
};


export type QueryTokenTransfersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  process: Scalars['ID']['input'];
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


export type QueryVerifyArgs = {
  from?: InputMaybe<VerifyFrom>;
  process: Scalars['ID']['input'];
  toSlot?: InputMaybe<Scalars['Int']['input']>;
};

/** The stored evaluation of one slot (the CU's `/result` shape, plus where and what it is). */
export type Result = {
  __typename?: 'Result';
  assignments: Scalars['JSON']['output'];
  /** The Lua error, when the evaluation failed (the process memory is then as before the message). */
  error: Maybe<Scalars['String']['output']>;
  gasUsed: Scalars['Float']['output'];
  /** base64url SHA-256 of the canonical result. */
  hash: Scalars['String']['output'];
  /** The evaluated message; null for messages not logged as items. */
  message: Maybe<Transaction>;
  messageId: Scalars['ID']['output'];
  /** Outbox messages: `[{Target, Data, Anchor, Tags}]`. */
  messages: Scalars['JSON']['output'];
  output: Maybe<Scalars['JSON']['output']>;
  process: Scalars['ID']['output'];
  slot: Scalars['Int']['output'];
  spawns: Scalars['JSON']['output'];
};

export type ResultConnection = {
  __typename?: 'ResultConnection';
  edges: Array<ResultEdge>;
  pageInfo: PageInfo;
};

export type ResultEdge = {
  __typename?: 'ResultEdge';
  cursor: Scalars['String']['output'];
  node: Result;
};

/** One assignment: a message at a slot of a process. */
export type Slot = {
  __typename?: 'Slot';
  /** The signed Assignment item that records this slot. */
  assignment: Transaction;
  blockHeight: Scalars['Int']['output'];
  epoch: Scalars['Int']['output'];
  hashChain: Scalars['String']['output'];
  message: Transaction;
  messageId: Scalars['ID']['output'];
  process: Scalars['ID']['output'];
  /** The stored result of this slot; null until evaluated. */
  result: Maybe<Result>;
  slot: Scalars['Int']['output'];
  /** ms */
  timestamp: Scalars['Float']['output'];
};

export type SlotConnection = {
  __typename?: 'SlotConnection';
  edges: Array<SlotEdge>;
  pageInfo: PageInfo;
};

export type SlotEdge = {
  __typename?: 'SlotEdge';
  cursor: Scalars['String']['output'];
  node: Slot;
};

/**
 * Result order. aolite lists items in ingest order (its keyset), which is also block order: an item's block
 * is the block it was logged in (for a message scheduled on arrival, the block of its assignment), and block
 * heights never decrease. Pending items (block not sealed yet) are therefore the newest: first in HEIGHT_DESC
 * and last in HEIGHT_ASC, as on Arweave gateways. INGESTED_AT_* is the same order (ingest time is the node
 * clock at ingest).
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

export type StateChange = {
  __typename?: 'StateChange';
  /** null when REMOVED. */
  after: Maybe<Scalars['JSON']['output']>;
  /** null when ADDED. */
  before: Maybe<Scalars['JSON']['output']>;
  kind: StateChangeKind;
  /** `Balances.alice`, `List[2]`, `Map["key with space"]`; "" for the value at `path` itself. */
  path: Scalars['String']['output'];
};

export type StateChangeKind =
  | 'ADDED'
  | 'CHANGED'
  | 'REMOVED';

export type StateDiff = {
  __typename?: 'StateDiff';
  /** Changed paths (relative to `path`), depth first, at most 1000. */
  changes: Array<StateChange>;
  /** True when both values are equal. */
  equal: Scalars['Boolean']['output'];
  fromSlot: Scalars['Int']['output'];
  path: Scalars['String']['output'];
  process: Scalars['ID']['output'];
  toSlot: Scalars['Int']['output'];
  /** True when there were more than 1000 changes. */
  truncated: Scalars['Boolean']['output'];
};

export type StateValue = {
  __typename?: 'StateValue';
  path: Scalars['String']['output'];
  process: Scalars['ID']['output'];
  /** The state is the one after evaluating this slot. */
  slot: Scalars['Int']['output'];
  /** The value as JSON; an integer beyond ±(2^53 - 1) is a decimal string, so it keeps every digit. */
  value: Maybe<Scalars['JSON']['output']>;
};

/**
 * Live updates over Server-Sent Events: POST or GET /graphql with `Accept: text/event-stream`. Each event is
 * one assignment or one stored result of the process, as it happens (nothing is replayed from before).
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** Every new assignment (slot) of a process. */
  assignments: Slot;
  /** Every new stored result of a process. */
  results: Result;
};


/**
 * Live updates over Server-Sent Events: POST or GET /graphql with `Accept: text/event-stream`. Each event is
 * one assignment or one stored result of the process, as it happens (nothing is replayed from before).
 */
export type SubscriptionAssignmentsArgs = {
  process: Scalars['ID']['input'];
};


/**
 * Live updates over Server-Sent Events: POST or GET /graphql with `Accept: text/event-stream`. Each event is
 * one assignment or one stored result of the process, as it happens (nothing is replayed from before).
 */
export type SubscriptionResultsArgs = {
  process: Scalars['ID']['input'];
};

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

export type TokenBalance = {
  __typename?: 'TokenBalance';
  address: Scalars['String']['output'];
  /** The amount as stored (a decimal string; tokens use big integers). */
  balance: Scalars['String']['output'];
};

export type TokenBalances = {
  __typename?: 'TokenBalances';
  /** Every balance, ordered by address. */
  balances: Array<TokenBalance>;
  process: Scalars['ID']['output'];
  /** The state slot the balances were read at. */
  slot: Scalars['Int']['output'];
};

export type TokenNoticeKind =
  | 'CREDIT'
  | 'DEBIT';

/** One Debit-Notice (to the sender) or Credit-Notice (to the recipient) the token process sent. */
export type TokenTransfer = {
  __typename?: 'TokenTransfer';
  /** The address debited (Debit-Notice: its target; Credit-Notice: its `Sender` tag). */
  from: Scalars['String']['output'];
  kind: TokenNoticeKind;
  notice: Transaction;
  /** `Quantity` tag, as sent. */
  quantity: Scalars['String']['output'];
  /** The address credited (Debit-Notice: its `Recipient` tag; Credit-Notice: its target). */
  to: Scalars['String']['output'];
};

export type TokenTransferConnection = {
  __typename?: 'TokenTransferConnection';
  edges: Array<TokenTransferEdge>;
  pageInfo: PageInfo;
};

export type TokenTransferEdge = {
  __typename?: 'TokenTransferEdge';
  cursor: Scalars['String']['output'];
  node: TokenTransfer;
};

export type Transaction = {
  __typename?: 'Transaction';
  /** The item's anchor, or "" when it has none. */
  anchor: Scalars['String']['output'];
  /** The sealed block the item was logged in (a message scheduled on arrival: its assignment's); null while that block is open. */
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

export type VerifyFrom =
  | 'CHECKPOINT'
  | 'GENESIS';

export type VerifyReport = {
  __typename?: 'VerifyReport';
  actual: Maybe<Scalars['String']['output']>;
  checkpoints: Maybe<Scalars['Int']['output']>;
  detail: Maybe<Scalars['String']['output']>;
  /** When not ok: the first slot that differs, what differs (result, memory, checkpoint), expected and actual. */
  divergentSlot: Maybe<Scalars['Int']['output']>;
  expected: Maybe<Scalars['String']['output']>;
  kind: Maybe<Scalars['String']['output']>;
  /** Memory hash after `toSlot` (when ok). */
  memoryHash: Maybe<Scalars['String']['output']>;
  /** True when every compared hash matched. */
  ok: Scalars['Boolean']['output'];
  process: Scalars['ID']['output'];
  /** Slots replayed, and the last one. */
  slots: Maybe<Scalars['Int']['output']>;
  /** Where the replay started: GENESIS, or CHECKPOINT at `startSlot`. */
  start: VerifyFrom;
  startSlot: Maybe<Scalars['Int']['output']>;
  toSlot: Maybe<Scalars['Int']['output']>;
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
  Audit: ResolverTypeWrapper<Audit>;
  Block: ResolverTypeWrapper<BlockParent>;
  BlockConnection: ResolverTypeWrapper<BlockConnectionParent>;
  BlockEdge: ResolverTypeWrapper<Omit<BlockEdge, 'node'> & { node: ResolversTypes['Block'] }>;
  BlockFilter: BlockFilter;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Bundle: ResolverTypeWrapper<Bundle>;
  Cron: ResolverTypeWrapper<Cron>;
  DeliveryAudit: ResolverTypeWrapper<DeliveryAudit>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  HeightRange: ResolverTypeWrapper<HeightRange>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IngestedAtFilter: IngestedAtFilter;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Lineage: ResolverTypeWrapper<LineageParent>;
  LineageNode: ResolverTypeWrapper<LineageNodeParent>;
  Message: ResolverTypeWrapper<MessageParent>;
  MetaData: ResolverTypeWrapper<MetaData>;
  Owner: ResolverTypeWrapper<Owner>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Parent: ResolverTypeWrapper<Parent>;
  Process: ResolverTypeWrapper<ProcessParent>;
  ProcessConnection: ResolverTypeWrapper<ProcessConnectionParent>;
  ProcessEdge: ResolverTypeWrapper<Omit<ProcessEdge, 'node'> & { node: ResolversTypes['Process'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Result: ResolverTypeWrapper<ResultParent>;
  ResultConnection: ResolverTypeWrapper<ResultConnectionParent>;
  ResultEdge: ResolverTypeWrapper<Omit<ResultEdge, 'node'> & { node: ResolversTypes['Result'] }>;
  Slot: ResolverTypeWrapper<SlotParent>;
  SlotConnection: ResolverTypeWrapper<SlotConnectionParent>;
  SlotEdge: ResolverTypeWrapper<Omit<SlotEdge, 'node'> & { node: ResolversTypes['Slot'] }>;
  SortOrder: SortOrder;
  StateChange: ResolverTypeWrapper<StateChange>;
  StateChangeKind: StateChangeKind;
  StateDiff: ResolverTypeWrapper<StateDiff>;
  StateValue: ResolverTypeWrapper<StateValue>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Tag: ResolverTypeWrapper<Tag>;
  TagFilter: TagFilter;
  TagMatch: TagMatch;
  TagOperator: TagOperator;
  TokenBalance: ResolverTypeWrapper<TokenBalance>;
  TokenBalances: ResolverTypeWrapper<TokenBalances>;
  TokenNoticeKind: TokenNoticeKind;
  TokenTransfer: ResolverTypeWrapper<TokenTransferParent>;
  TokenTransferConnection: ResolverTypeWrapper<TokenTransferConnectionParent>;
  TokenTransferEdge: ResolverTypeWrapper<Omit<TokenTransferEdge, 'node'> & { node: ResolversTypes['TokenTransfer'] }>;
  Transaction: ResolverTypeWrapper<TransactionParent>;
  TransactionConnection: ResolverTypeWrapper<TransactionConnectionParent>;
  TransactionEdge: ResolverTypeWrapper<Omit<TransactionEdge, 'node'> & { node: ResolversTypes['Transaction'] }>;
  VerifyFrom: VerifyFrom;
  VerifyReport: ResolverTypeWrapper<VerifyReport>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Amount: Amount;
  Audit: Audit;
  Block: BlockParent;
  BlockConnection: BlockConnectionParent;
  BlockEdge: Omit<BlockEdge, 'node'> & { node: ResolversParentTypes['Block'] };
  BlockFilter: BlockFilter;
  Boolean: Scalars['Boolean']['output'];
  Bundle: Bundle;
  Cron: Cron;
  DeliveryAudit: DeliveryAudit;
  Float: Scalars['Float']['output'];
  HeightRange: HeightRange;
  ID: Scalars['ID']['output'];
  IngestedAtFilter: IngestedAtFilter;
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Lineage: LineageParent;
  LineageNode: LineageNodeParent;
  Message: MessageParent;
  MetaData: MetaData;
  Owner: Owner;
  PageInfo: PageInfo;
  Parent: Parent;
  Process: ProcessParent;
  ProcessConnection: ProcessConnectionParent;
  ProcessEdge: Omit<ProcessEdge, 'node'> & { node: ResolversParentTypes['Process'] };
  Query: Record<PropertyKey, never>;
  Result: ResultParent;
  ResultConnection: ResultConnectionParent;
  ResultEdge: Omit<ResultEdge, 'node'> & { node: ResolversParentTypes['Result'] };
  Slot: SlotParent;
  SlotConnection: SlotConnectionParent;
  SlotEdge: Omit<SlotEdge, 'node'> & { node: ResolversParentTypes['Slot'] };
  StateChange: StateChange;
  StateDiff: StateDiff;
  StateValue: StateValue;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  Tag: Tag;
  TagFilter: TagFilter;
  TokenBalance: TokenBalance;
  TokenBalances: TokenBalances;
  TokenTransfer: TokenTransferParent;
  TokenTransferConnection: TokenTransferConnectionParent;
  TokenTransferEdge: Omit<TokenTransferEdge, 'node'> & { node: ResolversParentTypes['TokenTransfer'] };
  Transaction: TransactionParent;
  TransactionConnection: TransactionConnectionParent;
  TransactionEdge: Omit<TransactionEdge, 'node'> & { node: ResolversParentTypes['Transaction'] };
  VerifyReport: VerifyReport;
};

export type AmountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Amount'] = ResolversParentTypes['Amount']> = {
  ar?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  winston?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Audit'] = ResolversParentTypes['Audit']> = {
  assignmentItemsMatch?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  delivery?: Resolver<ResolversTypes['DeliveryAudit'], ParentType, ContextType>;
  firstAssignmentItemMismatch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  firstBrokenLink?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  firstTimestampRegression?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  gaps?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  hashChainValid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  headSlot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  slots?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timestampsNonDecreasing?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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

export type CronResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Cron'] = ResolversParentTypes['Cron']> = {
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
};

export type DeliveryAuditResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeliveryAudit'] = ResolversParentTypes['DeliveryAudit']> = {
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  complete?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  deliveredSlots?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  detail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  duplicates?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  entries?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  firstMissingSlot?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pendingSlots?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refused?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type HeightRangeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HeightRange'] = ResolversParentTypes['HeightRange']> = {
  max?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LineageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Lineage'] = ResolversParentTypes['Lineage']> = {
  children?: Resolver<Array<ResolversTypes['LineageNode']>, ParentType, ContextType, RequireFields<LineageChildrenArgs, 'depth'>>;
  childrenTruncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<LineageChildrenTruncatedArgs, 'depth'>>;
  parent?: Resolver<Maybe<ResolversTypes['Transaction']>, ParentType, ContextType>;
  root?: Resolver<Maybe<ResolversTypes['Transaction']>, ParentType, ContextType>;
  rootId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type LineageNodeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LineageNode'] = ResolversParentTypes['LineageNode']> = {
  depth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fromProcess?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
  parentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type MessageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Message'] = ResolversParentTypes['Message']> = {
  assignments?: Resolver<Array<ResolversTypes['Slot']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
  lineage?: Resolver<ResolversTypes['Lineage'], ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['Result']>, ParentType, ContextType, Partial<MessageResultArgs>>;
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

export type ProcessResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Process'] = ResolversParentTypes['Process']> = {
  blockRange?: Resolver<ResolversTypes['HeightRange'], ParentType, ContextType>;
  children?: Resolver<ResolversTypes['ProcessConnection'], ParentType, ContextType, RequireFields<ProcessChildrenArgs, 'first'>>;
  crons?: Resolver<Array<ResolversTypes['Cron']>, ParentType, ContextType>;
  evaluatedSlot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  headSlot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  messagesIn?: Resolver<ResolversTypes['SlotConnection'], ParentType, ContextType, RequireFields<ProcessMessagesInArgs, 'first'>>;
  messagesOut?: Resolver<ResolversTypes['TransactionConnection'], ParentType, ContextType, RequireFields<ProcessMessagesOutArgs, 'first'>>;
  module?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Process']>, ParentType, ContextType>;
  parentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  pushedFor?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  scheduler?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  spawnMessage?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
  spawnedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
};

export type ProcessConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProcessConnection'] = ResolversParentTypes['ProcessConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ProcessEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ProcessEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProcessEdge'] = ResolversParentTypes['ProcessEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Process'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  audit?: Resolver<Maybe<ResolversTypes['Audit']>, ParentType, ContextType, RequireFields<QueryAuditArgs, 'process'>>;
  block?: Resolver<Maybe<ResolversTypes['Block']>, ParentType, ContextType, Partial<QueryBlockArgs>>;
  blocks?: Resolver<ResolversTypes['BlockConnection'], ParentType, ContextType, RequireFields<QueryBlocksArgs, 'first' | 'sort'>>;
  message?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType, RequireFields<QueryMessageArgs, 'id'>>;
  process?: Resolver<Maybe<ResolversTypes['Process']>, ParentType, ContextType, RequireFields<QueryProcessArgs, 'id'>>;
  processes?: Resolver<ResolversTypes['ProcessConnection'], ParentType, ContextType, RequireFields<QueryProcessesArgs, 'first'>>;
  results?: Resolver<ResolversTypes['ResultConnection'], ParentType, ContextType, RequireFields<QueryResultsArgs, 'errorsOnly' | 'first' | 'process'>>;
  slots?: Resolver<ResolversTypes['SlotConnection'], ParentType, ContextType, RequireFields<QuerySlotsArgs, 'first' | 'process'>>;
  state?: Resolver<Maybe<ResolversTypes['StateValue']>, ParentType, ContextType, RequireFields<QueryStateArgs, 'path' | 'process'>>;
  stateDiff?: Resolver<Maybe<ResolversTypes['StateDiff']>, ParentType, ContextType, RequireFields<QueryStateDiffArgs, 'fromSlot' | 'path' | 'process' | 'toSlot'>>;
  tokenBalances?: Resolver<Maybe<ResolversTypes['TokenBalances']>, ParentType, ContextType, RequireFields<QueryTokenBalancesArgs, 'process'>>;
  tokenTransfers?: Resolver<ResolversTypes['TokenTransferConnection'], ParentType, ContextType, RequireFields<QueryTokenTransfersArgs, 'first' | 'process'>>;
  transaction?: Resolver<Maybe<ResolversTypes['Transaction']>, ParentType, ContextType, RequireFields<QueryTransactionArgs, 'id'>>;
  transactions?: Resolver<ResolversTypes['TransactionConnection'], ParentType, ContextType, RequireFields<QueryTransactionsArgs, 'first' | 'sort'>>;
  verify?: Resolver<Maybe<ResolversTypes['VerifyReport']>, ParentType, ContextType, RequireFields<QueryVerifyArgs, 'from' | 'process'>>;
};

export type ResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Result'] = ResolversParentTypes['Result']> = {
  assignments?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gasUsed?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['Transaction']>, ParentType, ContextType>;
  messageId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  output?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  slot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  spawns?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type ResultConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResultConnection'] = ResolversParentTypes['ResultConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ResultEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ResultEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResultEdge'] = ResolversParentTypes['ResultEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Result'], ParentType, ContextType>;
};

export type SlotResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Slot'] = ResolversParentTypes['Slot']> = {
  assignment?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
  blockHeight?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hashChain?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
  messageId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['Result']>, ParentType, ContextType>;
  slot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SlotConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SlotConnection'] = ResolversParentTypes['SlotConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SlotEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SlotEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SlotEdge'] = ResolversParentTypes['SlotEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Slot'], ParentType, ContextType>;
};

export type StateChangeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StateChange'] = ResolversParentTypes['StateChange']> = {
  after?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['StateChangeKind'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type StateDiffResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StateDiff'] = ResolversParentTypes['StateDiff']> = {
  changes?: Resolver<Array<ResolversTypes['StateChange']>, ParentType, ContextType>;
  equal?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fromSlot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  toSlot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  truncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type StateValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StateValue'] = ResolversParentTypes['StateValue']> = {
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  slot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  assignments?: SubscriptionResolver<ResolversTypes['Slot'], "assignments", ParentType, ContextType, RequireFields<SubscriptionAssignmentsArgs, 'process'>>;
  results?: SubscriptionResolver<ResolversTypes['Result'], "results", ParentType, ContextType, RequireFields<SubscriptionResultsArgs, 'process'>>;
};

export type TagResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TokenBalanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TokenBalance'] = ResolversParentTypes['TokenBalance']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  balance?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TokenBalancesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TokenBalances'] = ResolversParentTypes['TokenBalances']> = {
  balances?: Resolver<Array<ResolversTypes['TokenBalance']>, ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  slot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TokenTransferResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TokenTransfer'] = ResolversParentTypes['TokenTransfer']> = {
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TokenNoticeKind'], ParentType, ContextType>;
  notice?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TokenTransferConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TokenTransferConnection'] = ResolversParentTypes['TokenTransferConnection']> = {
  edges?: Resolver<Array<ResolversTypes['TokenTransferEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type TokenTransferEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TokenTransferEdge'] = ResolversParentTypes['TokenTransferEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['TokenTransfer'], ParentType, ContextType>;
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

export type VerifyReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VerifyReport'] = ResolversParentTypes['VerifyReport']> = {
  actual?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  checkpoints?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  detail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  divergentSlot?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expected?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  memoryHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  process?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  slots?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  start?: Resolver<ResolversTypes['VerifyFrom'], ParentType, ContextType>;
  startSlot?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  toSlot?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  Amount?: AmountResolvers<ContextType>;
  Audit?: AuditResolvers<ContextType>;
  Block?: BlockResolvers<ContextType>;
  BlockConnection?: BlockConnectionResolvers<ContextType>;
  BlockEdge?: BlockEdgeResolvers<ContextType>;
  Bundle?: BundleResolvers<ContextType>;
  Cron?: CronResolvers<ContextType>;
  DeliveryAudit?: DeliveryAuditResolvers<ContextType>;
  HeightRange?: HeightRangeResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Lineage?: LineageResolvers<ContextType>;
  LineageNode?: LineageNodeResolvers<ContextType>;
  Message?: MessageResolvers<ContextType>;
  MetaData?: MetaDataResolvers<ContextType>;
  Owner?: OwnerResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Parent?: ParentResolvers<ContextType>;
  Process?: ProcessResolvers<ContextType>;
  ProcessConnection?: ProcessConnectionResolvers<ContextType>;
  ProcessEdge?: ProcessEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Result?: ResultResolvers<ContextType>;
  ResultConnection?: ResultConnectionResolvers<ContextType>;
  ResultEdge?: ResultEdgeResolvers<ContextType>;
  Slot?: SlotResolvers<ContextType>;
  SlotConnection?: SlotConnectionResolvers<ContextType>;
  SlotEdge?: SlotEdgeResolvers<ContextType>;
  StateChange?: StateChangeResolvers<ContextType>;
  StateDiff?: StateDiffResolvers<ContextType>;
  StateValue?: StateValueResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  TokenBalance?: TokenBalanceResolvers<ContextType>;
  TokenBalances?: TokenBalancesResolvers<ContextType>;
  TokenTransfer?: TokenTransferResolvers<ContextType>;
  TokenTransferConnection?: TokenTransferConnectionResolvers<ContextType>;
  TokenTransferEdge?: TokenTransferEdgeResolvers<ContextType>;
  Transaction?: TransactionResolvers<ContextType>;
  TransactionConnection?: TransactionConnectionResolvers<ContextType>;
  TransactionEdge?: TransactionEdgeResolvers<ContextType>;
  VerifyReport?: VerifyReportResolvers<ContextType>;
};

