import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { copyPagedImage, PAGE_SIZE, pagedImage, updatePagedImage } from '../src/runtime/memory.js';

describe('paged memory images', () => {
  it('shares unchanged pages, copies changed ones and never writes to pages it does not own', () => {
    const boot = new Uint8Array(3 * PAGE_SIZE).fill(1);
    const shared = pagedImage(boot);
    const memory = boot.slice();
    memory[PAGE_SIZE + 5] = 9;
    const owned = new WeakSet<Uint8Array>();

    const first = updatePagedImage(shared, memory, owned);
    expect(first.pages[0]).toBe(shared.pages[0]);
    expect(first.pages[2]).toBe(shared.pages[2]);
    expect(first.pages[1]).not.toBe(shared.pages[1]);
    expect(boot[PAGE_SIZE + 5]).toBe(1);

    memory[PAGE_SIZE + 6] = 7;
    const second = updatePagedImage(first, memory, owned);
    // The copied page is this caller's own: updated in place.
    expect(second.pages[1]).toBe(first.pages[1]);
    expect(second.pages[1]?.[6]).toBe(7);
    expect(boot[PAGE_SIZE + 6]).toBe(1);

    const target = new Uint8Array(4 * PAGE_SIZE).fill(3);
    copyPagedImage(second, target);
    expect(Buffer.from(target.subarray(0, 3 * PAGE_SIZE)).equals(Buffer.from(memory))).toBe(true);
    expect(target.subarray(3 * PAGE_SIZE).every((b) => b === 0)).toBe(true);
  });

  it('trims trailing zero pages like a snapshot does', () => {
    const memory = new Uint8Array(4 * PAGE_SIZE);
    memory[10] = 1;
    const image = updatePagedImage({ pages: [], byteLength: 0 }, memory);
    expect(image.byteLength).toBe(PAGE_SIZE);
    expect(image.pages).toHaveLength(1);
  });
});
