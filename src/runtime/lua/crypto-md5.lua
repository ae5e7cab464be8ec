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

local M32 = 0xffffffff
local BYTES = string.rep("B", 16)

local function mustCall(stream)
  if type(stream) ~= "function" then
    local mt = getmetatable(stream)
    if type(mt) ~= "table" or mt.__call == nil then
      error("attempt to call a " .. type(stream) .. " value")
    end
  end
end

local MD5 = function(stream)
  local self = {}
  local A, B, C, D = 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476
  local block, fill, count = {}, 0, 0
  local m = {}

  local function compress()
    for i = 0, 15 do
      local j = 4 * i
      m[i] = (block[j + 1] | (block[j + 2] << 8) | (block[j + 3] << 16) | (block[j + 4] << 24)) & M32
    end
    local a, b, c, d = A, B, C, D
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
      local x = (a + (f & M32) + T[i] + m[X[i]]) & M32
      local s = S[i]
      a, d, c = d, c, b
      b = (b + (((x << s) | (x >> (32 - s))) & M32)) & M32
    end
    A = (A + a) & M32
    B = (B + b) & M32
    C = (C + c) & M32
    D = (D + d) & M32
    fill = 0
  end

  local function put(byte)
    fill = fill + 1
    block[fill] = byte
    count = count + 1
    if fill == 64 then compress() end
  end

  mustCall(stream)
  for byte in stream do
    fill = fill + 1
    block[fill] = byte
    count = count + 1
    if fill == 64 then compress() end
  end
  -- Padding (RFC 1321, 3.1-3.2): 0x80, zeros up to 56 mod 64, the bit length as 8 little-endian bytes.
  local bits = count * 8
  put(0x80)
  while fill ~= 56 do put(0) end
  for shift = 0, 56, 8 do put((bits >> shift) & 0xff) end

  local function bytes()
    return A & 0xff, (A >> 8) & 0xff, (A >> 16) & 0xff, A >> 24,
      B & 0xff, (B >> 8) & 0xff, (B >> 16) & 0xff, B >> 24,
      C & 0xff, (C >> 8) & 0xff, (C >> 16) & 0xff, C >> 24,
      D & 0xff, (D >> 8) & 0xff, (D >> 16) & 0xff, D >> 24
  end

  self.asBytes = function() return { bytes() } end
  self.asString = function() return string.pack(BYTES, bytes()) end
  self.asHex = function() return string.format(string.rep("%02x", 16), bytes()) end
  return self
end

return MD5
