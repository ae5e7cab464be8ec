-- .crypto.util.stream (aolite): byte streams, i.e. functions returning the next byte (nil at the end).
-- A stream made from a table or hex text holds its own copy of the bytes, taken when it is made.
local Stream = {}

-- Hex pairs are read in upper or lower case (not mixed); each byte is written as two upper-case digits.
local byteOfPair, pairOfByte = {}, {}
for v = 0, 255 do
  byteOfPair[string.format("%02x", v)] = v
  byteOfPair[string.format("%02X", v)] = v
  pairOfByte[v] = string.format("%02X", v)
end

-- A stream over items[1..count] (a nil item reads as nil and the stream goes on past it).
local function over(items, count)
  local i = 0
  return function()
    if i >= count then return nil end
    i = i + 1
    local v = items[i]
    items[i] = nil
    return v
  end
end

Stream.fromString = function(s)
  local pos = 0
  return function()
    pos = pos + 1
    return string.byte(s, pos)
  end
end

Stream.toString = function(stream)
  local chars, n = {}, 0
  local b = stream()
  while b ~= nil do
    n = n + 1
    chars[n] = string.char(b)
    b = stream()
  end
  return table.concat(chars)
end

-- The bytes up to (not including) the first nil.
Stream.fromArray = function(array)
  local copy, n = {}, 0
  local v = array[1]
  while v ~= nil do
    n = n + 1
    copy[n] = v
    v = array[n + 1]
  end
  return over(copy, n)
end

Stream.toArray = function(stream)
  local bytes, n = {}, 0
  local b = stream()
  while b ~= nil do
    n = n + 1
    bytes[n] = b
    b = stream()
  end
  return bytes
end

Stream.fromHex = function(hex)
  local bytes, n = {}, 0
  for i = 1, string.len(hex) // 2 do
    n = n + 1
    bytes[n] = byteOfPair[string.sub(hex, 2 * i - 1, 2 * i)]
  end
  return over(bytes, n)
end

Stream.toHex = function(stream)
  local digits, n = {}, 0
  local b = stream()
  while b ~= nil do
    n = n + 1
    digits[n] = pairOfByte[b]
    b = stream()
  end
  return table.concat(digits)
end

return Stream
