-- .crypto.digest.sha2_512 (aolite): SHA-512 (FIPS 180-4, section 6.4) of a string. The module is the
-- function: sha2_512(msg) returns asBytes() (the eight 64-bit hash words as Lua integers, as aos
-- gives them), asString() (64 bytes) and asHex() (lower case).
--
-- Like aos, the bit length is appended as 8 bytes (the standard has 16) after 0x80 and the zeros that
-- fill the block, so a message whose length is 112 to 118 mod 128 is not given the extra block the
-- standard padding needs, and its digest is not the standard one.

-- K: the first 64 bits of the fractional parts of the cube roots of the first 80 primes (4.2.3).
local K = {
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
}

local WORDS = ">" .. string.rep("i8", 16)
local OUT = ">" .. string.rep("i8", 8)
local w = {}

local sha2_512 = function(msg)
  local len = #msg
  local zeros = 128 - (len + 9) % 128
  msg = msg .. "\128" .. string.rep("\0", zeros) .. string.pack(">I8", len * 8)

  -- H(0): the first 64 bits of the fractional parts of the square roots of the first 8 primes.
  local h1, h2, h3, h4 = 0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1
  local h5, h6, h7, h8 = 0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179

  for pos = 1, #msg, 128 do
    w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15], w[16] =
      string.unpack(WORDS, msg, pos)
    for t = 17, 80 do
      local x, y = w[t - 15], w[t - 2]
      local s0 = ((x >> 1) | (x << 63)) ~ ((x >> 8) | (x << 56)) ~ (x >> 7)
      local s1 = ((y >> 19) | (y << 45)) ~ ((y >> 61) | (y << 3)) ~ (y >> 6)
      w[t] = w[t - 16] + s0 + w[t - 7] + s1
    end
    local a, b, c, d, e, f, g, h = h1, h2, h3, h4, h5, h6, h7, h8
    for t = 1, 80 do
      local S1 = ((e >> 14) | (e << 50)) ~ ((e >> 18) | (e << 46)) ~ ((e >> 41) | (e << 23))
      local T1 = h + S1 + ((e & f) ~ (~e & g)) + K[t] + w[t]
      local S0 = ((a >> 28) | (a << 36)) ~ ((a >> 34) | (a << 30)) ~ ((a >> 39) | (a << 25))
      local T2 = S0 + ((a & b) ~ (a & c) ~ (b & c))
      h, g, f = g, f, e
      e = d + T1
      d, c, b = c, b, a
      a = T1 + T2
    end
    h1, h2, h3, h4 = h1 + a, h2 + b, h3 + c, h4 + d
    h5, h6, h7, h8 = h5 + e, h6 + f, h7 + g, h8 + h
  end

  local self = {}
  self.asBytes = function() return { h1, h2, h3, h4, h5, h6, h7, h8 } end
  self.asString = function() return string.pack(OUT, h1, h2, h3, h4, h5, h6, h7, h8) end
  self.asHex = function()
    return string.format("%016x%016x%016x%016x%016x%016x%016x%016x", h1, h2, h3, h4, h5, h6, h7, h8)
  end
  return self
end

return sha2_512
