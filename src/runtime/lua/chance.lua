--[[
.chance — the aos pseudo-random generator: a Mersenne Twister (MT19937, Matsumoto & Nishimura,
init_genrand seeding) shared by the whole process.

The generator state is an ordinary Lua table owned by this module, so it lives in the Lua heap and
persists with the process memory. aos exposes `seed`, `random` and `integer`; aolite's process
library also uses `mathRandom` (the replacement for math.random) and `seedFromMessage` (the seed
rule applied to the first message).

All words are kept in [0, 2^32) inside 64-bit Lua integers; every step masks to 32 bits.
]]

local N, M = 624, 397
local MATRIX_A = 0x9908B0DF
local UPPER, LOWER, MASK32 = 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF
local math_floor, assert = math.floor, assert

-- The one shared generator: mt[0..N-1] words and the index of the next word to temper.
-- index == N + 1 means "never seeded" (the reference algorithm then seeds with 5489).
local state = { mt = {}, index = N + 1 }

local function init_genrand(s)
  local mt = state.mt
  mt[0] = s & MASK32
  for i = 1, N - 1 do
    local prev = mt[i - 1]
    mt[i] = (1812433253 * (prev ~ (prev >> 30)) + i) & MASK32
  end
  state.index = N
end

-- Regenerates all N words (the "twist").
local function twist()
  local mt = state.mt
  for k = 0, N - 1 do
    local y = (mt[k] & UPPER) | (mt[(k + 1) % N] & LOWER)
    local v = mt[(k + M) % N] ~ (y >> 1)
    if y & 1 ~= 0 then v = v ~ MATRIX_A end
    mt[k] = v
  end
  state.index = 0
end

-- Next 32-bit output, tempered.
local function nextword()
  if state.index >= N then
    if state.index == N + 1 then init_genrand(5489) end
    twist()
  end
  local y = state.mt[state.index]
  state.index = state.index + 1
  y = y ~ (y >> 11)
  y = y ~ ((y << 7) & 0x9D2C5680)
  y = y ~ ((y << 15) & 0xEFC60000)
  y = y ~ (y >> 18)
  return y
end

local chance = {}

--- Seeds the shared generator (only the low 32 bits of the seed count).
function chance.seed(s)
  init_genrand(s)
end

--- A float in [0, 1): the next 32-bit output times 2^-32. Arguments are ignored, as in aos.
function chance.random()
  return nextword() * (1.0 / 4294967296.0)
end

--- An integer in [min, max], both included.
function chance.integer(min, max)
  assert(max >= min, 'max must bigger than min')
  return math_floor(chance.random() * (max - min + 1) + min)
end

--- aos's math.random: () float, (m) integer in [1, m], (m, n) integer in [m, n], 3+ args float.
-- As aos's replacement: arguments counted with # (a trailing nil is not one), and math.random(m) is
-- chance.integer(1, m) (so m < 1 raises).
function chance.mathRandom(...)
  local args = { ... }
  local count = #args
  if count == 0 then return chance.random() end
  if count == 1 then return chance.integer(1, args[1]) end
  if count == 2 then return chance.integer(args[1], args[2]) end
  return chance.random()
end

--- The seed aos derives from the first message: the decimal text of Block-Height followed by the
--- decimal sum of the bytes of Owner..Module..Id, read back as a number. A missing field raises
--- (aos crashes the same way).
function chance.seedFromMessage(blockHeight, owner, module, id)
  local s = owner .. module .. id
  local sum = 0
  for i = 1, #s do sum = sum + s:byte(i) end
  return tonumber(blockHeight .. sum)
end

return chance
