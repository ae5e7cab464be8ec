import { describe, expect, it } from 'vitest';
import type { DataItem, Tag } from '../src/core/types.js';
import { classifyPostedItem } from '../src/messenger/classify.js';
import { errorOf } from './support/error-of.js';

const SU = 'SU-ADDRESS-0000000000000000000000000000000001';
const PROCESS = 'PROCESS-00000000000000000000000000000000001';

function item(tags: Tag[], target: string | null = null): DataItem {
  return {
    id: 'ID',
    signatureType: 2,
    signature: new Uint8Array(64),
    owner: new Uint8Array(32),
    ownerAddress: 'OWNER',
    target,
    anchor: null,
    tags,
    data: new Uint8Array(),
    raw: new Uint8Array(),
  };
}

const ao = { name: 'Data-Protocol', value: 'ao' };

describe('classifying posted items', () => {
  it('accepts a process naming this scheduler and a module', () => {
    const tags = [
      ao,
      { name: 'Type', value: 'Process' },
      { name: 'Module', value: 'MOD' },
      { name: 'Scheduler', value: SU },
    ];
    expect(classifyPostedItem(item(tags), SU)).toEqual({ kind: 'process', module: 'MOD', scheduler: SU });
  });

  it('accepts a message with a target', () => {
    expect(classifyPostedItem(item([ao, { name: 'Type', value: 'Message' }], PROCESS), SU)).toEqual({
      kind: 'message',
      target: PROCESS,
    });
  });

  it('refuses an item without Data-Protocol=ao', () => {
    const error = errorOf(() => classifyPostedItem(item([{ name: 'Type', value: 'Message' }], PROCESS), SU));
    expect(error.code).toBe('MISSING_TAG');
    expect(error.message).toContain('Data-Protocol=ao');
  });

  it('refuses a process for another scheduler, naming both', () => {
    const tags = [
      ao,
      { name: 'Type', value: 'Process' },
      { name: 'Module', value: 'M' },
      { name: 'Scheduler', value: 'X' },
    ];
    const error = errorOf(() => classifyPostedItem(item(tags), SU));
    expect(error.code).toBe('WRONG_SCHEDULER');
    expect(error.message).toContain(SU);
  });

  it('refuses a process without a Module tag', () => {
    const tags = [ao, { name: 'Type', value: 'Process' }, { name: 'Scheduler', value: SU }];
    expect(errorOf(() => classifyPostedItem(item(tags), SU)).message).toContain('Module tag');
  });

  it('refuses a message without a target', () => {
    expect(
      errorOf(() => classifyPostedItem(item([ao, { name: 'Type', value: 'Message' }]), SU)).message,
    ).toContain('needs a target');
  });

  it('refuses other types by name', () => {
    const error = errorOf(() => classifyPostedItem(item([ao, { name: 'Type', value: 'Assignment' }]), SU));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('Type=Assignment');
  });
});
