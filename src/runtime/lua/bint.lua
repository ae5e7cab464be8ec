--[[
.bint — fixed-width big integers with the API of lua-bint 0.5.x, as aos programs use it:

    local bint = require('.bint')(256)
    local q = bint(msg.Quantity)                 -- from decimal / 0x hex / 0b binary text or a number
    if bint(Balances[from]) >= q then ... end    -- metamethods mix bints, integers and numeric strings
    Balances[to] = tostring(bint(Balances[to]) + q)

Semantics (matching lua-bint): a value is `bits` wide in two's complement and every operation wraps
around at that width; `//` and `%` round towards minus infinity, `bint.tdiv`/`tmod` towards zero;
`/` and `^` convert to Lua numbers and return floats; an operation whose operand cannot become a
bint (a fractional float, a non-integer string) falls back to Lua number arithmetic.
Calling the module with the same (bits, wordbits) returns the same class, so bints made by
different callers interoperate.

Representation: a bint is a table with the metatable `bint` whose array part holds
bits/wordbits words, least significant first, each in [0, 2^wordbits) inside a Lua integer
(wordbits defaults to 32, so products of two words fit in 64 bits with logical shifts).
]]

local math_type, math_floor, math_ceil, math_abs, math_modf = math.type, math.floor, math.ceil, math.abs, math.modf
local math_max, math_min, math_mininteger, math_maxinteger = math.max, math.min, math.mininteger, math.maxinteger
local setmetatable, getmetatable, tonumber, tostring, type = setmetatable, getmetatable, tonumber, tostring, type
local assert, error, string_format, string_char = assert, error, string.format, string.char
local table_concat, table_unpack = table.concat, table.unpack

-- Lua integer -> its value; integral float within the integer range -> integer; else nil.
-- Numeric strings are accepted (tonumber), as in lua-bint.
local function luainteger(v)
  local n = tonumber(v)
  if math_type(n) == 'integer' then return n end
  if n ~= nil and n == math_floor(n) then
    local f = math_floor(n)
    if math_type(f) == 'integer' then return f end
  end
  return nil
end

local INTBITS = 64
local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
local classes = {}

local function newclass(bits, wordbits)
  bits = bits or 256
  wordbits = wordbits or (INTBITS // 2)
  local key = bits * 64 + wordbits
  if classes[key] then return classes[key] end

  assert(bits % wordbits == 0, 'bitsize is not multiple of word bitsize')
  assert(2 * wordbits <= INTBITS, 'word bitsize must be half of the lua integer bitsize')
  assert(bits >= 64, 'bitsize must be >= 64')
  assert(wordbits >= 8, 'wordbits must be at least 8')
  assert(bits % 8 == 0, 'bitsize must be multiple of 8')

  local WB = wordbits
  local SIZE = bits // WB          -- words per bint
  local WMAX = (1 << WB) - 1       -- all ones in one word
  local WMSB = 1 << (WB - 1)       -- sign bit of the top word
  local WBYTES = WB // 8

  local bint = {}
  bint.__index = bint
  bint.bits = bits

  local function isbint(x) return getmetatable(x) == bint end

  -- New tables are built with a constructor of SIZE values: the array part is sized once
  -- (filling an empty table word by word would rehash it several times).
  local ZEROS = {}
  for i = 1, SIZE do ZEROS[i] = 0 end

  local function blank()
    return setmetatable({ table_unpack(ZEROS, 1, SIZE) }, bint)
  end

  local function copy(x)
    return setmetatable({ table_unpack(x, 1, SIZE) }, bint)
  end

  local function rawneg(x) return x[SIZE] & WMSB ~= 0 end

  local function rawzero(x)
    for i = 1, SIZE do if x[i] ~= 0 then return false end end
    return true
  end

  -- In-place two's complement negation.
  local function negate(x)
    local carry = 1
    for i = 1, SIZE do
      local v = ((~x[i]) & WMAX) + carry
      x[i] = v & WMAX
      carry = v >> WB
    end
    return x
  end

  -- Words of a Lua integer; negative values sign-extend (signed) or not (unsigned).
  local function fromlua(n, signed)
    local z = blank()
    local ext = (signed and n < 0) and WMAX or 0
    for i = 1, SIZE do
      local shift = (i - 1) * WB
      if shift >= INTBITS then
        z[i] = ext
      else
        local w = (n >> shift) & WMAX
        local avail = INTBITS - shift -- bits of n that reach this word
        if avail < WB then w = w | (ext & ~((1 << avail) - 1) & WMAX) end
        z[i] = w
      end
    end
    return z
  end

  function bint.zero() return blank() end
  function bint.one() local z = blank() z[1] = 1 return z end

  function bint.fromuinteger(x)
    x = luainteger(x)
    if x then return fromlua(x, false) end
    return nil
  end

  function bint.frominteger(x)
    x = luainteger(x)
    if x then return fromlua(x, true) end
    return nil
  end

  -- In place: x = x * m + a for small non-negative Lua integers (m * 2^WB must fit in 63 bits).
  -- `used` is the index of the highest word that may be non-zero; returns the new one.
  local function muladdsmall(x, m, a, used)
    local carry, i = a, 1
    while i <= SIZE and (i <= used or carry ~= 0) do
      local t = x[i] * m + carry
      x[i] = t & WMAX
      carry = t >> WB
      i = i + 1
    end
    return math_max(used, i - 1)
  end

  -- In place: x = x // d, returns x % d, for 0 < d < 2^(WB-1) (unsigned). Words above `top`
  -- (default SIZE) must be zero.
  local function divsmall(x, d, top)
    local rem = 0
    for i = top or SIZE, 1, -1 do
      local cur = (rem << WB) | x[i]
      x[i] = cur // d
      rem = cur % d
    end
    return rem
  end

  -- Shortest string lua-bint hands to tonumber directly: fewer digits than fill a Lua integer.
  local shortlen = {}
  local function shortlimit(base)
    local s = shortlen[base]
    if not s then
      s = 0
      local p, limit = 1, math_maxinteger // base
      repeat s, p = s + 1, p * base until p >= limit
      shortlen[base] = s
    end
    return s
  end

  function bint.frombase(s, base)
    if type(s) ~= 'string' then return nil end
    base = base or 10
    if not (base >= 2 and base <= 36) then return nil end
    if #s < shortlimit(base) then return bint.frominteger(tonumber(s, base)) end
    local sign, digits = s:lower():match('^([+-]?)(%w+)$')
    if not digits then return nil end
    -- read chunks of digits whose value stays below 2^31 so muladdsmall cannot overflow
    local chunk, pow = 0, 1
    while pow * base < 0x80000000 do chunk, pow = chunk + 1, pow * base end
    local z, used = blank(), 0
    for i = 1, #digits, chunk do
      local part = digits:sub(i, i + chunk - 1)
      local d = tonumber(part, base)
      if not d then return nil end
      used = muladdsmall(z, #part == chunk and pow or math.tointeger(base ^ #part), d, used)
    end
    if sign == '-' then negate(z) end
    return z
  end

  function bint.fromstring(s)
    if type(s) ~= 'string' then return nil end
    if s:find('^[+-]?[0-9]+$') then
      return bint.frombase(s, 10)
    elseif s:find('^[+-]?0[xX][0-9a-fA-F]+$') then
      return bint.frombase((s:gsub('0[xX]', '', 1)), 16)
    elseif s:find('^[+-]?0[bB][01]+$') then
      return bint.frombase((s:gsub('0[bB]', '', 1)), 2)
    end
    return nil
  end

  -- Bytes -> bint; the buffer is cut or zero-padded to bits/8 bytes at its most significant end.
  local function frombytes(le)
    local z = blank()
    for k = 1, #le do
      local i = (k - 1) // WBYTES + 1
      z[i] = z[i] | (le:byte(k) << (((k - 1) % WBYTES) * 8))
    end
    return z
  end

  function bint.fromle(buffer)
    assert(type(buffer) == 'string', 'buffer is not a string')
    return frombytes(buffer:sub(1, bits // 8))
  end

  function bint.frombe(buffer)
    assert(type(buffer) == 'string', 'buffer is not a string')
    return frombytes(buffer:sub(-(bits // 8)):reverse())
  end

  function bint.new(x)
    if isbint(x) then return copy(x) end
    local t, z = type(x), nil
    if t == 'number' then
      z = bint.frominteger(x)
    elseif t == 'string' then
      z = bint.fromstring(x)
    end
    assert(z, 'value cannot be represented by a bint')
    return z
  end
  local new = bint.new

  function bint.tobint(x, clone)
    if isbint(x) then
      if clone then return copy(x) end
      return x
    end
    local t = type(x)
    if t == 'number' then return bint.frominteger(x) end
    if t == 'string' then return bint.fromstring(x) end
    return nil
  end
  local tobint = bint.tobint

  local function convert(x)
    return assert(tobint(x), 'value has not integer representation')
  end

  function bint.parse(x, clone)
    local z = tobint(x, clone)
    if z then return z end
    return tonumber(x)
  end

  -- Low 64 bits as a Lua integer (two's complement wrap).
  local function low64(x)
    local n = 0
    for i = 1, SIZE do
      local shift = (i - 1) * WB
      if shift >= INTBITS then break end
      n = n | (x[i] << shift)
    end
    return n
  end

  function bint.touinteger(x)
    if isbint(x) then return low64(x) end
    return luainteger(x)
  end

  -- Taking |x|, its low 64 bits, then the sign again equals the low 64 bits of x itself.
  function bint.tointeger(x)
    if isbint(x) then return low64(x) end
    return luainteger(x)
  end

  local function tointeger_or_error(x)
    local n = bint.tointeger(x)
    if not n then error('value has no integer representation') end
    return n
  end

  ------------------------------------------------------------------------------------------------
  -- Comparisons

  local function ucmp(x, y) -- -1, 0, 1 comparing as unsigned
    for i = SIZE, 1, -1 do
      local a, b = x[i], y[i]
      if a ~= b then return a < b and -1 or 1 end
    end
    return 0
  end

  local function scmp(x, y) -- signed
    local xn, yn = rawneg(x), rawneg(y)
    if xn ~= yn then return xn and -1 or 1 end
    return ucmp(x, y)
  end

  function bint.__eq(x, y)
    for i = 1, SIZE do if x[i] ~= y[i] then return false end end
    return true
  end

  function bint.eq(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return ucmp(ix, iy) == 0 end
    return x == y
  end

  function bint.ult(x, y) return ucmp(convert(x), convert(y)) < 0 end
  function bint.ule(x, y) return ucmp(convert(x), convert(y)) <= 0 end

  function bint.__lt(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return scmp(ix, iy) < 0 end
    return bint.tonumber(x) < bint.tonumber(y)
  end

  function bint.__le(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return scmp(ix, iy) <= 0 end
    return bint.tonumber(x) <= bint.tonumber(y)
  end

  local MIN64, MAX64 -- bints of math.mininteger / math.maxinteger, set at the end

  function bint.tonumber(x)
    if isbint(x) then
      if scmp(x, MIN64) >= 0 and scmp(x, MAX64) <= 0 then return low64(x) end
      return tonumber(tostring(x)) -- correctly rounded float
    end
    return tonumber(x)
  end

  ------------------------------------------------------------------------------------------------
  -- Predicates

  function bint.iszero(x)
    if isbint(x) then return rawzero(x) end
    return x == 0
  end

  function bint.isone(x)
    if isbint(x) then
      if x[1] ~= 1 then return false end
      for i = 2, SIZE do if x[i] ~= 0 then return false end end
      return true
    end
    return x == 1
  end

  function bint.isminusone(x)
    if isbint(x) then
      for i = 1, SIZE do if x[i] ~= WMAX then return false end end
      return true
    end
    return x == -1
  end

  bint.isbint = isbint
  function bint.isintegral(x) return isbint(x) or math_type(x) == 'integer' end
  function bint.isnumeric(x) return isbint(x) or type(x) == 'number' end
  function bint.type(x)
    if isbint(x) then return 'bint' end
    return math_type(x)
  end

  function bint.isneg(x)
    if isbint(x) then return rawneg(x) end
    return x < 0
  end

  function bint.ispos(x)
    if isbint(x) then return not rawneg(x) and not rawzero(x) end
    return x > 0
  end

  function bint.iseven(x)
    if isbint(x) then return x[1] & 1 == 0 end
    return math_abs(x) % 2 == 0
  end

  function bint.isodd(x)
    if isbint(x) then return x[1] & 1 == 1 end
    return math_abs(x) % 2 == 1
  end

  function bint.maxinteger()
    local z = blank()
    for i = 1, SIZE do z[i] = WMAX end
    z[SIZE] = WMAX ~ WMSB
    return z
  end

  function bint.mininteger()
    local z = blank()
    z[SIZE] = WMSB
    return z
  end

  ------------------------------------------------------------------------------------------------
  -- In-place operations (methods; each returns self)

  function bint:_shlone()
    for i = SIZE, 2, -1 do self[i] = ((self[i] << 1) | (self[i - 1] >> (WB - 1))) & WMAX end
    self[1] = (self[1] << 1) & WMAX
    return self
  end

  function bint:_shrone()
    for i = 1, SIZE - 1 do self[i] = ((self[i] >> 1) | (self[i + 1] << (WB - 1))) & WMAX end
    self[SIZE] = self[SIZE] >> 1
    return self
  end

  function bint:_shlwords(n)
    for i = SIZE, 1, -1 do self[i] = i > n and self[i - n] or 0 end
    return self
  end

  function bint:_shrwords(n)
    for i = 1, SIZE do self[i] = (i + n <= SIZE) and self[i + n] or 0 end
    return self
  end

  function bint:_inc()
    for i = 1, SIZE do
      local v = (self[i] + 1) & WMAX
      self[i] = v
      if v ~= 0 then break end
    end
    return self
  end

  function bint:_dec()
    for i = 1, SIZE do
      local old = self[i]
      self[i] = (old - 1) & WMAX
      if old ~= 0 then break end
    end
    return self
  end

  function bint:_assign(y)
    y = convert(y)
    for i = 1, SIZE do self[i] = y[i] end
    return self
  end

  function bint:_abs()
    if rawneg(self) then negate(self) end
    return self
  end

  local function addinto(z, x, y) -- z = x + y (z may alias x)
    local carry = 0
    for i = 1, SIZE do
      local t = x[i] + y[i] + carry
      z[i] = t & WMAX
      carry = t >> WB
    end
    return z
  end

  local function subinto(z, x, y) -- z = x - y (z may alias x)
    local borrow = 0
    for i = 1, SIZE do
      local t = x[i] - y[i] - borrow
      if t < 0 then t, borrow = t + WMAX + 1, 1 else borrow = 0 end
      z[i] = t
    end
    return z
  end

  function bint:_add(y) return addinto(self, self, convert(y)) end
  function bint:_sub(y) return subinto(self, self, convert(y)) end
  function bint:_unm() return negate(self) end

  function bint:_band(y)
    y = convert(y)
    for i = 1, SIZE do self[i] = self[i] & y[i] end
    return self
  end

  function bint:_bor(y)
    y = convert(y)
    for i = 1, SIZE do self[i] = self[i] | y[i] end
    return self
  end

  function bint:_bxor(y)
    y = convert(y)
    for i = 1, SIZE do self[i] = self[i] ~ y[i] end
    return self
  end

  function bint:_bnot()
    for i = 1, SIZE do self[i] = (~self[i]) & WMAX end
    return self
  end

  ------------------------------------------------------------------------------------------------
  -- Functions over bints or Lua numbers

  function bint.inc(x)
    local z = tobint(x, true)
    if z then return z:_inc() end
    return x + 1
  end

  function bint.dec(x)
    local z = tobint(x, true)
    if z then return z:_dec() end
    return x - 1
  end

  function bint.abs(x)
    local z = tobint(x, true)
    if z then return z:_abs() end
    return math_abs(x)
  end

  function bint.floor(x)
    if isbint(x) then return copy(x) end
    return new(math_floor(tonumber(x)))
  end

  function bint.ceil(x)
    if isbint(x) then return copy(x) end
    return new(math_ceil(tonumber(x)))
  end

  function bint.trunc(x)
    if isbint(x) then return copy(x) end
    x = tonumber(x)
    if x == nil then return nil end
    if math_type(x) == 'float' then x = math_modf(x) end
    return bint.frominteger(x)
  end

  function bint.max(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return copy(scmp(ix, iy) > 0 and ix or iy) end
    return bint.parse(math_max(x, y))
  end

  function bint.min(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return copy(scmp(ix, iy) < 0 and ix or iy) end
    return bint.parse(math_min(x, y))
  end

  function bint.__add(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return addinto(blank(), ix, iy) end
    return bint.tonumber(x) + bint.tonumber(y)
  end

  function bint.__sub(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return subinto(blank(), ix, iy) end
    return bint.tonumber(x) - bint.tonumber(y)
  end

  -- Schoolbook product truncated to SIZE words. A word product can exceed 2^63; it is still exact
  -- modulo 2^64, and `&` / logical `>>` read it as the unsigned value it is.
  local function mul(x, y)
    local z = blank()
    local ylen = SIZE
    while ylen > 0 and y[ylen] == 0 do ylen = ylen - 1 end
    for i = 1, SIZE do
      local xi = x[i]
      if xi ~= 0 then
        local carry = 0
        for j = 1, math_min(ylen, SIZE - i + 1) do
          local k = i + j - 1
          local p = xi * y[j]
          local s = z[k] + (p & WMAX) + carry
          z[k] = s & WMAX
          carry = (p >> WB) + (s >> WB)
        end
        local k = i + ylen
        while carry ~= 0 and k <= SIZE do
          local s = z[k] + carry
          z[k] = s & WMAX
          carry = s >> WB
          k = k + 1
        end
      end
    end
    return z
  end

  function bint.__mul(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then return mul(ix, iy) end
    return bint.tonumber(x) * bint.tonumber(y)
  end

  -- Unsigned division: quotient and remainder as new bints.
  function bint.udivmod(x, y)
    local nume = new(x)
    local deno = convert(y)
    local single = true
    for i = 2, SIZE do if deno[i] ~= 0 then single = false break end end
    if single then
      local d = deno[1]
      assert(d ~= 0, 'attempt to divide by zero')
      if d < WMSB then
        local rem = divsmall(nume, d)
        local r = blank()
        r[1] = rem
        return nume, r
      end
    end
    if ucmp(nume, deno) < 0 then return blank(), nume end
    -- binary long division: bring down one numerator bit at a time into the remainder
    local quot, rem = blank(), blank()
    local top = SIZE
    while nume[top] == 0 do top = top - 1 end
    for w = top, 1, -1 do
      local word = nume[w]
      for b = WB - 1, 0, -1 do
        local out = rem[SIZE] >> (WB - 1) -- bit pushed out of the top by the shift
        rem:_shlone()
        rem[1] = rem[1] | ((word >> b) & 1)
        if out ~= 0 or ucmp(rem, deno) >= 0 then
          subinto(rem, rem, deno)
          quot[w] = quot[w] | (1 << b)
        end
      end
    end
    return quot, rem
  end
  local udivmod = bint.udivmod

  function bint.udiv(x, y) return (udivmod(x, y)) end
  function bint.umod(x, y)
    local _, r = udivmod(x, y)
    return r
  end

  -- Truncating division (quotient towards zero, remainder takes the dividend's sign).
  function bint.tdivmod(x, y)
    local ax, ay = bint.abs(x), bint.abs(y)
    local ix, iy = tobint(ax), tobint(ay)
    local quot, rem
    if ix and iy then
      assert(not (bint.eq(x, bint.mininteger()) and bint.isminusone(y)), 'division overflow')
      quot, rem = udivmod(ix, iy)
    else
      quot, rem = ax // ay, ax % ay
    end
    local xneg, yneg = bint.isneg(x), bint.isneg(y)
    if xneg ~= yneg then quot = -quot end
    if xneg then rem = -rem end
    return quot, rem
  end
  function bint.tdiv(x, y) return (bint.tdivmod(x, y)) end
  function bint.tmod(x, y)
    local _, r = bint.tdivmod(x, y)
    return r
  end

  -- Division of magnitudes shared by // and %: returns the floored quotient, the floored
  -- remainder and the raw remainder of |x| / |y|.
  local function floordivmod(ix, iy)
    local xneg, yneg = rawneg(ix), rawneg(iy)
    local ax = xneg and negate(copy(ix)) or ix
    local ay = yneg and negate(copy(iy)) or iy
    local quot, raw = udivmod(ax, ay)
    local rem = copy(raw)
    if xneg ~= yneg then
      negate(quot)
      if not rawzero(raw) then
        quot:_dec()
        subinto(rem, ay, raw) -- |y| - r
        if yneg then negate(rem) end
      end
    elseif xneg then
      negate(rem)
    end
    return quot, rem, raw
  end

  function bint.idivmod(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then
      local q, r = floordivmod(ix, iy)
      return q, r
    end
    local nx, ny = bint.tonumber(x), bint.tonumber(y)
    return nx // ny, nx % ny
  end

  -- Like lua-bint, a direct call also returns the unsigned remainder of |x| / |y|.
  function bint.__idiv(x, y)
    local ix, iy = tobint(x), tobint(y)
    if ix and iy then
      local q, _, raw = floordivmod(ix, iy)
      return q, raw
    end
    return bint.tonumber(x) // bint.tonumber(y)
  end

  function bint.__mod(x, y)
    local _, r = bint.idivmod(x, y)
    return r
  end

  function bint.__div(x, y) return bint.tonumber(x) / bint.tonumber(y) end
  function bint.__pow(x, y) return bint.tonumber(x) ^ bint.tonumber(y) end

  -- Integer power by squaring; a negative exponent counts as its unsigned value; wraps.
  function bint.ipow(x, y)
    y = convert(y)
    if rawzero(y) then return bint.one() end
    if bint.isone(y) then return new(x) end
    local base, e, z = new(x), copy(y), bint.one()
    while true do
      if e[1] & 1 == 1 then z = mul(z, base) end
      e:_shrone()
      if rawzero(e) then return z end
      base = mul(base, base)
    end
  end

  -- (x ^ y) mod m on unsigned values (intermediate products wrap at the bit width, as in lua-bint).
  function bint.upowmod(x, y, m)
    m = convert(m)
    if bint.isone(m) then return blank() end
    local base, e, z = bint.umod(new(x), m), new(y), bint.one()
    while not rawzero(e) do
      if e[1] & 1 == 1 then z = bint.umod(mul(z, base), m) end
      e:_shrone()
      base = bint.umod(mul(base, base), m)
    end
    return z
  end

  ------------------------------------------------------------------------------------------------
  -- Shifts and bitwise operators

  function bint.__shl(x, y)
    x, y = new(x), tointeger_or_error(y)
    if y == math_mininteger or math_abs(y) >= bits then return blank() end
    if y < 0 then return x >> -y end
    x:_shlwords(y // WB)
    local b = y % WB
    if b ~= 0 then
      for i = SIZE, 2, -1 do x[i] = ((x[i] << b) | (x[i - 1] >> (WB - b))) & WMAX end
      x[1] = (x[1] << b) & WMAX
    end
    return x
  end

  -- Logical (unsigned) right shift.
  function bint.__shr(x, y)
    x, y = new(x), tointeger_or_error(y)
    if y == math_mininteger or math_abs(y) >= bits then return blank() end
    if y < 0 then return x << -y end
    x:_shrwords(y // WB)
    local b = y % WB
    if b ~= 0 then
      for i = 1, SIZE - 1 do x[i] = ((x[i] >> b) | (x[i + 1] << (WB - b))) & WMAX end
      x[SIZE] = x[SIZE] >> b
    end
    return x
  end

  function bint.__band(x, y) return new(x):_band(y) end
  function bint.__bor(x, y) return new(x):_bor(y) end
  function bint.__bxor(x, y) return new(x):_bxor(y) end
  function bint.__bnot(x) return copy(x):_bnot() end
  function bint.__unm(x) return negate(copy(x)) end

  -- Keep the low y bits.
  function bint.bwrap(x, y)
    x = convert(x)
    if y <= 0 then return blank() end
    if y < bits then return x & (bint.one() << y):_dec() end
    return copy(x)
  end

  function bint.brol(x, y)
    x, y = convert(x), tointeger_or_error(y)
    if y > 0 then return (x << y) | (x >> (bits - y)) end
    if y < 0 and y ~= math_mininteger then return bint.bror(x, -y) end
    return x
  end

  function bint.bror(x, y)
    x, y = convert(x), tointeger_or_error(y)
    if y > 0 then return (x >> y) | (x << (bits - y)) end
    if y < 0 and y ~= math_mininteger then return bint.brol(x, -y) end
    return x
  end

  ------------------------------------------------------------------------------------------------
  -- Text and bytes

  -- Digits of x in base; unsigned defaults to true except in base 10; nil for invalid input.
  function bint.tobase(x, base, unsigned)
    x = tobint(x)
    if not x then return nil end
    base = base or 10
    if not (base >= 2 and base <= 36) then return nil end
    if unsigned == nil then unsigned = base ~= 10 end
    local neg = not unsigned and rawneg(x)
    local fits = scmp(x, MIN64) >= 0 and scmp(x, MAX64) <= 0
    if fits and base == 10 and not unsigned then return tostring(low64(x)) end
    if fits and base == 16 and unsigned and not rawneg(x) then return string_format('%x', low64(x)) end
    local v = neg and negate(copy(x)) or copy(x)
    if rawzero(v) then return '0' end
    -- peel off chunks of k digits by dividing by base^k (< 2^(WB-1) so divsmall applies)
    local k, pow = 1, base
    while pow * base < WMSB do k, pow = k + 1, pow * base end
    local chunks, top = {}, SIZE
    local decfmt = base == 10 and ('%0' .. k .. 'd') or nil
    repeat
      while top > 1 and v[top] == 0 do top = top - 1 end
      local rem = divsmall(v, pow, top)
      if decfmt then
        chunks[#chunks + 1] = string_format(decfmt, rem)
      else
        local digits = {}
        for i = k, 1, -1 do
          local d = rem % base
          digits[i] = DIGITS:sub(d + 1, d + 1)
          rem = rem // base
        end
        chunks[#chunks + 1] = table_concat(digits)
      end
    until top == 1 and v[1] == 0
    -- most significant chunk first, without leading zeros
    local parts = {}
    for i = #chunks, 1, -1 do parts[#parts + 1] = chunks[i] end
    local s = table_concat(parts):gsub('^0+', '')
    if neg then s = '-' .. s end
    return s
  end

  function bint:__tostring() return bint.tobase(self, 10) end

  local function lebytes(x)
    local out = {}
    for i = 1, SIZE do
      local w = x[i]
      for _ = 1, WBYTES do
        out[#out + 1] = string_char(w & 0xFF)
        w = w >> 8
      end
    end
    return table_concat(out)
  end

  function bint.tole(x, trim)
    local s = lebytes(convert(x))
    if trim then
      s = s:gsub('\0+$', '')
      if s == '' then s = '\0' end
    end
    return s
  end

  function bint.tobe(x, trim)
    local s = lebytes(convert(x)):reverse()
    if trim then
      s = s:gsub('^\0+', '')
      if s == '' then s = '\0' end
    end
    return s
  end

  -- bint(x) is bint.new(x)
  setmetatable(bint, { __call = function(_, x) return new(x) end })

  MIN64, MAX64 = bint.frominteger(math_mininteger), bint.frominteger(math_maxinteger)
  classes[key] = bint
  return bint
end

return newclass
