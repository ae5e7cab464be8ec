import { describe, expect, it } from 'vitest';
import { meterLoops, UNMETERED } from '../src/runtime/wasm-loop-meter.js';
import { glueBytes } from '../src/runtime/wasm-module.js';

/**
 * A module by hand: `spin(n)` loops n times; `fill(n)` memory.fill's n bytes of 7 from address 0; one
 * page of memory, exported; one global (the meter appends its own after it).
 */
function tinyModule(
  fillBody = [0x00, 0x41, 0x00, 0x41, 0x07, 0x20, 0x00, 0xfc, 0x0b, 0x00, 0x0b],
): Uint8Array {
  const spinBody = [0x00, 0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x0b];
  const section = (id: number, content: number[]) => [id, content.length, ...content];
  const name = (text: string) => [text.length, ...Buffer.from(text)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x00]),
    ...section(3, [0x02, 0x00, 0x00]),
    ...section(5, [0x01, 0x00, 0x01]),
    ...section(6, [0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b]),
    ...section(7, [
      0x03,
      ...name('spin'),
      0x00,
      0x00,
      ...name('fill'),
      0x00,
      0x01,
      ...name('mem'),
      0x02,
      0x00,
    ]),
    ...section(10, [0x02, spinBody.length, ...spinBody, fillBody.length, ...fillBody]),
  ]);
}

interface Tiny {
  spin(n: number): void;
  fill(n: number): void;
  mem: { buffer: ArrayBuffer };
  budget: { value: bigint };
}

function instantiate(bytes: Uint8Array<ArrayBuffer>): Tiny {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  return instance.exports as unknown as Tiny;
}

describe('the loop meter (wasm-loop-meter.ts)', () => {
  it('leaves a module working as before while its budget is UNMETERED, counting every loop iteration', () => {
    const { bytes, stats } = meterLoops(tinyModule(), 'budget');
    expect(stats).toEqual({ functions: 2, loops: 1, bulk: 1, dispatch: 0, global: 1 });
    const tiny = instantiate(bytes);
    expect(tiny.budget.value).toBe(UNMETERED);
    tiny.spin(1000);
    expect(tiny.budget.value).toBe(UNMETERED - 1000n);
  });

  it('traps when a loop runs the budget out, and not before', () => {
    const tiny = instantiate(meterLoops(tinyModule(), 'budget').bytes);
    tiny.budget.value = 5n;
    tiny.spin(4);
    expect(tiny.budget.value).toBe(1n);
    expect(() => tiny.spin(1)).toThrow(WebAssembly.RuntimeError);
    expect(tiny.budget.value).toBe(0n);
  });

  it('charges a bulk fill one unit per 16 bytes before it runs: a fill over budget never writes', () => {
    const tiny = instantiate(meterLoops(tinyModule(), 'budget').bytes);
    tiny.budget.value = 100n;
    tiny.fill(160);
    expect(tiny.budget.value).toBe(90n);
    const memory = new Uint8Array(tiny.mem.buffer);
    expect(memory[159]).toBe(7);
    expect(memory[160]).toBe(0);
    memory.fill(0);
    expect(() => tiny.fill(16 * 90)).toThrow(WebAssembly.RuntimeError);
    expect(tiny.budget.value).toBe(0n);
    expect(memory.every((b) => b === 0)).toBe(true);
  });

  it('refuses a module with an instruction it cannot read rather than meter part of it', () => {
    const simd = [0x00, 0xfd, 0x00, 0x41, 0x00, 0x20, 0x00, 0xfc, 0x0b, 0x00, 0x0b];
    expect(() => meterLoops(tinyModule(simd), 'budget')).toThrow('opcode 0xfd is not supported');
  });

  it("meters every loop and bulk copy of wasmoon's Lua build, the same bytes every time", () => {
    const first = meterLoops(glueBytes(), 'budget');
    expect(first.stats.loops).toBeGreaterThanOrEqual(600);
    // luaV_execute's opcode loop is found (the instruction hook counts its iterations) and left unprobed
    expect(first.stats.dispatch).toBe(1);
    expect(first.stats.bulk).toBeGreaterThanOrEqual(40);
    expect(() => new WebAssembly.Module(first.bytes)).not.toThrow();
    expect(Buffer.from(meterLoops(glueBytes(), 'budget').bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });
});
