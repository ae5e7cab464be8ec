-- .crypto.util.stream (aolite): byte streams, i.e. functions returning the next byte (nil at the end).
-- A stream made from a table or hex text holds its own copy of the bytes, taken when it is made.
-- Conversions to text, arrays and hex read the stream into a byte array first (crypto-array.lua).
local Array = require(".crypto.util.array")

local Stream = {}

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
  return Array.toString(Array.fromStream(stream))
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

Stream.toArray = Array.fromStream

Stream.fromHex = function(hex)
  return over(Array.fromHex(hex), string.len(hex) // 2)
end

Stream.toHex = function(stream)
  return Array.toHex(Array.fromStream(stream))
end

return Stream
