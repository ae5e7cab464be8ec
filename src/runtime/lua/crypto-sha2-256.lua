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

local md = require(".crypto.digest.aolite-md")
local M32 = md.M32

-- H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes.
local INITIAL = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
local w = {}

-- One 64-byte block into h (6.2.2).
local function compress(h, block)
  md.blockWords(block, w, true)
  for t = 17, 64 do
    local x, y = w[t - 15], w[t - 2]
    local s0 = ((x >> 7) | (x << 25)) ~ ((x >> 18) | (x << 14)) ~ (x >> 3)
    local s1 = ((y >> 17) | (y << 15)) ~ ((y >> 19) | (y << 13)) ~ (y >> 10)
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & M32
  end
  local a, b, c, d, e, f, g, hh = h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]
  for t = 1, 64 do
    local S1 = ((e >> 6) | (e << 26)) ~ ((e >> 11) | (e << 21)) ~ ((e >> 25) | (e << 7))
    local T1 = hh + S1 + ((e & f) ~ (~e & g)) + K[t] + w[t]
    local S0 = ((a >> 2) | (a << 30)) ~ ((a >> 13) | (a << 19)) ~ ((a >> 22) | (a << 10))
    local T2 = S0 + ((a & b) ~ (a & c) ~ (b & c))
    hh, g, f = g, f, e
    e = (d + T1) & M32
    d, c, b = c, b, a
    a = (T1 + T2) & M32
  end
  h[1] = (h[1] + a) & M32
  h[2] = (h[2] + b) & M32
  h[3] = (h[3] + c) & M32
  h[4] = (h[4] + d) & M32
  h[5] = (h[5] + e) & M32
  h[6] = (h[6] + f) & M32
  h[7] = (h[7] + g) & M32
  h[8] = (h[8] + hh) & M32
end

local SHA2_256 = function()
  return md.hasher(INITIAL, compress, true)
end

local sha2_256 = function(stream)
  return SHA2_256().update(stream).finish()
end

return {
  sha2_256 = sha2_256,
  SHA2_256 = SHA2_256,
}
