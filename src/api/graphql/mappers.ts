/** What each GraphQL object type's resolvers receive as parent (codegen `mappers`, see codegen.yml). */
import type { GatewayItem, ItemFilter } from '../../store/read/index.js';
import type { BlockRecord } from '../../store/types.js';

export type TransactionParent = GatewayItem;
export type BlockParent = BlockRecord;

export interface TransactionConnectionParent {
  items: GatewayItem[];
  hasNextPage: boolean;
  /** Kept so `count` can be computed only when asked for. */
  filter: ItemFilter;
}

export interface BlockConnectionParent {
  blocks: BlockRecord[];
  hasNextPage: boolean;
}
