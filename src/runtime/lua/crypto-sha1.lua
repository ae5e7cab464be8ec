-- .crypto.digest.sha1 (aolite): SHA-1 (FIPS 180-4, section 6.1) over a byte stream.
-- SHA1() makes a reusable hasher: init(), update(stream), finish(), then asBytes() (20 bytes),
-- asHex() (lower case) and asString(); sha1(stream) hashes one stream.

local M32 = 0xffffffff
local BYTES = string.rep("B", 20)

local function mustCall(stream)
  if type(stream) ~= "function" then
    local mt = getmetatable(stream)
    if type(mt) ~= "table" or mt.__call == nil then
      error("attempt to call a " .. type(stream) .. " value")
    end
  end
end

local SHA1 = function()
  local self = {}
  local h1, h2, h3, h4, h5
  local block, fill, count = {}, 0, 0 -- bytes of the current block; bytes taken since init
  local w = {}

  local function compress()
    for t = 1, 16 do
      local j = 4 * t
      w[t] = ((block[j - 3] << 24) | (block[j - 2] << 16) | (block[j - 1] << 8) | block[j]) & M32
    end
    for t = 17, 80 do
      local x = w[t - 3] ~ w[t - 8] ~ w[t - 14] ~ w[t - 16]
      w[t] = ((x << 1) | (x >> 31)) & M32
    end
    local a, b, c, d, e = h1, h2, h3, h4, h5
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
    h1 = (h1 + a) & M32
    h2 = (h2 + b) & M32
    h3 = (h3 + c) & M32
    h4 = (h4 + d) & M32
    h5 = (h5 + e) & M32
    fill = 0
  end

  local function put(byte)
    fill = fill + 1
    block[fill] = byte
    count = count + 1
    if fill == 64 then compress() end
  end

  self.init = function()
    h1, h2, h3, h4, h5 = 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0
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
      h5 >> 24, (h5 >> 16) & 0xff, (h5 >> 8) & 0xff, h5 & 0xff
  end

  self.asBytes = function() return { bytes() } end
  self.asString = function() return string.pack(BYTES, bytes()) end
  self.asHex = function() return string.format("%08x%08x%08x%08x%08x", h1, h2, h3, h4, h5) end

  return self.init()
end

local sha1 = function(stream)
  return SHA1().update(stream).finish()
end

return {
  sha1 = sha1,
  SHA1 = SHA1,
}
