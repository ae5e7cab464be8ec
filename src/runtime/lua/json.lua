-- json: the JSON codec of the aolite process library (module name `json`).
-- Behaviour follows AOS-SEMANTICS.md 8.3: numbers are written with %.14g, empty tables are arrays,
-- function members of objects are skipped, integers decode to Lua integers, null decodes to nil.
-- Errors that the reference reports at a known position carry that position literally.

local json = { _version = "aolite-1" }

local byte, sub, find, format, gsub, concat = string.byte, string.sub, string.find, string.format, string.gsub,
  table.concat
local type, pairs, rawget, tostring, tonumber, next = type, pairs, rawget, tostring, tonumber, next
local utf8char = utf8.char

local function fail(position, message)
  error('[string "json"]:' .. position .. ': ' .. message, 0)
end

-------------------------------------------------------------------------------
-- Encode
-------------------------------------------------------------------------------

local escapes = {
  ["\\"] = "\\\\", ['"'] = '\\"', ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}
local function escapeChar(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

-- Memoised encodings, kept small and stable so that they do not churn the process memory (every string
-- held here stays in the memory and its checkpoints): object keys (tag names, field names) repeat from
-- message to message, so the first KEY_CACHE_MAX distinct keys keep their encodings for good; of the
-- values, only the last short one that needed escaping (typically the coloured prompt) is kept.
local KEY_CACHE_MAX = 512
local keyCache, keyCount = {}, 0
local lastEscaped, lastEscapedOut

-- A string needs escaping when it has a control byte 0-31, a quote or a backslash (as aos's encoder: byte
-- 127 is written as it is). Tested the other way round, as "every byte is one of the others", the pattern
-- needs no class call per byte and is one pass without a restart per position: 2-4 times faster on this
-- Lua build.
local NOTHING_TO_ESCAPE = "^[]-\127#-[ !\128-\255]*$"

local function encodeString(s)
  if s == lastEscaped then return lastEscapedOut end
  if not find(s, NOTHING_TO_ESCAPE) then
    local out = '"' .. gsub(s, '[\0-\31"\\]', escapeChar) .. '"'
    if #s <= 256 then lastEscaped, lastEscapedOut = s, out end
    return out
  end
  return '"' .. s .. '"'
end

local function encodeKey(k)
  local cached = keyCache[k]
  if cached then return cached end
  local out = encodeString(k)
  if keyCount < KEY_CACHE_MAX and #k <= 128 then
    keyCache[k] = out
    keyCount = keyCount + 1
  end
  return out
end

local encodeValue

local function encodeTable(t, stack, buf, n)
  if stack[t] then fail(66, "circular reference") end
  stack[t] = true
  if rawget(t, 1) ~= nil or next(t) == nil then
    local count = 0
    for k in pairs(t) do
      if type(k) ~= "number" then fail(83, "invalid table: mixed or invalid key types") end
      count = count + 1
    end
    if count ~= #t then fail(91, "invalid table: sparse array") end
    n = n + 1; buf[n] = "["
    for i = 1, count do
      if i > 1 then n = n + 1; buf[n] = "," end
      n = encodeValue(t[i], stack, buf, n)
    end
    n = n + 1; buf[n] = "]"
  else
    n = n + 1; buf[n] = "{"
    local first = true
    for k, v in pairs(t) do
      if type(k) ~= "string" then fail(83, "invalid table: mixed or invalid key types") end
      if type(v) ~= "function" then
        if not first then n = n + 1; buf[n] = "," end
        first = false
        n = n + 1; buf[n] = encodeKey(k)
        n = n + 1; buf[n] = ":"
        n = encodeValue(v, stack, buf, n)
      end
    end
    n = n + 1; buf[n] = "}"
  end
  stack[t] = nil
  return n
end

encodeValue = function(v, stack, buf, n)
  local tv = type(v)
  if tv == "string" then
    n = n + 1; buf[n] = encodeString(v)
  elseif tv == "number" then
    if v ~= v or v == math.huge or v == -math.huge then
      fail(118, "unexpected number value '" .. tostring(v) .. "'")
    end
    n = n + 1; buf[n] = format("%.14g", v)
  elseif tv == "table" then
    n = encodeTable(v, stack, buf, n)
  elseif tv == "boolean" then
    n = n + 1; buf[n] = v and "true" or "false"
  elseif tv == "nil" then
    n = n + 1; buf[n] = "null"
  else
    fail(139, "unexpected type '" .. tv .. "'")
  end
  return n
end

function json.encode(value)
  local tv = type(value)
  if tv == "string" then return encodeString(value) end
  local buf = {}
  local n = encodeValue(value, {}, buf, 0)
  if n == 1 then return buf[1] end
  return concat(buf)
end

-------------------------------------------------------------------------------
-- Decode
-------------------------------------------------------------------------------

local function decodeError(str, idx, message)
  local line, col = 1, 1
  for i = 1, idx - 1 do
    col = col + 1
    if byte(str, i) == 10 then
      line = line + 1
      col = 1
    end
  end
  fail(261, format("%s at line %d col %d", message, line, col))
end

local function skipSpace(str, i)
  local j = find(str, "[^ \t\r\n]", i)
  return j or (#str + 1)
end

local decodeValue

local escapeValues = { [98] = "\b", [102] = "\f", [110] = "\n", [114] = "\r", [116] = "\t", [34] = '"', [92] = "\\",
  [47] = "/" }

local function parseString(str, i)
  -- str:byte(i) is the opening quote
  local j = find(str, '["\\%c]', i + 1)
  if not j then decodeError(str, i, "expected closing quote for string") end
  local c = byte(str, j)
  if c == 34 then return sub(str, i + 1, j - 1), j + 1 end
  local parts, n = {}, 0
  local start = i + 1
  while true do
    if not j then decodeError(str, i, "expected closing quote for string") end
    c = byte(str, j)
    if c == 34 then
      n = n + 1; parts[n] = sub(str, start, j - 1)
      return concat(parts), j + 1
    elseif c == 92 then
      n = n + 1; parts[n] = sub(str, start, j - 1)
      local e = byte(str, j + 1)
      if e == 117 then
        local hex = sub(str, j + 2, j + 5)
        local code = #hex == 4 and tonumber(hex, 16)
        if not code or find(hex, "[^%x]") then decodeError(str, j, "invalid unicode escape in string") end
        local nextj = j + 6
        if code >= 0xD800 and code <= 0xDBFF and sub(str, nextj, nextj + 1) == "\\u" then
          local low = tonumber(sub(str, nextj + 2, nextj + 5), 16)
          if low and low >= 0xDC00 and low <= 0xDFFF then
            code = (code - 0xD800) * 0x400 + (low - 0xDC00) + 0x10000
            nextj = nextj + 6
          end
        end
        n = n + 1; parts[n] = utf8char(code)
        start = nextj
      else
        local v = e and escapeValues[e]
        if not v then decodeError(str, j, "invalid escape char '" .. (e and string.char(e) or "") .. "' in string") end
        n = n + 1; parts[n] = v
        start = j + 2
      end
    else
      decodeError(str, j, "control character in string")
    end
    j = find(str, '["\\%c]', start)
  end
end

-- As aos's decoder: a number is the text up to the next space, ',', ']' or '}', read by tonumber (so
-- 0x10, 1. and 01 are numbers too).
local function parseNumber(str, i)
  local j = find(str, "[ \t\r\n,%]}]", i) or (#str + 1)
  local s = sub(str, i, j - 1)
  local v = tonumber(s)
  if not v then decodeError(str, i, "invalid number '" .. s .. "'") end
  return v, j
end

local literals = { ["true"] = true, ["false"] = false }

-- A {name, value} pair of strings without escapes (the shape of every ao tag), with the separator after
-- it, in one match.
local TAG_SHAPE = '^{"name":"([^"\\%c]*)","value":"([^"\\%c]*)"}([,%]])'

local function parseArray(str, i)
  local res, n = {}, 0
  i = skipSpace(str, i + 1)
  if byte(str, i) == 93 then return res, i + 1 end
  while true do
    local _, e, name, value, sep = find(str, TAG_SHAPE, i)
    local c
    if e then
      n = n + 1
      res[n] = { name = name, value = value }
      i = e
      c = sep == "," and 44 or 93
    else
      local v
      v, i = decodeValue(str, i)
      n = n + 1
      res[n] = v
      c = byte(str, i)
      if c ~= 44 and c ~= 93 then
        i = skipSpace(str, i)
        c = byte(str, i)
      end
    end
    if c == 93 then return res, i + 1 end
    if c ~= 44 then decodeError(str, i, "expected ']' or ','") end
    i = i + 1
    c = byte(str, i)
    if c == 32 or c == 9 or c == 10 or c == 13 then i = skipSpace(str, i) end
    if byte(str, i) == 93 then return res, i + 1 end -- a trailing comma, as aos's decoder accepts
  end
end

local KEY_SHAPE = '^"([^"\\%c]*)"%s*:%s*'
local KEY_STRING_SHAPE = '^"([^"\\%c]*)":"([^"\\%c]*)"([,}])'
local KEY_INTEGER_SHAPE = '^"([^"\\%c]*)":(%-?%d+)([,}])'

local function parseObject(str, i)
  local res = {}
  i = skipSpace(str, i + 1)
  if byte(str, i) == 125 then return res, i + 1 end
  while true do
    -- common compact shapes first: "key":"string" and "key":integer with the separator, in one match
    local _, e, k, v, sep = find(str, KEY_STRING_SHAPE, i)
    if not e then
      _, e, k, v, sep = find(str, KEY_INTEGER_SHAPE, i)
      if e then v = tonumber(v) end
    end
    local c
    if e then
      res[k] = v
      i = e
      c = sep == "," and 44 or 125
    else
      _, e, k = find(str, KEY_SHAPE, i)
      if e then
        i = e + 1
      else
        if byte(str, i) ~= 34 then decodeError(str, i, "expected string for key") end
        k, i = parseString(str, i)
        i = skipSpace(str, i)
        if byte(str, i) ~= 58 then decodeError(str, i, "expected ':' after key") end
        i = skipSpace(str, i + 1)
      end
      v, i = decodeValue(str, i)
      res[k] = v
      c = byte(str, i)
      if c ~= 44 and c ~= 125 then
        i = skipSpace(str, i)
        c = byte(str, i)
      end
    end
    if c == 125 then return res, i + 1 end
    if c ~= 44 then decodeError(str, i, "expected '}' or ','") end
    i = i + 1
    c = byte(str, i)
    if c == 32 or c == 9 or c == 10 or c == 13 then i = skipSpace(str, i) end
    if byte(str, i) == 125 then return res, i + 1 end -- a trailing comma, as aos's decoder accepts
  end
end

local STRING_SHAPE = '^"([^"\\%c]*)"'

decodeValue = function(str, i)
  local c = byte(str, i)
  if c == 34 then
    local _, e, v = find(str, STRING_SHAPE, i)
    if e then return v, e + 1 end
    return parseString(str, i)
  end
  if c == 123 then return parseObject(str, i) end
  if c == 91 then return parseArray(str, i) end
  if c == 45 or (c and c >= 48 and c <= 57) then return parseNumber(str, i) end
  local j = find(str, "[^%a]", i) or (#str + 1)
  local word = sub(str, i, j - 1)
  if word == "null" then return nil, j end
  local lit = literals[word]
  if lit == nil then decodeError(str, i, "unexpected character '" .. sub(str, i, i) .. "'") end
  return lit, j
end

function json.decode(str)
  if type(str) ~= "string" then
    error("expected argument of type string, got " .. type(str))
  end
  local res, i = decodeValue(str, skipSpace(str, 1))
  i = skipSpace(str, i)
  if i <= #str then decodeError(str, i, "trailing garbage") end
  return res
end

return json
