/** What each GraphQL object type's resolvers receive as parent (codegen `mappers`, see codegen.yml). */
import type { GatewayItem, ItemFilter } from '../../store/read/index.js';
import type { ResultRecord } from '../../store/results.js';
import type { BlockRecord, ProcessRecord, StoredAssignment } from '../../store/types.js';
import type { LineageChildren } from './delivery-lineage.js';

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

export type ProcessParent = ProcessRecord;
export type SlotParent = StoredAssignment;
export type ResultParent = ResultRecord;
/** A logged item seen as an ao message. */
export type MessageParent = GatewayItem;
export interface LineageParent {
  item: GatewayItem;
  /** The children walks done for this message in this request, by depth (children and childrenTruncated share one). */
  walks: Map<number, LineageChildren>;
}
export interface LineageNodeParent {
  depth: number;
  parentId: string;
  fromProcess: string;
  message: GatewayItem;
}

export interface ProcessConnectionParent {
  processes: ProcessRecord[];
  hasNextPage: boolean;
}
export interface SlotConnectionParent {
  assignments: StoredAssignment[];
  hasNextPage: boolean;
}
export interface ResultConnectionParent {
  results: ResultRecord[];
  hasNextPage: boolean;
}

export interface TokenTransferParent {
  kind: 'DEBIT' | 'CREDIT';
  from: string;
  to: string;
  quantity: string;
  notice: GatewayItem;
}
export interface TokenTransferConnectionParent {
  transfers: TokenTransferParent[];
  hasNextPage: boolean;
}
