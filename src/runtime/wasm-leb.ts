/**
 * LEB128, as the WebAssembly binary format encodes integers (module rewriting: wasm-module.ts,
 * wasm-loop-meter.ts, limit-allocator.ts).
 */

export function readUleb(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return { value, next: at };
}

/** The position after a signed LEB128 number (its value is not needed). */
export function skipLeb(bytes: Uint8Array, at: number): number {
  while (bytes[at++]! & 0x80);
  return at;
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}
