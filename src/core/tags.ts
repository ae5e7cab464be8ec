import type { Tag } from './types.js';

/** The value of the first tag with this name (ao's readers take the first), or undefined. */
export function tagValue(tags: readonly Tag[], name: string): string | undefined {
  for (const tag of tags) if (tag.name === name) return tag.value;
  return undefined;
}

/**
 * The data's media type as a gateway reads it: the first tag named Content-Type in any letter case
 * (HTTP header names are case-insensitive, and clients write `content-type` as often as not).
 */
export function contentTypeOf(tags: readonly Tag[]): string | undefined {
  for (const tag of tags)
    if (tag.name.length === 12 && tag.name.toLowerCase() === 'content-type') return tag.value;
  return undefined;
}

/** Every value of tags with this name, in order. */
export function tagValues(tags: readonly Tag[], name: string): string[] {
  const values: string[] = [];
  for (const tag of tags) if (tag.name === name) values.push(tag.value);
  return values;
}
