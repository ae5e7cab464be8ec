-- .base64: base64 encoding/decoding with configurable alphabets (AOS-SEMANTICS.md 8.8).
-- encode(str[, encoder, usecaching]), decode(b64[, decoder, usecaching]),
-- makeencoder([s62, s63, spad]), makedecoder([s62, s63, spad]).

local base64 = {}

local byte, char, concat = string.byte, string.char, table.concat
local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

--- Encoder: index 0..63 -> character, 64 -> padding character.
function base64.makeencoder(s62, s63, spad)
  local encoder = {}
  for i = 1, #ALPHABET do encoder[i - 1] = ALPHABET:sub(i, i) end
  encoder[62] = s62 or "+"
  encoder[63] = s63 or "/"
  encoder[64] = spad or "="
  return encoder
end

--- Decoder: byte of a character -> its 6-bit value (the padding byte maps to nothing).
function base64.makedecoder(s62, s63, spad)
  local decoder = {}
  for i, c in pairs(base64.makeencoder(s62, s63, spad)) do
    if i < 64 then decoder[byte(c)] = i end
  end
  return decoder
end

local DEFAULT_ENCODER = base64.makeencoder()
local DEFAULT_DECODER = base64.makedecoder()

function base64.encode(str, encoder, usecaching)
  encoder = encoder or DEFAULT_ENCODER
  local cache = usecaching and {} or nil
  local out, n = {}, 0
  local len = #str
  local full = len - len % 3
  for i = 1, full, 3 do
    local a, b, c = byte(str, i, i + 2)
    local v = a * 0x10000 + b * 0x100 + c
    local s = cache and cache[v]
    if not s then
      s = encoder[v >> 18] .. encoder[(v >> 12) & 63] .. encoder[(v >> 6) & 63] .. encoder[v & 63]
      if cache then cache[v] = s end
    end
    n = n + 1
    out[n] = s
  end
  local rest = len - full
  if rest == 2 then
    local a, b = byte(str, full + 1, full + 2)
    local v = a * 0x10000 + b * 0x100
    n = n + 1
    out[n] = encoder[v >> 18] .. encoder[(v >> 12) & 63] .. encoder[(v >> 6) & 63] .. encoder[64]
  elseif rest == 1 then
    local v = byte(str, full + 1) * 0x10000
    n = n + 1
    out[n] = encoder[v >> 18] .. encoder[(v >> 12) & 63] .. encoder[64] .. encoder[64]
  end
  return concat(out)
end

function base64.decode(b64, decoder, usecaching)
  decoder = decoder or DEFAULT_DECODER
  local cache = usecaching and {} or nil
  local values, count = {}, 0
  for i = 1, #b64 do
    local v = decoder[byte(b64, i)]
    if v then
      count = count + 1
      values[count] = v
    end
  end
  local out, n = {}, 0
  local full = count - count % 4
  for i = 1, full, 4 do
    local v = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3]
    local s = cache and cache[v]
    if not s then
      s = char(v >> 16, (v >> 8) & 255, v & 255)
      if cache then cache[v] = s end
    end
    n = n + 1
    out[n] = s
  end
  local rest = count - full
  if rest == 3 then
    local v = (values[full + 1] << 18) | (values[full + 2] << 12) | (values[full + 3] << 6)
    n = n + 1
    out[n] = char(v >> 16, (v >> 8) & 255)
  elseif rest == 2 then
    local v = (values[full + 1] << 18) | (values[full + 2] << 12)
    n = n + 1
    out[n] = char(v >> 16)
  end
  return concat(out)
end

return base64
