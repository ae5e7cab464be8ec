import type DataLoader from 'dataloader';
import type { GatewayItem, GatewayReads } from '../../store/read/index.js';
import type { BlockRecord } from '../../store/types.js';

/** Per-request loaders: one batched query per kind of lookup, however many nodes ask. */
export interface Loaders {
  itemById: DataLoader<string, GatewayItem | null>;
  blockByHeight: DataLoader<number, BlockRecord | null>;
}

/** What every resolver receives: the read side and this request's loaders. */
export interface GraphQLContext {
  reads: GatewayReads;
  loaders: Loaders;
}
