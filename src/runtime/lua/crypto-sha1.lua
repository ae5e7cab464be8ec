-- .crypto.digest.sha1 (aolite): SHA-1 (FIPS 180-4, section 6.1) over a byte stream.
-- SHA1() makes a reusable hasher: init(), update(stream), finish(), then asBytes() (20 bytes),
-- asHex() (lower case) and asString(); sha1(stream) hashes one stream.

local md = require(".crypto.digest.aolite-md")
local M32 = md.M32

local INITIAL = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 }
local w = {}

-- One 64-byte block into h (6.1.2).
local function compress(h, block)
  md.blockWords(block, w, true)
  for t = 17, 80 do
    local x = w[t - 3] ~ w[t - 8] ~ w[t - 14] ~ w[t - 16]
    w[t] = ((x << 1) | (x >> 31)) & M32
  end
  local a, b, c, d, e = h[1], h[2], h[3], h[4], h[5]
  for t = 1, 80 do
    local f, k
    if t <= 20 then
      f, k = (b & c) | (~b & d), 0x5a827999
    elseif t <= 40 then
      f, k = b ~ c ~ d, 0x6ed9eba1
    elseif t <= 60 then
      f, k = (b & c) | (b & d) | (c & d), 0x8f1bbcdc
    else
      f, k = b ~ c ~ d, 0xca62c1d6
    end
    local T = ((((a << 5) | (a >> 27)) + (f & M32) + e + k + w[t]) & M32)
    e, d = d, c
    c = ((b << 30) | (b >> 2)) & M32
    b, a = a, T
  end
  h[1] = (h[1] + a) & M32
  h[2] = (h[2] + b) & M32
  h[3] = (h[3] + c) & M32
  h[4] = (h[4] + d) & M32
  h[5] = (h[5] + e) & M32
end

local SHA1 = function()
  return md.hasher(INITIAL, compress, true)
end

local sha1 = function(stream)
  return SHA1().update(stream).finish()
end

return {
  sha1 = sha1,
  SHA1 = SHA1,
}
