-- .crypto.digest.aolite-md (aolite's own, not an aos module): the Merkle-Damgard framing MD5, SHA-1 and
-- SHA-256 share. A hasher keeps `words` 32-bit state words and a 64-byte block; `compress(h, block)`
-- folds a full block (block[1..64], bytes) into h[1..words]. finish() pads as all three do: 0x80, zeros up
-- to 56 mod 64, the bit length in 8 bytes (little-endian for MD5, big-endian for the SHAs); the digest is
-- the words in that byte order.

local M32 = 0xffffffff

-- A stream is a function (or something callable) giving one byte per call, nil at the end.
local function mustCall(stream)
  if type(stream) ~= "function" then
    local mt = getmetatable(stream)
    if type(mt) ~= "table" or mt.__call == nil then
      error("attempt to call a " .. type(stream) .. " value")
    end
  end
end

-- A 64-byte block as 16 32-bit words into w[1..16], each read in `bigEndian` order or not.
local function blockWords(block, w, bigEndian)
  for t = 1, 16 do
    local j = 4 * t
    if bigEndian then
      w[t] = ((block[j - 3] << 24) | (block[j - 2] << 16) | (block[j - 1] << 8) | block[j]) & M32
    else
      w[t] = (block[j - 3] | (block[j - 2] << 8) | (block[j - 1] << 16) | (block[j] << 24)) & M32
    end
  end
end

-- The bytes of h[1..words], each word in `bigEndian` order or not.
local function wordBytes(h, words, bigEndian)
  local out, n = {}, 0
  for i = 1, words do
    local v = h[i]
    for k = 0, 3 do
      n = n + 1
      out[n] = (v >> (bigEndian and 24 - 8 * k or 8 * k)) & 0xff
    end
  end
  return out
end

-- A reusable hasher with init/update/finish and the result accessors: `initial` gives the starting words.
local function hasher(initial, compress, bigEndian)
  local words = #initial
  local self = {}
  local h, block, fill, count = {}, {}, 0, 0

  local function put(byte)
    fill = fill + 1
    block[fill] = byte
    count = count + 1
    if fill == 64 then
      compress(h, block)
      fill = 0
    end
  end

  self.init = function()
    for i = 1, words do h[i] = initial[i] end
    fill, count = 0, 0
    return self
  end

  self.update = function(stream)
    mustCall(stream)
    for byte in stream do put(byte) end
    return self
  end

  self.finish = function()
    local bits = count * 8
    put(0x80)
    while fill ~= 56 do put(0) end
    for k = 0, 7 do put((bits >> (bigEndian and 56 - 8 * k or 8 * k)) & 0xff) end
    return self
  end

  self.asBytes = function() return wordBytes(h, words, bigEndian) end
  self.asString = function() return string.char(table.unpack(wordBytes(h, words, bigEndian))) end
  self.asHex = function()
    return string.format(string.rep("%02x", 4 * words), table.unpack(wordBytes(h, words, bigEndian)))
  end

  return self.init()
end

return { hasher = hasher, blockWords = blockWords, M32 = M32 }
