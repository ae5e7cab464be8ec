import { AoliteError } from '../core/errors.js';
import type { DataItemDraft, Tag } from '../core/types.js';
import type { OutboxMessage, OutboxSpawn } from '../runtime/types.js';

/** Where an outbox entry comes from: the process that emitted it and the chain it belongs to. */
export interface OutboxSource {
  processId: string;
  /** The sender's `Module` tag (becomes `From-Module`). */
  moduleId: string;
  /** The user message at the root of the chain (becomes `Pushed-For`). */
  pushedFor: string;
}

const VARIANT = 'ao.TN.1';

/**
 * aos copies Lua values into tags as they are, so a tag value may be a number or a boolean. An ANS-104
 * tag is text: numbers and booleans are written as their JSON text (`100`, `true`); anything else
 * cannot be signed and the entry is refused with a message that names the tag.
 */
function tagText(name: unknown, value: unknown, where: string): Tag {
  if (typeof name !== 'string' || name === '') {
    throw new AoliteError('BAD_REQUEST', `${where}: a tag has no name (${JSON.stringify(name)})`);
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = JSON.stringify(value);
  else if (typeof value === 'boolean') text = String(value);
  else
    throw new AoliteError(
      'BAD_REQUEST',
      `${where}: tag ${name} has a ${value === null ? 'null' : typeof value} value, which cannot be signed`,
    );
  if (text === '')
    throw new AoliteError('BAD_REQUEST', `${where}: tag ${name} is empty; ANS-104 tags need a value`);
  return { name, value: text };
}

function dataText(data: unknown, where: string): string {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') return data;
  if (typeof data === 'number' || typeof data === 'boolean') return String(data);
  throw new AoliteError('BAD_REQUEST', `${where}: Data is a ${typeof data}; aos sends text`);
}

function entryTags(tags: OutboxMessage['Tags'], drop: ReadonlySet<string>, where: string): Tag[] {
  const out: Tag[] = [];
  for (const tag of tags ?? []) {
    if (drop.has(String(tag.name))) continue;
    out.push(tagText(tag.name, tag.value, where));
  }
  return out;
}

const messageDropped = new Set([
  'Data-Protocol',
  'Type',
  'From-Process',
  'From-Module',
  'Assignments',
  'Pushed-For',
]);

/**
 * The data item the messenger pushes for `Messages[i]` of a result (AOS-SEMANTICS.md 7.7): the entry's
 * tags minus the protocol ones it sets itself, then `Data-Protocol=ao, Type=Message, From-Process,
 * From-Module, Pushed-For`. Throws BAD_REQUEST when the entry cannot become a signed item.
 */
export function messageDraft(entry: OutboxMessage, source: OutboxSource, where: string): DataItemDraft {
  if (typeof entry.Target !== 'string' || entry.Target === '') {
    throw new AoliteError('BAD_REQUEST', `${where}: the message has no Target, so it is stored nowhere`);
  }
  return {
    target: entry.Target,
    anchor: typeof entry.Anchor === 'string' && entry.Anchor !== '' ? entry.Anchor : null,
    tags: [
      ...entryTags(entry.Tags, messageDropped, where),
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Type', value: 'Message' },
      { name: 'From-Process', value: source.processId },
      { name: 'From-Module', value: source.moduleId },
      { name: 'Pushed-For', value: source.pushedFor },
    ],
    data: dataText(entry.Data, where),
  };
}

const spawnDropped = new Set(['Data-Protocol', 'Type', 'Variant', 'From-Process', 'Pushed-For']);

export interface SpawnContext extends OutboxSource {
  /** This node's address: the scheduler of every process it spawns, and an Authority of it. */
  nodeAddress: string;
}

/**
 * The Process item the messenger creates for `Spawns[i]`. Besides the reference MU's tags it lists the
 * node's address as an `Authority` (unless the spawn already does), so that the child's aos trusts the
 * messages this node pushes to it, including its own spawn message (which runs On-Boot).
 */
export function spawnDraft(entry: OutboxSpawn, context: SpawnContext, where: string): DataItemDraft {
  const tags = entryTags(entry.Tags, spawnDropped, where);
  const has = (name: string) => tags.some((tag) => tag.name === name);
  const authorities = tags.filter((tag) => tag.name === 'Authority').flatMap((tag) => tag.value.split(','));
  const extra: Tag[] = [];
  if (!has('Scheduler')) extra.push({ name: 'Scheduler', value: context.nodeAddress });
  // aos splits an Authority value on commas only ("A, B" lists " B"): the node must be an exact entry.
  if (!authorities.includes(context.nodeAddress)) {
    extra.push({ name: 'Authority', value: context.nodeAddress });
  }
  return {
    anchor: typeof entry.Anchor === 'string' && entry.Anchor !== '' ? entry.Anchor : null,
    tags: [
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: VARIANT },
      { name: 'Type', value: 'Process' },
      ...tags,
      ...extra,
      { name: 'From-Process', value: context.processId },
      { name: 'Pushed-For', value: context.pushedFor },
    ],
    data: dataText(entry.Data, where),
  };
}

const noticeDropped = new Set(['Data-Protocol', 'Variant', 'Type', 'Pushed-For']);

/**
 * The `Action=Spawned` message the parent receives after a spawn: the spawn's tags (so its `Reference`
 * and `From-Process=<parent>` survive, which is what `Spawn(...).receive()` waits for) plus
 * `Process=<child>`.
 */
export function spawnedNoticeDraft(
  spawn: DataItemDraft,
  childId: string,
  parentId: string,
  pushedFor: string,
): DataItemDraft {
  return {
    target: parentId,
    tags: [
      ...spawn.tags.filter((tag) => !noticeDropped.has(tag.name)),
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: VARIANT },
      { name: 'Type', value: 'Message' },
      { name: 'Action', value: 'Spawned' },
      { name: 'Process', value: childId },
      { name: 'Pushed-For', value: pushedFor },
    ],
    data: '',
  };
}
