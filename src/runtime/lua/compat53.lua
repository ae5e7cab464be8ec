--[[
compat53 — make wasmoon's Lua 5.4 behave like the Lua 5.3 embedded in aos, where programs notice.

Run once at boot (`require('compat53')`). It changes, in place:

 * the string metatable's arithmetic metamethods: in 5.3 a string operand converts with tonumber and
   the operation is done in FLOAT ("5"+1 is 6.0); 5.4's own string metamethods keep integers (6).
 * the string metatable's bitwise metamethods: 5.3 converts strings to integers ("10"|1 is 11); 5.4
   has none and raises an error.
 * the 5.3 compatibility libraries aos was built with: bit32 (5.2 semantics) and math.pow, ldexp,
   frexp, cosh, sinh, tanh, log10, atan2.
 * _VERSION reads "Lua 5.3"; unpack, loadstring, table.getn and setfenv stay absent, as in aos.

Error texts follow 5.3 ("attempt to perform arithmetic on a string value") without the variable
name 5.3 appends (that needs the VM's debug info); the position is the user's line.
Returns a table listing what it installed (for tests and diagnostics).
]]

local type, tonumber, error, rawget, select = type, tonumber, error, rawget, select
local math_type, math_tointeger, math_floor = math.type, math.tointeger, math.floor
local math_exp, math_log, math_abs, math_huge = math.exp, math.log, math.abs, math.huge
local string_format = string.format
-- Metamethods are looked up raw on the real metatable, as the VM does (ignores __metatable).
local getmt = (debug and debug.getmetatable) or getmetatable

local strmt = getmetatable('')

-- In 5.3 strings had no arithmetic metamethods, so the VM went on to the other operand's one.
-- Returns the handler of the operand that is neither string nor number, if it has one.
local function otherhandler(event, a, b)
  local ta = type(a)
  if ta ~= 'string' and ta ~= 'number' then
    local mt = getmt(a)
    local h = mt and rawget(mt, event)
    if h then return h end
  end
  local tb = type(b)
  if tb ~= 'string' and tb ~= 'number' then
    local mt = getmt(b)
    return mt and rawget(mt, event)
  end
  return nil
end

-- Slow path of every arithmetic metamethod: delegate, else raise 5.3's error at the user's line
-- (level 3: this function, the metamethod, the code doing arithmetic).
local function arithfail(event, a, b)
  local h = otherhandler(event, a, b)
  if h then return (h(a, b)) end
  local culprit = b
  if tonumber(a) == nil then culprit = a end
  error('attempt to perform arithmetic on a ' .. type(culprit) .. ' value', 3)
end

-- 5.3 converts both operands to floats whenever one of them is a string.
strmt.__add = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return (x + 0.0) + y end
  local r = arithfail('__add', a, b)
  return r
end
strmt.__sub = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return (x + 0.0) - y end
  local r = arithfail('__sub', a, b)
  return r
end
strmt.__mul = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return (x + 0.0) * y end
  local r = arithfail('__mul', a, b)
  return r
end
strmt.__div = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return x / y end
  local r = arithfail('__div', a, b)
  return r
end
strmt.__mod = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return (x + 0.0) % y end
  local r = arithfail('__mod', a, b)
  return r
end
strmt.__pow = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return x ^ y end
  local r = arithfail('__pow', a, b)
  return r
end
strmt.__idiv = function(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return (x + 0.0) // y end
  local r = arithfail('__idiv', a, b)
  return r
end
strmt.__unm = function(a)
  local x = tonumber(a)
  if x then return -(x + 0.0) end
  local r = arithfail('__unm', a, a)
  return r
end

-- Bitwise: 5.3 converts strings to numbers, then to integers (floats only when integral).
local function toint(v)
  local n = tonumber(v)
  if n then return math_tointeger(n) end
  return nil
end

local function bitfail(event, a, b)
  local h = otherhandler(event, a, b)
  if h then return (h(a, b)) end
  if tonumber(a) ~= nil and tonumber(b) ~= nil then
    error('number has no integer representation', 3)
  end
  local culprit = b
  if tonumber(a) == nil then culprit = a end
  error('attempt to perform bitwise operation on a ' .. type(culprit) .. ' value', 3)
end

strmt.__band = function(a, b)
  local x, y = toint(a), toint(b)
  if x and y then return x & y end
  local r = bitfail('__band', a, b)
  return r
end
strmt.__bor = function(a, b)
  local x, y = toint(a), toint(b)
  if x and y then return x | y end
  local r = bitfail('__bor', a, b)
  return r
end
strmt.__bxor = function(a, b)
  local x, y = toint(a), toint(b)
  if x and y then return x ~ y end
  local r = bitfail('__bxor', a, b)
  return r
end
strmt.__shl = function(a, b)
  local x, y = toint(a), toint(b)
  if x and y then return x << y end
  local r = bitfail('__shl', a, b)
  return r
end
strmt.__shr = function(a, b)
  local x, y = toint(a), toint(b)
  if x and y then return x >> y end
  local r = bitfail('__shr', a, b)
  return r
end
strmt.__bnot = function(a)
  local x = toint(a)
  if x then return ~x end
  local r = bitfail('__bnot', a, a)
  return r
end

---------------------------------------------------------------------------------------------------
-- Argument checks with the C library's messages ("bad argument #1 to 'band' (...)"), raised at the
-- caller's line like luaL_argerror.

local function typename(v)
  if v == nil then return 'no value' end
  return type(v)
end

local function argnumber(v, i, fname)
  if type(v) == 'number' then return v end
  local n = tonumber(v)
  if n == nil or type(v) ~= 'string' then
    error(string_format("bad argument #%d to '%s' (number expected, got %s)", i, fname, typename(v)), 3)
  end
  return n
end

local function arginteger(v, i, fname)
  if math_type(v) == 'integer' then return v end
  local n = argnumber(v, i, fname)
  local k = math_tointeger(n)
  if k == nil then
    error(string_format("bad argument #%d to '%s' (number has no integer representation)", i, fname), 3)
  end
  return k
end

---------------------------------------------------------------------------------------------------
-- bit32: every operand is truncated to 32 bits; results are unsigned 32-bit integers.

local MASK32 = 0xFFFFFFFF

local function u32(v, i, fname)
  return arginteger(v, i, fname) & MASK32
end

-- Logical shift of a 32-bit value; positive d shifts left, negative right.
local function shift32(x, d)
  if d <= -32 or d >= 32 then return 0 end
  if d >= 0 then return (x << d) & MASK32 end
  return x >> -d
end

local bit32 = {}

function bit32.band(...)
  local r = MASK32
  for i = 1, select('#', ...) do r = r & u32((select(i, ...)), i, 'band') end
  return r
end

function bit32.bor(...)
  local r = 0
  for i = 1, select('#', ...) do r = r | u32((select(i, ...)), i, 'bor') end
  return r
end

function bit32.bxor(...)
  local r = 0
  for i = 1, select('#', ...) do r = r ~ u32((select(i, ...)), i, 'bxor') end
  return r
end

function bit32.btest(...)
  local r = MASK32
  for i = 1, select('#', ...) do r = r & u32((select(i, ...)), i, 'btest') end
  return r ~= 0
end

function bit32.bnot(x)
  return (~u32(x, 1, 'bnot')) & MASK32
end

function bit32.lshift(x, d)
  return shift32(u32(x, 1, 'lshift'), arginteger(d, 2, 'lshift'))
end

function bit32.rshift(x, d)
  return shift32(u32(x, 1, 'rshift'), -arginteger(d, 2, 'rshift'))
end

function bit32.arshift(x, d)
  x, d = u32(x, 1, 'arshift'), arginteger(d, 2, 'arshift')
  if d < 0 or x & 0x80000000 == 0 then return shift32(x, -d) end
  if d >= 32 then return MASK32 end
  -- negative value shifted right: fill the vacated high bits with ones
  return ((x >> d) | (MASK32 ~ (MASK32 >> d))) & MASK32
end

function bit32.lrotate(x, d)
  x, d = u32(x, 1, 'lrotate'), arginteger(d, 2, 'lrotate') & 31
  return ((x << d) | (x >> (32 - d))) & MASK32
end

function bit32.rrotate(x, d)
  x, d = u32(x, 1, 'rrotate'), (-arginteger(d, 2, 'rrotate')) & 31
  return ((x << d) | (x >> (32 - d))) & MASK32
end

-- Validates a bit field (field, width) the way 5.2/5.3 do; fieldarg is the field's argument index.
local function bitfield(fname, fieldarg, field, width)
  field = arginteger(field, fieldarg, fname)
  if width == nil then width = 1 else width = arginteger(width, fieldarg + 1, fname) end
  if field < 0 then
    error(string_format("bad argument #%d to '%s' (field cannot be negative)", fieldarg, fname), 3)
  end
  if width <= 0 then
    error(string_format("bad argument #%d to '%s' (width must be positive)", fieldarg + 1, fname), 3)
  end
  if field + width > 32 then error('trying to access non-existent bits', 3) end
  return field, (1 << width) - 1
end

function bit32.extract(n, field, width)
  n = u32(n, 1, 'extract')
  local f, m = bitfield('extract', 2, field, width)
  return (n >> f) & m
end

function bit32.replace(n, v, field, width)
  n, v = u32(n, 1, 'replace'), u32(v, 2, 'replace')
  local f, m = bitfield('replace', 3, field, width)
  return ((n & ~(m << f)) | ((v & m) << f)) & MASK32
end

_G.bit32 = bit32

---------------------------------------------------------------------------------------------------
-- 5.3's deprecated math functions (LUA_COMPAT_MATHLIB), all returning floats.

function math.pow(x, y)
  return argnumber(x, 1, 'pow') ^ argnumber(y, 2, 'pow')
end

function math.log10(x)
  return math_log(argnumber(x, 1, 'log10'), 10)
end

-- m * 2^e, scaling in steps so no intermediate power of two overflows or underflows early.
function math.ldexp(m, e)
  m, e = argnumber(m, 1, 'ldexp') + 0.0, arginteger(e, 2, 'ldexp')
  while e > 1023 do
    m, e = m * 2.0 ^ 1023, e - 1023
    if m == math_huge or m == -math_huge or m == 0 then return m end
  end
  while e < -1022 do
    m, e = m * 2.0 ^ -1022, e + 1022
    if m == 0 then return m end
  end
  return m * 2.0 ^ e
end

-- Returns m, e with x == m * 2^e and 0.5 <= |m| < 1 (m = x, e = 0 for 0, inf and nan).
function math.frexp(x)
  x = argnumber(x, 1, 'frexp') + 0.0
  if x == 0 or x ~= x or x == math_huge or x == -math_huge then return x, 0 end
  local bias = 0
  if math_abs(x) < 2.0 ^ -1022 then x, bias = x * 2.0 ^ 54, -54 end -- subnormal: scale up first
  local e = math_floor(math_log(math_abs(x), 2)) + 1
  local m = x * 2.0 ^ -e
  e = e + bias
  -- log2 may be off by one near powers of two; fix up
  while math_abs(m) >= 1.0 do m, e = m * 0.5, e + 1 end
  while math_abs(m) < 0.5 do m, e = m * 2.0, e - 1 end
  return m, e
end

-- sinh by its Taylor series for |x| < 1 (avoids cancellation in e^x - e^-x).
local function sinhseries(x)
  local x2, term, sum = x * x, x, x
  for k = 3, 25, 2 do
    term = term * x2 / ((k - 1) * k)
    sum = sum + term
  end
  return sum
end

-- e^|x| / 2 without overflowing while the result is still finite.
local function halfexp(ax)
  if ax < 709 then return math_exp(ax) * 0.5 end
  local h = math_exp(ax * 0.5)
  return h * (h * 0.5)
end

function math.cosh(x)
  x = argnumber(x, 1, 'cosh') + 0.0
  local ax = math_abs(x)
  if ax > 22 then return halfexp(ax) end
  local t = math_exp(ax)
  return (t + 1.0 / t) * 0.5
end

function math.sinh(x)
  x = argnumber(x, 1, 'sinh') + 0.0
  local ax = math_abs(x)
  if ax < 1.0 then return sinhseries(x) end
  local r
  if ax > 22 then
    r = halfexp(ax)
  else
    local t = math_exp(ax)
    r = (t - 1.0 / t) * 0.5
  end
  if x < 0 then return -r end
  return r
end

function math.tanh(x)
  x = argnumber(x, 1, 'tanh') + 0.0
  local ax = math_abs(x)
  local r
  if ax < 1.0 then
    local s = sinhseries(ax)
    r = s / math.sqrt(1.0 + s * s)
  elseif ax > 22 then
    r = 1.0
  else
    r = 1.0 - 2.0 / (math_exp(2.0 * ax) + 1.0)
  end
  if x < 0 then return -r end
  return r
end

-- 5.3's math.atan2 is math.atan itself (atan(y [, x])).
math.atan2 = math.atan

---------------------------------------------------------------------------------------------------
-- Globals as aos's Lua 5.3 build shows them.

_G._VERSION = 'Lua 5.3'
_G.unpack = nil
_G.loadstring = nil
_G.setfenv = nil
table.getn = nil

return {
  string = { 'add', 'sub', 'mul', 'div', 'mod', 'pow', 'idiv', 'unm', 'band', 'bor', 'bxor', 'shl', 'shr', 'bnot' },
  bit32 = bit32,
  math = { 'pow', 'log10', 'ldexp', 'frexp', 'cosh', 'sinh', 'tanh', 'atan2' },
}
