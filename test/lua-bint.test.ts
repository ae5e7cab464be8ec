import { beforeAll, describe, expect, it } from 'vitest';
import { createLuaHarness, type LuaHarness } from './support/lua-harness.js';

let lua: LuaHarness;

beforeAll(async () => {
  lua = await createLuaHarness({ compat53: 'compat53.lua', '.bint': 'bint.lua' }, [
    "require('compat53'); bint = require('.bint')(256)",
  ]);
});

const wrap = (v: bigint): bigint => BigInt.asIntN(256, v);
const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const floorMod = (a: bigint, b: bigint): bigint => a - floorDiv(a, b) * b;

/** Deterministic pseudo-random 256-bit signed values of assorted sizes. */
function samples(count: number): bigint[] {
  let s = 0x1234567n;
  const next = (): bigint => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return s;
  };
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const words = Number(next() % 8n) + 1;
    let v = 0n;
    for (let w = 0; w < words; w++) v = (v << 32n) | (next() & 0xffffffffn);
    if (next() & 1n) v = -v;
    out.push(wrap(v));
  }
  return out;
}

describe('.bint construction and text', () => {
  it('adds one to 1e21 exactly', () => {
    expect(lua.eval("return tostring(bint('1000000000000000000000') + 1)")).toBe('1000000000000000000001');
  });

  it('parses decimal, hex and binary text, integers and integral floats', () => {
    expect(
      lua.eval(
        "return tostring(bint('0x10')), tostring(bint('-0x10')), tostring(bint('0b101')), tostring(bint(-42)), tostring(bint(1e16)), tostring(bint('+7')), tostring(bint.new(bint(9)))",
      ),
    ).toBe('16\t-16\t5\t-42\t10000000000000000\t7\t9');
  });

  it('round-trips values through decimal text', () => {
    const values = samples(40);
    const out = lua.eval(
      `local out = {}
       for _, s in ipairs({${values.map((v) => `'${v}'`).join(',')}}) do out[#out + 1] = tostring(bint(s)) end
       return table.concat(out, ' ')`,
    );
    expect(out).toBe(values.map(String).join(' '));
  });

  it('rejects text and numbers that are not integers', () => {
    for (const bad of ["'abc'", "' 5'", "'1e3'", "''", '1.5', '1e21', "'0x'", 'nil', '{}']) {
      expect(() => lua.eval(`return bint(${bad})`)).toThrow(/value cannot be represented by a bint/);
    }
    expect(lua.eval("return bint.fromstring('12a'), bint.frombase('zz', 36), bint.frombase('1', 37)")).toBe(
      'nil\t1295\tnil',
    );
  });

  it('formats in other bases, unsigned by default outside base 10', () => {
    expect(
      lua.eval(
        "return bint.tobase(bint(255), 16), bint.tobase(bint(-1), 16), bint.tobase(bint(-255), 16, false), bint.tobase(bint(5), 2), bint.tobase(bint('123456789012345678901234567890'), 36), bint.tobase(bint(-1), 10, true)",
      ),
    ).toBe(
      `ff\t${'f'.repeat(64)}\t-ff\t101\t${(123456789012345678901234567890n).toString(36)}\t${(2n ** 256n - 1n).toString()}`,
    );
  });

  it('converts to Lua numbers: integers when they fit, floats otherwise', () => {
    expect(
      lua.eval(
        "return math.type(bint.tonumber(bint(123))), bint.tonumber(bint(-7)), bint.tonumber(bint('1000000000000000000000')), bint.tointeger(bint('18446744073709551617')), bint.touinteger(bint(-1))",
      ),
    ).toBe('integer\t-7\t1e+21\t1\t-1');
  });

  it('stores 32-bit words like lua-bint and memoizes classes per width', () => {
    expect(
      lua.eval(
        "local b = bint('4294967297') return #b, b[1], b[2], require('.bint')(256) == bint, require('.bint')(512) == bint, bint.bits",
      ),
    ).toBe('8\t1\t1\ttrue\tfalse\t256');
  });

  it('converts to and from little- and big-endian bytes', () => {
    expect(
      lua.eval(
        "local b = bint('0x0102') return #bint.tole(b), bint.tobe(b, true) == '\\1\\2', bint.tole(b, true) == '\\2\\1', tostring(bint.frombe('\\1\\2')), tostring(bint.fromle('\\1\\2')), bint.tole(bint.zero(), true) == '\\0'",
      ),
    ).toBe('32\ttrue\ttrue\t258\t513\ttrue');
  });
});

describe('.bint arithmetic against JS BigInt', () => {
  const xs = samples(30);
  const ys = samples(61).slice(31);
  const pairs = xs.map((x, i) => [x, ys[i] === 0n ? 3n : (ys[i] as bigint)] as const);
  const list = `{${pairs.map(([a, b]) => `{'${a}','${b}'}`).join(',')}}`;

  const run = (expr: string): string[] =>
    lua
      .eval(
        `local out = {}
         for _, p in ipairs(${list}) do local a, b = bint(p[1]), bint(p[2]); out[#out + 1] = tostring(${expr}) end
         return table.concat(out, ' ')`,
      )
      .split(' ');

  it('adds, subtracts and multiplies with wrap-around at 256 bits', () => {
    expect(run('a + b')).toEqual(pairs.map(([a, b]) => String(wrap(a + b))));
    expect(run('a - b')).toEqual(pairs.map(([a, b]) => String(wrap(a - b))));
    expect(run('a * b')).toEqual(pairs.map(([a, b]) => String(wrap(a * b))));
  });

  it('floors // and % like Lua integers', () => {
    expect(run('a // b')).toEqual(pairs.map(([a, b]) => String(wrap(floorDiv(a, b)))));
    expect(run('a % b')).toEqual(pairs.map(([a, b]) => String(floorMod(a, b))));
  });

  it('truncates with tdiv and tmod', () => {
    expect(run('bint.tdiv(a, b)')).toEqual(pairs.map(([a, b]) => String(wrap(a / b))));
    expect(run('bint.tmod(a, b)')).toEqual(pairs.map(([a, b]) => String(a % b)));
  });

  it('divides unsigned with udivmod', () => {
    const u = (v: bigint): bigint => BigInt.asUintN(256, v);
    expect(run('bint.tobase(bint.udiv(a, b), 10, true)')).toEqual(pairs.map(([a, b]) => String(u(a) / u(b))));
    expect(run('bint.tobase(bint.umod(a, b), 10, true)')).toEqual(pairs.map(([a, b]) => String(u(a) % u(b))));
  });

  it('compares signed with < and <= and unsigned with ult', () => {
    expect(run('a < b')).toEqual(pairs.map(([a, b]) => String(a < b)));
    expect(run('a <= b')).toEqual(pairs.map(([a, b]) => String(a <= b)));
    expect(run('b <= b')).toEqual(pairs.map(() => 'true'));
    expect(run('bint.ult(a, b)')).toEqual(
      pairs.map(([a, b]) => String(BigInt.asUintN(256, a) < BigInt.asUintN(256, b))),
    );
  });

  it('does bitwise operations and shifts on the two-complement pattern', () => {
    expect(run('a & b')).toEqual(pairs.map(([a, b]) => String(a & b)));
    expect(run('a | b')).toEqual(pairs.map(([a, b]) => String(a | b)));
    expect(run('a ~ b')).toEqual(pairs.map(([a, b]) => String(a ^ b)));
    expect(run('~a')).toEqual(pairs.map(([a]) => String(~a)));
    expect(run('a << 37')).toEqual(pairs.map(([a]) => String(wrap(a << 37n))));
    expect(run('a >> 70')).toEqual(pairs.map(([a]) => String(wrap(BigInt.asUintN(256, a) >> 70n))));
  });

  it('raises integers to integer powers with wrap-around', () => {
    expect(
      lua.eval(
        'return tostring(bint.ipow(10, 18)), tostring(bint.ipow(bint(3), 200)), tostring(bint.ipow(2, 256))',
      ),
    ).toBe(`1000000000000000000\t${wrap(3n ** 200n)}\t0`);
    expect(
      lua.eval(
        'return tostring(bint.upowmod(4, 13, 497)), tostring(bint.ipow(7, 0)), tostring(bint.ipow(-2, 3))',
      ),
    ).toBe('445\t1\t-8');
  });
});

describe('.bint edge cases and mixing with Lua values', () => {
  it('wraps at the 256-bit boundary', () => {
    expect(
      lua.eval(
        'return tostring(bint.maxinteger()), bint.maxinteger() + 1 == bint.mininteger(), tostring(-bint.mininteger()), tostring(bint.mininteger() // -1), tostring(bint(1) << 255)',
      ),
    ).toBe(`${2n ** 255n - 1n}\ttrue\t${-(2n ** 255n)}\t${-(2n ** 255n)}\t${-(2n ** 255n)}`);
  });

  it('handles negative operands in floor division and modulo', () => {
    expect(
      lua.eval(
        'return tostring(bint(-7) // 2), tostring(bint(-7) % 2), tostring(bint(7) // -2), tostring(bint(7) % -2), tostring(bint(-7) % -2), tostring(bint.tdiv(-7, 2)), tostring(bint.tmod(-7, 2))',
      ),
    ).toBe('-4\t1\t-4\t-1\t-1\t-3\t-1');
  });

  it('mixes with integers and numeric strings as bints and with floats as Lua floats', () => {
    expect(
      lua.eval(
        "local b = bint(10) return tostring(b + 1), tostring(1 + b), tostring(b + '5'), tostring('5' + b), b + 0.5, b / 4, b ^ 2, bint.type(b + 1)",
      ),
    ).toBe('11\t11\t15\t15\t10.5\t2.5\t100.0\tbint');
  });

  it('compares with Lua numbers and checks equality across types with eq', () => {
    expect(
      lua.eval(
        'local b = bint(5) return b < 6, b <= 5, 4 < b, b < 5.5, b == 5, bint.eq(b, 5), b == bint(5), bint.eq(b, 5.5)',
      ),
    ).toBe('true\ttrue\ttrue\ttrue\tfalse\ttrue\ttrue\tfalse');
  });

  it('reports division by zero and division overflow', () => {
    expect(() => lua.eval('return bint(1) // 0')).toThrow(/attempt to divide by zero/);
    expect(() => lua.eval('return bint(1) % bint(0)')).toThrow(/attempt to divide by zero/);
    expect(() => lua.eval('return bint.tdiv(bint.mininteger(), -1)')).toThrow(/division overflow/);
  });

  it('provides the predicates and helpers of lua-bint', () => {
    expect(
      lua.eval(
        'return bint.iszero(bint(0)), bint.isone(bint(1)), bint.isminusone(bint(-1)), bint.isneg(bint(-3)), bint.ispos(bint(0)), bint.iseven(bint(4)), bint.isodd(bint(-3)), bint.isbint(5), bint.isintegral(5), bint.isnumeric(5.5), bint.type(5.5)',
      ),
    ).toBe('true\ttrue\ttrue\ttrue\tfalse\ttrue\ttrue\tfalse\ttrue\ttrue\tfloat');
    expect(
      lua.eval(
        'return tostring(bint.abs(-5)), tostring(bint.max(3, bint(9))), tostring(bint.min(-3, 2)), tostring(bint.inc(bint(9))), tostring(bint.dec(0)), tostring(bint.trunc(-2.7)), tostring(bint.floor(2.5)), tostring(bint.ceil(2.5)), tostring(bint.bwrap(bint(-1), 8)), tostring(bint.brol(bint(1), 256 - 1))',
      ),
    ).toBe(`5\t9\t-3\t10\t-1\t-2\t2\t3\t255\t${-(2n ** 255n)}`);
  });

  it('supports in-place methods through the class index', () => {
    expect(
      lua.eval(
        "local b = bint(5) b:_add(3) b:_sub('1') b:_inc() return tostring(b), tostring(b:_unm()), b:tobase(16)",
      ),
    ).toBe(`8\t-8\t${(2n ** 256n - 8n).toString(16)}`);
  });
});

describe('.bint as the aos token blueprint uses it', () => {
  it('runs transfer-style balance updates on decimal strings', () => {
    expect(
      lua.eval(`
        local utils = {
          add = function(a, b) return tostring(bint(a) + bint(b)) end,
          subtract = function(a, b) return tostring(bint(a) - bint(b)) end,
          toBalanceValue = function(a) return tostring(bint(a)) end,
        }
        local Balances = { OWNER = utils.toBalanceValue(10000 * 10 ^ 12) }
        local msg = { From = 'OWNER', Recipient = 'BOB', Quantity = '2500000000000000' }
        assert(bint.__lt(0, bint(msg.Quantity)), 'Quantity must be greater than 0')
        Balances.BOB = Balances.BOB or '0'
        if bint(msg.Quantity) <= bint(Balances[msg.From]) then
          Balances[msg.From] = utils.subtract(Balances[msg.From], msg.Quantity)
          Balances[msg.Recipient] = utils.add(Balances[msg.Recipient], msg.Quantity)
        end
        local total = bint.__add(bint(Balances.OWNER), bint(Balances.BOB))
        return Balances.OWNER, Balances.BOB, tostring(total), bint.tonumber(Balances.BOB) / 10 ^ 12,
          tostring(bint.ipow(10, 18) * bint(3)), bint.__le(bint('5'), bint('5'))`),
    ).toBe('7500000000000000\t2500000000000000\t10000000000000000\t2500.0\t3000000000000000000\ttrue');
  });
});
