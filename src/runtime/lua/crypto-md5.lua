-- .crypto.digest.md5 (aolite): MD5 (RFC 1321). md5(stream) reads the whole byte stream at once and
-- returns an object with asBytes() (16 bytes), asHex() (lower case) and asString().

-- T[i] = floor(2^32 * |sin(i)|) (RFC 1321, 3.4).
local T = {
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
  0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
  0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
  0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
  0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
  0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
  0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
  0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
}

-- Left-rotation amounts per step, and which message word each step reads (0-based).
local S = {
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
}
local X = {}
for i = 0, 15 do
  X[i + 1] = i
  X[i + 17] = (1 + 5 * i) % 16
  X[i + 33] = (5 + 3 * i) % 16
  X[i + 49] = (7 * i) % 16
end

local md = require(".crypto.digest.aolite-md")
local M32 = md.M32

local INITIAL = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 }
local m = {}

-- One 64-byte block into h (RFC 1321, 3.4): the block read as 16 little-endian words, m[1..16].
local function compress(h, block)
  md.blockWords(block, m, false)
  local a, b, c, d = h[1], h[2], h[3], h[4]
  for i = 1, 64 do
    local f
    if i <= 16 then
      f = (b & c) | (~b & d)
    elseif i <= 32 then
      f = (b & d) | (c & ~d)
    elseif i <= 48 then
      f = b ~ c ~ d
    else
      f = c ~ (b | ~d)
    end
    local x = (a + (f & M32) + T[i] + m[X[i] + 1]) & M32
    local s = S[i]
    a, d, c = d, c, b
    b = (b + (((x << s) | (x >> (32 - s))) & M32)) & M32
  end
  h[1] = (h[1] + a) & M32
  h[2] = (h[2] + b) & M32
  h[3] = (h[3] + c) & M32
  h[4] = (h[4] + d) & M32
end

-- MD5(stream): the digest of one stream, an object with asBytes (16 bytes), asHex (lower case) and asString.
local MD5 = function(stream)
  local digest = md.hasher(INITIAL, compress, false).update(stream).finish()
  return { asBytes = digest.asBytes, asHex = digest.asHex, asString = digest.asString }
end

return MD5
