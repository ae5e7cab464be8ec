-- .crypto.mac.hmac (aolite): HMAC (RFC 2104) over the reusable hashers of .crypto.digest.sha1 and
-- .crypto.digest.sha2_256.
--
-- HMAC() is a builder: setBlockSize(bytes) (default 64), setDigest(constructor such as SHA2_256),
-- setKey(byte list), init(), update(stream), finish(), then asBytes()/asHex()/asString() of the
-- digest. hmac(stream, keyBytes [, "sha1" | "sha256"]) builds one with a block size of 32 bytes, as
-- aos does, so its results differ from standard HMAC (which uses the hash's 64-byte block); build
-- HMAC().setBlockSize(64) for the standard values.
local Bit = require(".crypto.util.bit")
local Stream = require(".crypto.util.stream")
local SHA1 = require(".crypto.digest.sha1")
local SHA2_256 = require(".crypto.digest.sha2_256")
local bxor = Bit.bxor

local HMAC = function()
  local self = {}
  local blockSize = 64
  local Digest, hasher
  local ipad, opad = {}, {}

  self.setBlockSize = function(bytes)
    blockSize = bytes
    return self
  end

  self.setDigest = function(constructor)
    Digest = constructor
    hasher = constructor()
    return self
  end

  -- A key longer than the block size is replaced by its digest; the key is then zero-padded.
  self.setKey = function(key)
    if Digest == nil then error("Digest not set") end
    local keyStream
    if #key > blockSize then
      keyStream = Stream.fromArray(Digest().update(Stream.fromArray(key)).finish().asBytes())
    else
      keyStream = Stream.fromArray(key)
    end
    ipad, opad = {}, {}
    for i = 1, blockSize do
      local b = keyStream() or 0
      ipad[i] = bxor(b, 0x36)
      opad[i] = bxor(b, 0x5c)
    end
    return self
  end

  self.init = function()
    hasher.init().update(Stream.fromArray(ipad))
    return self
  end

  self.update = function(stream)
    hasher.update(stream)
    return self
  end

  self.finish = function()
    local inner = hasher.finish().asBytes()
    hasher.init().update(Stream.fromArray(opad)).update(Stream.fromArray(inner)).finish()
    return self
  end

  self.asBytes = function() return hasher.asBytes() end
  self.asHex = function() return hasher.asHex() end
  self.asString = function() return hasher.asString() end

  return self
end

local hmac = function(data, key, algorithm)
  local Digest
  if algorithm == nil or algorithm == "sha1" then
    Digest = SHA1.SHA1
  elseif algorithm == "sha256" then
    Digest = SHA2_256.SHA2_256
  else
    error("Unsupported algorithm: " .. algorithm)
  end
  return HMAC().setBlockSize(32).setDigest(Digest).setKey(key).init().update(data).finish()
end

return {
  hmac = hmac,
  HMAC = HMAC,
}
