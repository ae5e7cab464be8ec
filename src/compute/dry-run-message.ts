import { AoliteError } from '../core/errors.js';
import type { Tag } from '../core/types.js';
import type { AoMessage } from '../runtime/types.js';
import type { DryRunInput } from './types.js';

function bad(message: string): AoliteError {
  return new AoliteError('BAD_REQUEST', `dry-run: ${message}`);
}

function optionalString(input: DryRunInput, field: keyof DryRunInput): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw bad(`${field} must be a string, got ${Array.isArray(value) ? 'an array' : typeof value}`);
}

function optionalInteger(input: DryRunInput, field: keyof DryRunInput): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw bad(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

function tagsOf(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad('Tags must be an array of {name, value}');
  return value.map((tag: unknown, i) => {
    const t = tag as { name?: unknown; value?: unknown } | null;
    if (t === null || typeof t !== 'object' || typeof t.name !== 'string' || t.name === '') {
      throw bad(`Tags[${i}] must be an object with a non-empty string name`);
    }
    const v = t.value;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw bad(`Tags[${i}] (${t.name}) must have a string value`);
    }
    return { name: t.name, value: String(v) };
  });
}

/** The latest evaluated assignment's clock: what a dry-run message defaults to. */
export interface DryRunClock {
  timestamp: number;
  blockHeight: number;
}

/**
 * The message a dry-run evaluates (AO-PROTOCOL.md, Compute semantics): the posted fields merged over
 * the latest state's Timestamp and Block-Height, `Read-Only: true`, Target defaulting to the process,
 * From computed as for logged messages (the `From-Process` tag, else Owner), From/Owner tags dropped.
 * Throws BAD_REQUEST naming a field of the wrong type.
 */
export function dryRunMessage(input: unknown, processId: string, clock: DryRunClock): AoMessage {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw bad('the body must be a JSON object {Id, Owner, Target, Data, Tags, Anchor}');
  }
  const body = input as DryRunInput;
  const tags = tagsOf(body.Tags);
  const owner = optionalString(body, 'Owner') ?? '';
  const fromProcess = tags.find((tag) => tag.name === 'From-Process')?.value;
  const message: AoMessage = {
    Owner: owner,
    From: fromProcess ? fromProcess : owner,
    Target: optionalString(body, 'Target') ?? processId,
    Tags: tags.filter((tag) => tag.name !== 'From' && tag.name !== 'Owner'),
    Timestamp: optionalInteger(body, 'Timestamp') ?? clock.timestamp,
    'Block-Height': optionalInteger(body, 'Block-Height') ?? clock.blockHeight,
    'Read-Only': true,
  };
  const id = optionalString(body, 'Id');
  if (id !== undefined) message.Id = id;
  const data = optionalString(body, 'Data');
  if (data !== undefined) message.Data = data;
  const anchor = optionalString(body, 'Anchor');
  if (anchor !== undefined) message.Anchor = anchor;
  if (fromProcess) message['Forwarded-By'] = owner;
  return message;
}
