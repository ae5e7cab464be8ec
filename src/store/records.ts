import { AoliteError } from '../core/errors.js';
import { tagValue } from '../core/tags.js';
import type { DataItem, Tag } from '../core/types.js';
import type { ModuleRecord, ProcessRecord } from './types.js';

/** The value of the first tag with this exact name, or null. */
const firstTag = (tags: readonly Tag[], name: string): string | null => tagValue(tags, name) ?? null;

function requiredTag(item: DataItem, kind: string, name: string): string {
  const value = firstTag(item.tags, name);
  if (value === null) {
    throw new AoliteError('MISSING_TAG', `${kind} item ${item.id} has no ${name} tag`, {
      id: item.id,
      tag: name,
    });
  }
  return value;
}

function requireType(item: DataItem, type: string): void {
  const actual = firstTag(item.tags, 'Type');
  if (actual !== type) {
    throw new AoliteError('BAD_REQUEST', `item ${item.id} has Type ${actual ?? '(none)'}, expected ${type}`, {
      id: item.id,
    });
  }
}

/** The processes row for a `Type=Process` item (needs `Module` and `Scheduler` tags). */
export function processRecordFromItem(item: DataItem, itemSeq: number, spawnedAt: number): ProcessRecord {
  requireType(item, 'Process');
  return {
    id: item.id,
    itemSeq,
    owner: item.ownerAddress,
    module: requiredTag(item, 'Process', 'Module'),
    scheduler: requiredTag(item, 'Process', 'Scheduler'),
    parent: firstTag(item.tags, 'From-Process'),
    pushedFor: firstTag(item.tags, 'Pushed-For'),
    spawnedAt,
  };
}

/** The modules row for a `Type=Module` item (needs `Module-Format`, `Input-Encoding`, `Output-Encoding`). */
export function moduleRecordFromItem(item: DataItem, itemSeq: number): ModuleRecord {
  requireType(item, 'Module');
  return {
    id: item.id,
    itemSeq,
    owner: item.ownerAddress,
    moduleFormat: requiredTag(item, 'Module', 'Module-Format'),
    inputEncoding: requiredTag(item, 'Module', 'Input-Encoding'),
    outputEncoding: requiredTag(item, 'Module', 'Output-Encoding'),
    memoryLimit: firstTag(item.tags, 'Memory-Limit'),
    computeLimit: firstTag(item.tags, 'Compute-Limit'),
  };
}
