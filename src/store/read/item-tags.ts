import type { Tag } from '../../core/types.js';
import type { GatewayItem } from './types.js';

/** The tags of a gateway item, in order. */
export function tagsOf(item: GatewayItem): Tag[] {
  return JSON.parse(item.tags) as Tag[];
}

/** The value of the first tag named `name`. */
export function tagValue(tags: readonly Tag[], name: string): string | undefined {
  return tags.find((t) => t.name === name)?.value;
}
