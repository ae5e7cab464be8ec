import { describe, expect, it } from 'vitest';
import { messageDraft, spawnDraft, spawnedNoticeDraft } from '../src/messenger/outbox-items.js';
import { errorOf } from './support/error-of.js';

const source = { processId: 'PARENT', moduleId: 'MODULE', pushedFor: 'ROOT-MESSAGE' };
const base = [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: 'Message' },
  { name: 'Reference', value: '7' },
];

describe('outbox messages become pushed items', () => {
  it('keeps the entry tags, replaces the protocol tags and adds lineage', () => {
    const draft = messageDraft(
      {
        Target: 'BOB',
        Anchor: '00000000000000000000000000000007',
        Tags: [...base, { name: 'Action', value: 'Credit-Notice' }, { name: 'Quantity', value: 100 }],
        Data: 'hi',
      },
      source,
      'slot 3 message 0',
    );
    expect(draft).toEqual({
      target: 'BOB',
      anchor: '00000000000000000000000000000007',
      tags: [
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Reference', value: '7' },
        { name: 'Action', value: 'Credit-Notice' },
        { name: 'Quantity', value: '100' },
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Type', value: 'Message' },
        { name: 'From-Process', value: 'PARENT' },
        { name: 'From-Module', value: 'MODULE' },
        { name: 'Pushed-For', value: 'ROOT-MESSAGE' },
      ],
      data: 'hi',
    });
  });

  it('writes boolean tag values and numeric data as text', () => {
    const draft = messageDraft({ Target: 'B', Tags: [{ name: 'Flag', value: true }], Data: 42 }, source, 'x');
    expect(draft.tags[0]).toEqual({ name: 'Flag', value: 'true' });
    expect(draft.data).toBe('42');
  });

  it('refuses an entry without a target, a table-valued tag, or an empty tag', () => {
    expect(errorOf(() => messageDraft({ Tags: base }, source, 'slot 2 message 1')).message).toBe(
      'slot 2 message 1: the message has no Target, so it is stored nowhere',
    );
    expect(
      errorOf(() => messageDraft({ Target: 'B', Tags: [{ name: 'T', value: { a: 1 } }] }, source, 'm'))
        .message,
    ).toBe('m: tag T has a object value, which cannot be signed');
    expect(
      errorOf(() => messageDraft({ Target: 'B', Tags: [{ name: 'E', value: '' }] }, source, 'm')).message,
    ).toContain('tag E is empty');
  });
});

describe('outbox spawns become Process items', () => {
  const spawnTags = [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Process' },
    { name: 'From-Process', value: 'PARENT' },
    { name: 'From-Module', value: 'MODULE' },
    { name: 'Module', value: 'CHILD-MODULE' },
    { name: 'Reference', value: '3' },
    { name: 'On-Boot', value: 'Data' },
  ];

  it('adds the scheduler, the node as an Authority, and the lineage tags', () => {
    const draft = spawnDraft(
      { Data: 'Booted = true', Anchor: '00000000000000000000000000000003', Tags: spawnTags },
      { ...source, nodeAddress: 'NODE' },
      's',
    );
    expect(draft.tags).toEqual([
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Type', value: 'Process' },
      { name: 'From-Module', value: 'MODULE' },
      { name: 'Module', value: 'CHILD-MODULE' },
      { name: 'Reference', value: '3' },
      { name: 'On-Boot', value: 'Data' },
      { name: 'Scheduler', value: 'NODE' },
      { name: 'Authority', value: 'NODE' },
      { name: 'From-Process', value: 'PARENT' },
      { name: 'Pushed-For', value: 'ROOT-MESSAGE' },
    ]);
    expect(draft.data).toBe('Booted = true');
    expect(draft.target).toBeUndefined();
  });

  it('does not add the node as an Authority twice, and adds it when aos would read it with a space', () => {
    const tags = [...spawnTags, { name: 'Authority', value: 'OTHER,NODE' }];
    const draft = spawnDraft({ Tags: tags }, { ...source, nodeAddress: 'NODE' }, 's');
    expect(draft.tags.filter((t) => t.name === 'Authority')).toEqual([
      { name: 'Authority', value: 'OTHER,NODE' },
    ]);
    // aos splits on commas only: "OTHER, NODE" lists " NODE", which is not the node.
    const spaced = [...spawnTags, { name: 'Authority', value: 'OTHER, NODE' }];
    const added = spawnDraft({ Tags: spaced }, { ...source, nodeAddress: 'NODE' }, 's');
    expect(added.tags.filter((t) => t.name === 'Authority')).toEqual([
      { name: 'Authority', value: 'OTHER, NODE' },
      { name: 'Authority', value: 'NODE' },
    ]);
  });

  it('tells the parent with a Spawned notice that keeps the spawn Reference', () => {
    const spawn = spawnDraft({ Tags: spawnTags }, { ...source, nodeAddress: 'NODE' }, 's');
    const notice = spawnedNoticeDraft(spawn, 'CHILD', 'PARENT', 'ROOT-MESSAGE');
    expect(notice.target).toBe('PARENT');
    const map = Object.fromEntries(notice.tags.map((t) => [t.name, t.value]));
    expect(map).toMatchObject({
      Action: 'Spawned',
      Process: 'CHILD',
      Reference: '3',
      'From-Process': 'PARENT',
      Type: 'Message',
      'Data-Protocol': 'ao',
    });
    expect(notice.tags.filter((t) => t.name === 'Type')).toHaveLength(1);
  });
});
