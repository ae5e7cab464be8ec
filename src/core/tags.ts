import type { Tag } from './types.js';

/** The value of the first tag with this name (ao's readers take the first), or undefined. */
export function tagValue(tags: readonly Tag[], name: string): string | undefined {
  for (const tag of tags) if (tag.name === name) return tag.value;
  return undefined;
}

/** Every value of tags with this name, in order. */
export function tagValues(tags: readonly Tag[], name: string): string[] {
  const values: string[] = [];
  for (const tag of tags) if (tag.name === name) values.push(tag.value);
  return values;
}
