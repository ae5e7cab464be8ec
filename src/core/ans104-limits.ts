/** The ANS-104 limits on a data item's fields, and the one place that checks a tag against them. */
import { AoliteError } from './errors.js';

export const MAX_TAGS = 128;
export const MAX_TAG_NAME_BYTES = 1024;
export const MAX_TAG_VALUE_BYTES = 3072;
/** Length of target and anchor when present. */
export const TARGET_BYTES = 32;
export const ANCHOR_BYTES = 32;

export function checkTagCount(count: number): void {
  if (count > MAX_TAGS) {
    throw new AoliteError('LIMIT_EXCEEDED', `too many tags: ${count} (ANS-104 allows at most ${MAX_TAGS})`, {
      count,
      max: MAX_TAGS,
    });
  }
}

/** Checks tag number `index` (0-based) given the UTF-8 byte lengths of its name and value. */
export function checkTagSizes(index: number, nameBytes: number, valueBytes: number, name?: string): void {
  // The common case (every size in range) first: the error label is only built for an error.
  if (
    nameBytes !== 0 &&
    nameBytes <= MAX_TAG_NAME_BYTES &&
    valueBytes !== 0 &&
    valueBytes <= MAX_TAG_VALUE_BYTES
  ) {
    return;
  }
  const label = name === undefined ? `tag ${index}` : `tag ${index} (${JSON.stringify(truncate(name))})`;
  if (nameBytes === 0) {
    throw new AoliteError(
      'INVALID_DATA_ITEM',
      `tag ${index} has an empty name (ANS-104 tag names are non-empty)`,
    );
  }
  if (nameBytes > MAX_TAG_NAME_BYTES) {
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `tag ${index} name is too long: ${nameBytes} bytes (ANS-104 allows at most ${MAX_TAG_NAME_BYTES})`,
      { index, bytes: nameBytes, max: MAX_TAG_NAME_BYTES },
    );
  }
  if (valueBytes === 0) {
    throw new AoliteError(
      'INVALID_DATA_ITEM',
      `${label} has an empty value (ANS-104 tag values are non-empty)`,
    );
  }
  if (valueBytes > MAX_TAG_VALUE_BYTES) {
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `${label} value is too long: ${valueBytes} bytes (ANS-104 allows at most ${MAX_TAG_VALUE_BYTES})`,
      { index, bytes: valueBytes, max: MAX_TAG_VALUE_BYTES },
    );
  }
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
