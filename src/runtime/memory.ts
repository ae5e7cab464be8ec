import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

/**
 * Linear-memory helpers shared by snapshots and the checkpoint store. A process's memory is compared,
 * hashed and stored as its *used length*: the memory up to its last non-zero 64 KiB page. WASM memory
 * never shrinks, so two engines in the same Lua state can have different sizes that differ only in
 * trailing zero pages (a rolled-back memory bomb, a restored snapshot that needed growth); trimming
 * makes their snapshots and hashes identical.
 */
export const PAGE_SIZE = 65_536;

const ZERO_PAGE = Buffer.alloc(PAGE_SIZE);

function asBuffer(bytes: Uint8Array, offset: number, length: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, length);
}

/** True when `length` bytes of `bytes` from `offset` are all zero. */
export function isZeroRange(bytes: Uint8Array, offset: number, length: number): boolean {
  for (let done = 0; done < length; done += PAGE_SIZE) {
    const n = Math.min(PAGE_SIZE, length - done);
    if (!asBuffer(bytes, offset + done, n).equals(n === PAGE_SIZE ? ZERO_PAGE : ZERO_PAGE.subarray(0, n))) {
      return false;
    }
  }
  return true;
}

/** Length of `memory` up to the end of its last page holding a non-zero byte (a multiple of PAGE_SIZE). */
export function usedLength(memory: Uint8Array): number {
  let end = Math.ceil(memory.byteLength / PAGE_SIZE) * PAGE_SIZE;
  while (end > 0) {
    const start = end - PAGE_SIZE;
    const length = Math.min(PAGE_SIZE, memory.byteLength - start);
    if (!isZeroRange(memory, start, length)) return end;
    end = start;
  }
  return 0;
}

/** Number of PAGE_SIZE pages in `byteLength` bytes (the last one may be short). */
export function pageCount(byteLength: number): number {
  return Math.ceil(byteLength / PAGE_SIZE);
}

/** Page `index` of `memory` as a view (no copy; the last page may be short). */
export function pageOf(memory: Uint8Array, index: number): Uint8Array {
  const start = index * PAGE_SIZE;
  return memory.subarray(start, Math.min(start + PAGE_SIZE, memory.byteLength));
}

/** SHA-256 (hex) of the used part of a memory image. */
export function hashMemory(memory: Uint8Array): string {
  return createHash('sha256')
    .update(memory.subarray(0, Math.min(usedLength(memory), memory.byteLength)))
    .digest('hex');
}

/**
 * Writes `source` (a memory image) into `target` page by page, leaving the rest of `target` zero.
 * Pages already equal are not written (restoring into a mostly unchanged memory touches few pages, and
 * zero pages of a fresh memory stay unmapped). `target` must be at least as long as `source`.
 */
export function copyPages(source: Uint8Array, target: Uint8Array): void {
  if (target.byteLength < source.byteLength) {
    throw new RangeError(`memory of ${target.byteLength} bytes cannot hold ${source.byteLength} bytes`);
  }
  for (let start = 0; start < target.byteLength; start += PAGE_SIZE) {
    const length = Math.min(PAGE_SIZE, target.byteLength - start);
    const dest = asBuffer(target, start, length);
    if (start >= source.byteLength) {
      if (!dest.equals(length === PAGE_SIZE ? ZERO_PAGE : ZERO_PAGE.subarray(0, length))) dest.fill(0);
      continue;
    }
    const sourceLength = Math.min(length, source.byteLength - start);
    const src = asBuffer(source, start, sourceLength);
    if (!dest.subarray(0, sourceLength).equals(src)) dest.set(src);
    if (sourceLength < length) dest.fill(0, sourceLength);
  }
}

/**
 * Writes a memory image into a fresh memory: `target` is all zero except below `dirtyLength` (the
 * glue's data segments). Zero pages of the image above that are not written, so they stay unmapped.
 * `target` must be at least as long as `source`.
 */
export function writeImage(source: Uint8Array, target: Uint8Array, dirtyLength: number): void {
  if (target.byteLength < source.byteLength) {
    throw new RangeError(`memory of ${target.byteLength} bytes cannot hold ${source.byteLength} bytes`);
  }
  for (let start = 0; start < source.byteLength; start += PAGE_SIZE) {
    const length = Math.min(PAGE_SIZE, source.byteLength - start);
    const src = asBuffer(source, start, length);
    if (
      start >= dirtyLength &&
      src.equals(length === PAGE_SIZE ? ZERO_PAGE : ZERO_PAGE.subarray(0, length))
    ) {
      continue;
    }
    target.set(src, start);
  }
  if (dirtyLength > source.byteLength) target.fill(0, source.byteLength, dirtyLength);
}

/**
 * A memory image held as PAGE_SIZE pages (the last may be short). Pages are never written to, so
 * images share the pages they have in common: a new image of a memory that changed in a few pages
 * copies only those (`updatePagedImage`), and the first image of a process can be the boot image
 * every process of the library shares.
 */
export interface PagedImage {
  readonly pages: readonly Uint8Array[];
  readonly byteLength: number;
}

/** `image` as pages (views into it, no copy). */
export function pagedImage(image: Uint8Array): PagedImage {
  const pages: Uint8Array[] = [];
  for (let i = 0; i < pageCount(image.byteLength); i++) pages.push(pageOf(image, i));
  return { pages, byteLength: image.byteLength };
}

/**
 * The used part of `memory` as a paged image, reusing the pages of `previous` that did not change.
 * With `owned` (the pages a caller made and nobody else holds), `previous` is given up: its changed
 * pages that are in `owned` are overwritten in place instead of copied anew; new copies are added.
 */
export function updatePagedImage(
  previous: PagedImage,
  memory: Uint8Array,
  owned?: WeakSet<Uint8Array>,
): PagedImage {
  const byteLength = usedLength(memory);
  const pages: Uint8Array[] = [];
  for (let i = 0; i < pageCount(byteLength); i++) {
    const page = pageOf(memory, i);
    const old = previous.pages[i];
    const sameSize = old !== undefined && old.byteLength === page.byteLength;
    if (sameSize && asBuffer(old, 0, old.byteLength).equals(page)) {
      pages.push(old);
    } else if (sameSize && owned?.has(old)) {
      old.set(page);
      pages.push(old);
    } else {
      const copy = page.slice();
      owned?.add(copy);
      pages.push(copy);
    }
  }
  return { pages, byteLength };
}

/** As copyPages, from a paged image. */
export function copyPagedImage(source: PagedImage, target: Uint8Array): void {
  if (target.byteLength < source.byteLength) {
    throw new RangeError(`memory of ${target.byteLength} bytes cannot hold ${source.byteLength} bytes`);
  }
  for (let start = 0, i = 0; start < target.byteLength; start += PAGE_SIZE, i++) {
    const length = Math.min(PAGE_SIZE, target.byteLength - start);
    const dest = asBuffer(target, start, length);
    const page = source.pages[i];
    if (!page) {
      if (!dest.equals(length === PAGE_SIZE ? ZERO_PAGE : ZERO_PAGE.subarray(0, length))) dest.fill(0);
      continue;
    }
    const src = asBuffer(page, 0, page.byteLength);
    if (!dest.subarray(0, page.byteLength).equals(src)) dest.set(src);
    if (page.byteLength < length) dest.fill(0, page.byteLength);
  }
}
