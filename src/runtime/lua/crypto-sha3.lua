-- .crypto.digest.sha3 (aolite): SHA3-256/512 and the original Keccak-256/512 (FIPS 202) of a string.
-- Each returns an object with asString() (the digest bytes) and asHex() (lower case).
--
-- Like aos, padding appends the domain byte (0x06 for SHA-3, 0x01 for Keccak) and then zeros to the
-- next block boundary, always at least one zero: a message whose length is one byte short of a block
-- multiple (135 mod 136 for the 256-bit digests, 71 mod 72 for the 512-bit ones) takes a whole
-- extra block, so its digest is not the standard one. The last byte of the padding gets its top bit set.
local Hex = require(".crypto.util.hex")

-- Round constants RC[i] (FIPS 202, Algorithm 5/6).
local RC = {
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
  0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

-- Lanes are kept in one list, lane (x, y) at index x + 5y + 1. For rho and pi together, lane `from`
-- is rotated left by ROT[from] and lands at PI[from] (pi: B[y, 2x + 3y] = A[x, y]).
local ROT, PI = {}, {}
do
  ROT[1] = 0
  local x, y = 1, 0
  for t = 0, 23 do
    ROT[x + 5 * y + 1] = ((t + 1) * (t + 2) // 2) % 64
    x, y = y, (2 * x + 3 * y) % 5
  end
  for x0 = 0, 4 do
    for y0 = 0, 4 do
      PI[x0 + 5 * y0 + 1] = y0 + 5 * ((2 * x0 + 3 * y0) % 5) + 1
    end
  end
end

local A, B, C = {}, {}, {}

local function keccakF()
  for round = 1, 24 do
    -- theta
    for x = 1, 5 do
      C[x] = A[x] ~ A[x + 5] ~ A[x + 10] ~ A[x + 15] ~ A[x + 20]
    end
    for x = 1, 5 do
      local right = C[x % 5 + 1]
      local d = C[(x + 3) % 5 + 1] ~ ((right << 1) | (right >> 63))
      A[x] = A[x] ~ d
      A[x + 5] = A[x + 5] ~ d
      A[x + 10] = A[x + 10] ~ d
      A[x + 15] = A[x + 15] ~ d
      A[x + 20] = A[x + 20] ~ d
    end
    -- rho and pi
    for i = 1, 25 do
      local v, r = A[i], ROT[i]
      if r ~= 0 then v = (v << r) | (v >> (64 - r)) end
      B[PI[i]] = v
    end
    -- chi
    for row = 0, 20, 5 do
      local b1, b2, b3, b4, b5 = B[row + 1], B[row + 2], B[row + 3], B[row + 4], B[row + 5]
      A[row + 1] = b1 ~ (~b2 & b3)
      A[row + 2] = b2 ~ (~b3 & b4)
      A[row + 3] = b3 ~ (~b4 & b5)
      A[row + 4] = b4 ~ (~b5 & b1)
      A[row + 5] = b5 ~ (~b1 & b2)
    end
    -- iota
    A[1] = A[1] ~ RC[round]
  end
end

local LANES = { [136] = "<" .. string.rep("i8", 17), [72] = "<" .. string.rep("i8", 9) }

local function sponge(rateBytes, outBytes, buffer, domain)
  local total = #buffer + 1
  buffer = buffer .. domain .. string.rep("\0", rateBytes - total % rateBytes)
  for i = 1, 25 do A[i] = 0 end
  local lanes, format = rateBytes // 8, LANES[rateBytes]
  local last = #buffer - rateBytes + 1
  for pos = 1, last, rateBytes do
    local words = { string.unpack(format, buffer, pos) }
    if pos == last then words[lanes] = words[lanes] | 0x8000000000000000 end
    for i = 1, lanes do A[i] = A[i] ~ words[i] end
    keccakF()
  end
  local digest = string.pack("<" .. string.rep("i8", outBytes // 8), table.unpack(A, 1, outBytes // 8))
  local self = {}
  self.asString = function() return digest end
  self.asHex = function() return Hex.stringToHex(digest) end
  return self
end

return {
  sha3_256 = function(buffer) return sponge(136, 32, buffer, "\6") end,
  sha3_512 = function(buffer) return sponge(72, 64, buffer, "\6") end,
  keccak256 = function(buffer) return sponge(136, 32, buffer, "\1") end,
  keccak512 = function(buffer) return sponge(72, 64, buffer, "\1") end,
}
