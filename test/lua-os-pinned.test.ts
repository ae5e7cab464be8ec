import { beforeAll, describe, expect, it } from 'vitest';
import { createLuaHarness, type LuaHarness } from './support/lua-harness.js';

let lua: LuaHarness;

beforeAll(async () => {
  lua = await createLuaHarness({ 'os-pinned': 'os-pinned.lua' }, ["require('os-pinned')"]);
});

const FMT = '%Y-%m-%d %H:%M:%S|%a %A %b %B|%j|%U %W %V %G %g|%u %w|%I %p|%y %C|%e|%D %F %R %T %r';

describe('os-pinned', () => {
  it('pins os.clock and the default time as in the random-time scenario', () => {
    expect(lua.eval('return os.clock()')).toBe('0.001');
    expect(lua.eval('return os.date()')).toBe('Thu Jan 01 00:00:10 1970');
    expect(lua.eval("return os.date('!%Y-%m-%d %H:%M:%S')")).toBe('1970-01-01 00:00:10');
    expect(lua.eval("return os.date('!%Y-%m-%d %H:%M:%S', 1700000000)")).toBe('2023-11-14 22:13:20');
  });

  it('formats in UTC with or without the ! prefix', () => {
    expect(lua.eval("return os.date('%H:%M', 1700000000), os.date('!%H:%M', 1700000000)")).toBe(
      '22:13\t22:13',
    );
  });

  // Expected strings produced by C strftime (gmtime) for the same instants.
  it.each([
    [
      0,
      '1970-01-01 00:00:00|Thu Thursday Jan January|001|00 00 01 1970 70|4 4|12 AM|70 19| 1|01/01/70 1970-01-01 00:00 00:00:00 12:00:00 AM',
    ],
    [
      951782400,
      '2000-02-29 00:00:00|Tue Tuesday Feb February|060|09 09 09 2000 00|2 2|12 AM|00 20|29|02/29/00 2000-02-29 00:00 00:00:00 12:00:00 AM',
    ],
    [
      1700000000,
      '2023-11-14 22:13:20|Tue Tuesday Nov November|318|46 46 46 2023 23|2 2|10 PM|23 20|14|11/14/23 2023-11-14 22:13 22:13:20 10:13:20 PM',
    ],
    [
      1609459200,
      '2021-01-01 00:00:00|Fri Friday Jan January|001|00 00 53 2020 20|5 5|12 AM|21 20| 1|01/01/21 2021-01-01 00:00 00:00:00 12:00:00 AM',
    ],
    [
      1546214400,
      '2018-12-31 00:00:00|Mon Monday Dec December|365|52 53 01 2019 19|1 1|12 AM|18 20|31|12/31/18 2018-12-31 00:00 00:00:00 12:00:00 AM',
    ],
    [
      1609372800,
      '2020-12-31 00:00:00|Thu Thursday Dec December|366|52 52 53 2020 20|4 4|12 AM|20 20|31|12/31/20 2020-12-31 00:00 00:00:00 12:00:00 AM',
    ],
    [
      -3153612345,
      '1870-01-24 20:34:15|Mon Monday Jan January|024|04 04 04 1870 70|1 1|08 PM|70 18|24|01/24/70 1870-01-24 20:34 20:34:15 08:34:15 PM',
    ],
    [
      253402300799,
      '9999-12-31 23:59:59|Fri Friday Dec December|365|52 52 52 9999 99|5 5|11 PM|99 99|31|12/31/99 9999-12-31 23:59 23:59:59 11:59:59 PM',
    ],
  ])('formats %i like strftime', (t, out) => {
    expect(lua.eval(`return os.date('!${FMT}', ${t})`)).toBe(out);
  });

  it('agrees with JS Date on calendar fields across four centuries', () => {
    const times: number[] = [];
    for (let t = -5_000_000_000; t < 8_000_000_000; t += 7_777_777) times.push(t);
    const lines = lua
      .eval(
        `local out = {}
         for _, t in ipairs({${times.join(',')}}) do out[#out + 1] = os.date('!%Y-%m-%d %H:%M:%S %w %j', t) end
         return table.concat(out, '\\n')`,
      )
      .split('\n');
    const expected = times.map((t) => {
      const d = new Date(t * 1000);
      const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      const yday = Math.floor((d.getTime() - start) / 86_400_000) + 1;
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${d.getUTCDay()} ${String(yday).padStart(3, '0')}`;
    });
    expect(lines).toEqual(expected);
  });

  it('returns the broken-down table for *t and !*t', () => {
    expect(
      lua.eval(`local t = os.date('!*t', 1700000000)
        return t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst`),
    ).toBe('2023\t11\t14\t22\t13\t20\t3\t318\tfalse');
    expect(lua.eval("local t = os.date('*t') return t.year, t.sec, t.wday")).toBe('1970\t10\t5');
  });

  it('accepts C99 E and O modifiers, %% and literal text', () => {
    expect(lua.eval("return os.date('!%Ey|%OH|%Ec|100%%', 1700000000)")).toBe(
      '23|22|Tue Nov 14 22:13:20 2023|100%',
    );
  });

  it('rejects invalid conversions and non-integral times with 5.3 messages', () => {
    // (not a tail call: a Lua function called in tail position loses its caller's line)
    expect(() => lua.eval("local s = os.date('%Q abc') return s")).toThrow(
      /\[string "test"\]:1: bad argument #1 to 'date' \(invalid conversion specifier '%Q abc'\)/,
    );
    expect(() => lua.eval("return os.date('%Ez')")).toThrow(/invalid conversion specifier '%Ez'/);
    expect(() => lua.eval("return os.date('%')")).toThrow(/invalid conversion specifier '%'/);
    expect(() => lua.eval("return os.date('%Y', 1.5)")).toThrow(
      /bad argument #2 to 'date' \(number has no integer representation\)/,
    );
    expect(() => lua.eval('return os.date({})')).toThrow(
      /bad argument #1 to 'date' \(string expected, got table\)/,
    );
  });
});
