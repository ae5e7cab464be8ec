import DataLoader from 'dataloader';
import type { GatewayReads } from '../../store/read/index.js';
import type { Loaders } from './context.js';

/** Fresh loaders for one request (their caches must not outlive it). */
export function createLoaders(reads: GatewayReads): Loaders {
  return {
    itemById: new DataLoader(async (ids) => {
      const byId = new Map(reads.itemsByIds(ids).map((item) => [item.id, item]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    blockByHeight: new DataLoader(async (heights) => {
      const byHeight = new Map(reads.blocksByHeights(heights).map((block) => [block.height, block]));
      return heights.map((height) => byHeight.get(height) ?? null);
    }),
  };
}
