import { beforeAll, describe, expect, it } from 'vitest';
import { createLuaHarness, type LuaHarness } from './support/lua-harness.js';

let lua: LuaHarness;

beforeAll(async () => {
  lua = await createLuaHarness({ compat53: 'compat53.lua' }, ["require('compat53')"]);
});

describe('compat53: string arithmetic computes in float like Lua 5.3', () => {
  it.each([
    ['"5" + 1', '6.0'],
    ['1 + "2"', '3.0'],
    ['"5" * 2', '10.0'],
    ['10 - "3"', '7.0'],
    ['-"3"', '-3.0'],
    ['-"0"', '-0.0'],
    ['"7" // 2', '3.0'],
    ['"7" % 3', '1.0'],
    ['"-7" % 3', '2.0'],
    ['"1" / 2', '0.5'],
    ['"2" ^ 10', '1024.0'],
    ['"10" + "0x10"', '26.0'],
    ['" 4 " + 1', '5.0'],
    ['"1e2" + 0', '100.0'],
    ['"300" + 1', '301.0'],
  ])('%s gives %s', (expr, out) => {
    expect(lua.eval(`return tostring(${expr})`)).toBe(out);
  });

  it('token-style balance arithmetic on string balances prints a float', () => {
    expect(lua.eval(`local Balances = { BOB = "300" }; return tostring(Balances.BOB + 1)`)).toBe('301.0');
  });

  it('leaves number-number arithmetic untouched', () => {
    expect(lua.eval('return math.type(2 + 3), 2 + 3, 10 / 2, 7 // 2, 2^2')).toBe('integer\t5\t5.0\t3\t4.0');
  });

  it('raises the 5.3 message at the user line for non-numeric strings', () => {
    expect(() => lua.eval('local x = "abc"\nreturn x + 1')).toThrow(
      /\[string "test"\]:2: attempt to perform arithmetic on a string value$/,
    );
    expect(() => lua.eval('return -"abc"')).toThrow(/attempt to perform arithmetic on a string value/);
    expect(() => lua.eval('return "1" + {}')).toThrow(/attempt to perform arithmetic on a table value/);
    expect(() => lua.eval('return "1" + nil')).toThrow(/attempt to perform arithmetic on a nil value/);
  });

  it('delegates to the other operand metamethod as 5.3 did', () => {
    expect(
      lua.eval(
        'local t = setmetatable({}, { __add = function(a, b) return "added" end, __band = function() return "anded" end })\n' +
          'return "5" + t, t + "5", "5" & t',
      ),
    ).toBe('added\tadded\tanded');
  });
});

describe('compat53: bitwise operators accept numeric strings like Lua 5.3', () => {
  it.each([
    ['"10" | 1', '11'],
    ['"12" & "10"', '8'],
    ['"5" ~ 1', '4'],
    ['"1" << 4', '16'],
    ['"256" >> 4', '16'],
    ['~"0"', '-1'],
    ['"0x10" | 0', '16'],
    ['"3.0" | 0', '3'],
  ])('%s gives %s', (expr, out) => {
    expect(lua.eval(`return math.type(${expr}), ${expr}`)).toBe(`integer\t${out}`);
  });

  it('reports non-integral and non-numeric operands with 5.3 texts', () => {
    expect(() => lua.eval('return "1.5" | 1')).toThrow(/:1: number has no integer representation$/);
    expect(() => lua.eval('return "x" | 1')).toThrow(
      /:1: attempt to perform bitwise operation on a string value$/,
    );
  });
});

describe('compat53: bit32 follows Lua 5.2 semantics on 32-bit unsigned values', () => {
  it.each([
    ['bit32.band(0xFF, 0x0F)', '15'],
    ['bit32.band()', '4294967295'],
    ['bit32.bor(1, 2, 4)', '7'],
    ['bit32.bxor(5, 3)', '6'],
    ['bit32.bnot(0)', '4294967295'],
    ['bit32.bnot(-1)', '0'],
    ['bit32.lshift(1, 31)', '2147483648'],
    ['bit32.lshift(1, 32)', '0'],
    ['bit32.lshift(0xFFFFFFFF, 4)', '4294967280'],
    ['bit32.lshift(16, -2)', '4'],
    ['bit32.rshift(0x80000000, 31)', '1'],
    ['bit32.rshift(-1, 28)', '15'],
    ['bit32.arshift(0x80000000, 4)', '4160749568'],
    ['bit32.arshift(0x80000000, 40)', '4294967295'],
    ['bit32.arshift(0x40000000, 4)', '67108864'],
    ['bit32.arshift(1, -4)', '16'],
    ['bit32.lrotate(0x80000001, 1)', '3'],
    ['bit32.rrotate(3, 1)', '2147483649'],
    ['bit32.lrotate(0x12345678, 36)', '591751041'],
    ['bit32.extract(0xABCD, 4, 8)', '188'],
    ['bit32.extract(0x80000000, 31)', '1'],
    ['bit32.replace(0, 0xF, 4, 4)', '240'],
    ['bit32.replace(0xFFFFFFFF, 0, 0, 8)', '4294967040'],
    ['bit32.btest(1, 2)', 'false'],
    ['bit32.btest(3, 2)', 'true'],
    ['bit32.band(2^32 + 5, "7")', '5'],
  ])('%s gives %s', (expr, out) => {
    expect(lua.eval(`return ${expr}`)).toBe(out);
  });

  it('rejects bad fields and non-integers with the C library messages', () => {
    expect(() => lua.eval('return bit32.extract(1, 30, 4)')).toThrow(/trying to access non-existent bits/);
    expect(() => lua.eval('return bit32.extract(1, -1)')).toThrow(
      /bad argument #2 to 'extract' \(field cannot be negative\)/,
    );
    expect(() => lua.eval('return bit32.band(1.5)')).toThrow(
      /bad argument #1 to 'band' \(number has no integer representation\)/,
    );
    expect(() => lua.eval('return bit32.bor({})')).toThrow(
      /bad argument #1 to 'bor' \(number expected, got table\)/,
    );
  });
});

describe('compat53: 5.3 math compatibility functions', () => {
  it.each([
    ['math.pow(2, 10)', '1024.0'],
    ['math.pow("2", 0.5)', '1.4142135623731'],
    ['math.log10(1000)', '3.0'],
    ['math.ldexp(0.5, 4)', '8.0'],
    ['math.ldexp(1, -1074)', '4.9406564584125e-324'],
    ['math.ldexp(0.75, 1024)', '1.3482698511467e+308'],
    ['math.ldexp(1, 2000)', 'inf'],
    ['math.cosh(0)', '1.0'],
    ['math.cosh(1)', '1.5430806348152'],
    ['math.sinh(1)', '1.1752011936438'],
    ['math.sinh(-0.001)', '-0.0010000001666667'],
    ['math.sinh(710)', '1.1169973830809e+308'],
    ['math.cosh(-30)', '5343237290762.2'],
    ['math.sinh(5)', '74.203210577789'],
    ['math.tanh(3)', '0.99505475368673'],
    ['math.tanh(0.5)', '0.46211715726001'],
    ['math.tanh(-30)', '-1.0'],
  ])('%s gives %s', (expr, out) => {
    // expected values are JS Math results printed with 14 significant digits, as Lua's tostring does
    expect(lua.eval(`return tostring(${expr})`)).toBe(out);
  });

  it('frexp splits a float into mantissa and exponent', () => {
    expect(lua.eval('return math.frexp(8)')).toBe('0.5\t4');
    expect(lua.eval('return math.frexp(-3)')).toBe('-0.75\t2');
    expect(lua.eval('return math.frexp(0)')).toBe('0.0\t0');
    expect(lua.eval('return math.frexp(1.7976931348623157e308)')).toBe('1.0\t1024');
    expect(lua.eval('local m, e = math.frexp(5e-324) return m, e')).toBe('0.5\t-1073');
    expect(lua.eval('local m, e = math.frexp(0.1) return m == 0.8, e')).toBe('true\t-3');
  });
});

describe('compat53: globals look like aos Lua 5.3', () => {
  it('keeps 5.1 leftovers absent and reports Lua 5.3', () => {
    expect(lua.eval('return unpack, loadstring, table.getn, setfenv, _VERSION')).toBe(
      'nil\tnil\tnil\tnil\tLua 5.3',
    );
    expect(lua.eval('return type(bit32), type(math.pow), type(table.unpack)')).toBe(
      'table\tfunction\tfunction',
    );
  });
});
