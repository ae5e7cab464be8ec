import { describe, expect, it } from 'vitest';
import { withBootImage } from '../../src/compute/boot-image.js';
import {
  createProcessRuntime,
  type ProcessRuntime,
  type ProcessRuntimeOptions,
} from '../../src/runtime/process-runtime.js';
import { toyEnv, toyMessage } from '../fixtures/messages.js';
import { toyLibrary as library } from '../fixtures/toy-library.js';

const LIMITS = { gas: 10_000_000, memoryBytes: 64 * 1024 * 1024 };
const COUNT = 'count = (count or 0) + 1 print("count " .. count)';

describe('the boot image', () => {
  it('boots the library once, then starts genesis runtimes from the same memory', async () => {
    const calls: ProcessRuntimeOptions[] = [];
    const create = withBootImage(async (options) => {
      calls.push(options);
      return createProcessRuntime(options);
    });
    const booted = await createProcessRuntime({ library, limits: LIMITS });
    const first = await create({ library, limits: LIMITS });
    const second = await create({ library, limits: LIMITS });
    const runtimes: ProcessRuntime[] = [booted, first, second];
    try {
      expect(calls[0]!.snapshot).toBeUndefined();
      expect(calls[1]!.snapshot).toBeInstanceOf(Uint8Array);
      expect(first.memoryHash()).toBe(booted.memoryHash());
      expect(second.memoryHash()).toBe(booted.memoryHash());

      // The same messages give the same results and memory either way.
      for (let i = 1; i <= 3; i++) {
        const a = booted.handle(toyMessage(COUNT, i), toyEnv);
        expect(second.handle(toyMessage(COUNT, i), toyEnv)).toEqual(a);
        expect(a.Output).toBe(`count ${i}`);
      }
      expect(second.memoryHash()).toBe(booted.memoryHash());
    } finally {
      for (const runtime of runtimes) runtime.close();
    }
  });

  it('leaves a runtime that starts from a given snapshot alone', async () => {
    const seen: Array<Uint8Array | undefined> = [];
    const create = withBootImage(async (options) => {
      seen.push(options.snapshot);
      return createProcessRuntime(options);
    });
    const source = await createProcessRuntime({ library, limits: LIMITS });
    const snapshot = source.snapshot();
    const restored = await create({ library, limits: LIMITS, snapshot });
    try {
      expect(seen).toEqual([snapshot]);
      expect(restored.memoryHash()).toBe(source.memoryHash());
    } finally {
      source.close();
      restored.close();
    }
  });
});
