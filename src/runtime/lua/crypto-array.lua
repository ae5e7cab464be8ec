-- .crypto.util.array (aolite): byte arrays (Lua lists of integers 0-255). Walks that read a list stop
-- at its first nil; XOR, substitute, permute and copy walk every key (pairs).
local Bit = require(".crypto.util.bit")
local Queue = require(".crypto.util.queue")
local bxor = Bit.bxor

local Array = {}

-- Hex pairs are read in upper or lower case (not mixed); each byte is written as two upper-case digits.
local byteOfPair, pairOfByte = {}, {}
for v = 0, 255 do
  byteOfPair[string.format("%02x", v)] = v
  byteOfPair[string.format("%02X", v)] = v
  pairOfByte[v] = string.format("%02X", v)
end

Array.size = function(array)
  return #array
end

Array.fromString = function(s)
  local bytes, n = {}, 0
  local b = string.byte(s, 1)
  while b ~= nil do
    n = n + 1
    bytes[n] = b
    b = string.byte(s, n + 1)
  end
  return bytes
end

Array.toString = function(bytes)
  local chars, n = {}, 0
  local b = bytes[1]
  while b ~= nil do
    n = n + 1
    chars[n] = string.char(b)
    b = bytes[n + 1]
  end
  return table.concat(chars)
end

Array.fromStream = function(stream)
  local bytes, n = {}, 0
  local b = stream()
  while b ~= nil do
    n = n + 1
    bytes[n] = b
    b = stream()
  end
  return bytes
end

Array.readFromQueue = function(queue, size)
  local bytes = {}
  for i = 1, size do bytes[i] = queue.pop() end
  return bytes
end

Array.writeToQueue = function(queue, array)
  for i = 1, #array do queue.push(array[i]) end
end

-- A stream (a queue's pop) over the bytes up to the first nil, copied now.
Array.toStream = function(array)
  local queue = Queue()
  local i = 1
  local b = array[1]
  while b ~= nil do
    queue.push(b)
    i = i + 1
    b = array[i]
  end
  return queue.pop
end

Array.fromHex = function(hex)
  local bytes = {}
  for i = 1, string.len(hex) // 2 do
    bytes[i] = byteOfPair[string.sub(hex, 2 * i - 1, 2 * i)]
  end
  return bytes
end

Array.toHex = function(array)
  local digits, n = {}, 0
  local b = array[1]
  while b ~= nil do
    n = n + 1
    digits[n] = pairOfByte[b]
    b = array[n + 1]
  end
  return table.concat(digits)
end

Array.concat = function(a, b)
  local out, n = {}, 0
  local i, v = 1, a[1]
  while v ~= nil do
    n = n + 1
    out[n] = v
    i = i + 1
    v = a[i]
  end
  i, v = 1, b[1]
  while v ~= nil do
    n = n + 1
    out[n] = v
    i = i + 1
    v = b[i]
  end
  return out
end

Array.truncate = function(a, newSize)
  local out = {}
  for i = 1, newSize do out[i] = a[i] end
  return out
end

Array.XOR = function(a, b)
  local out = {}
  for k, v in pairs(a) do out[k] = bxor(v, b[k]) end
  return out
end

Array.substitute = function(input, sbox)
  local out = {}
  for k, v in pairs(input) do out[k] = sbox[v] end
  return out
end

Array.permute = function(input, pbox)
  local out = {}
  for k, v in pairs(pbox) do out[k] = input[v] end
  return out
end

Array.copy = function(input)
  local out = {}
  for k, v in pairs(input) do out[k] = v end
  return out
end

-- slice(list [, first [, last]]): negative positions count from the end; holes are skipped.
Array.slice = function(input, first, last)
  local out = {}
  local len = #input
  if first == nil then
    first = 1
  elseif first < 0 then
    first = len + first + 1
  end
  if last == nil then
    last = len
  elseif last < 0 then
    last = len + last + 1
  end
  for i = first, last do
    local v = input[i]
    if v ~= nil then out[#out + 1] = v end
  end
  return out
end

return Array
