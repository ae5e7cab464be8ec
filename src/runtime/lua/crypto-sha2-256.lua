-- .crypto.digest.sha2_256 (aolite): SHA-256 (FIPS 180-4, section 6.2) over a byte stream.
-- SHA2_256() makes a reusable hasher: init(), update(stream), finish(), then asBytes() (32 bytes),
-- asHex() (lower case) and asString(); sha2_256(stream) hashes one stream.

-- K: the first 32 bits of the fractional parts of the cube roots of the first 64 primes (4.2.2).
local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

local M32 = 0xffffffff
local BYTES = string.rep("B", 32)

local function mustCall(stream)
  if type(stream) ~= "function" then
    local mt = getmetatable(stream)
    if type(mt) ~= "table" or mt.__call == nil then
      error("attempt to call a " .. type(stream) .. " value")
    end
  end
end

local SHA2_256 = function()
  local self = {}
  local h1, h2, h3, h4, h5, h6, h7, h8
  local block, fill, count = {}, 0, 0 -- bytes of the current block; bytes taken since init
  local w = {}

  local function compress()
    for t = 1, 16 do
      local j = 4 * t
      w[t] = ((block[j - 3] << 24) | (block[j - 2] << 16) | (block[j - 1] << 8) | block[j]) & M32
    end
    for t = 17, 64 do
      local x, y = w[t - 15], w[t - 2]
      local s0 = ((x >> 7) | (x << 25)) ~ ((x >> 18) | (x << 14)) ~ (x >> 3)
      local s1 = ((y >> 17) | (y << 15)) ~ ((y >> 19) | (y << 13)) ~ (y >> 10)
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & M32
    end
    local a, b, c, d, e, f, g, h = h1, h2, h3, h4, h5, h6, h7, h8
    for t = 1, 64 do
      local S1 = ((e >> 6) | (e << 26)) ~ ((e >> 11) | (e << 21)) ~ ((e >> 25) | (e << 7))
      local T1 = h + S1 + ((e & f) ~ (~e & g)) + K[t] + w[t]
      local S0 = ((a >> 2) | (a << 30)) ~ ((a >> 13) | (a << 19)) ~ ((a >> 22) | (a << 10))
      local T2 = S0 + ((a & b) ~ (a & c) ~ (b & c))
      h, g, f = g, f, e
      e = (d + T1) & M32
      d, c, b = c, b, a
      a = (T1 + T2) & M32
    end
    h1 = (h1 + a) & M32
    h2 = (h2 + b) & M32
    h3 = (h3 + c) & M32
    h4 = (h4 + d) & M32
    h5 = (h5 + e) & M32
    h6 = (h6 + f) & M32
    h7 = (h7 + g) & M32
    h8 = (h8 + h) & M32
    fill = 0
  end

  local function put(byte)
    fill = fill + 1
    block[fill] = byte
    count = count + 1
    if fill == 64 then compress() end
  end

  self.init = function()
    -- H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes.
    h1, h2, h3, h4 = 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
    h5, h6, h7, h8 = 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    fill, count = 0, 0
    return self
  end

  self.update = function(stream)
    mustCall(stream)
    for byte in stream do
      fill = fill + 1
      block[fill] = byte
      count = count + 1
      if fill == 64 then compress() end
    end
    return self
  end

  -- Padding (5.1.1): 0x80, zeros up to 56 mod 64, then the bit length as 8 big-endian bytes.
  self.finish = function()
    local bits = count * 8
    put(0x80)
    while fill ~= 56 do put(0) end
    for shift = 56, 0, -8 do put((bits >> shift) & 0xff) end
    return self
  end

  local function bytes()
    return h1 >> 24, (h1 >> 16) & 0xff, (h1 >> 8) & 0xff, h1 & 0xff,
      h2 >> 24, (h2 >> 16) & 0xff, (h2 >> 8) & 0xff, h2 & 0xff,
      h3 >> 24, (h3 >> 16) & 0xff, (h3 >> 8) & 0xff, h3 & 0xff,
      h4 >> 24, (h4 >> 16) & 0xff, (h4 >> 8) & 0xff, h4 & 0xff,
      h5 >> 24, (h5 >> 16) & 0xff, (h5 >> 8) & 0xff, h5 & 0xff,
      h6 >> 24, (h6 >> 16) & 0xff, (h6 >> 8) & 0xff, h6 & 0xff,
      h7 >> 24, (h7 >> 16) & 0xff, (h7 >> 8) & 0xff, h7 & 0xff,
      h8 >> 24, (h8 >> 16) & 0xff, (h8 >> 8) & 0xff, h8 & 0xff
  end

  self.asBytes = function() return { bytes() } end
  self.asString = function() return string.pack(BYTES, bytes()) end
  self.asHex = function() return string.format("%08x%08x%08x%08x%08x%08x%08x%08x", h1, h2, h3, h4, h5, h6, h7, h8) end

  return self.init()
end

local sha2_256 = function(stream)
  return SHA2_256().update(stream).finish()
end

return {
  sha2_256 = sha2_256,
  SHA2_256 = SHA2_256,
}
