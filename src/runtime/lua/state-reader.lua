-- aolite state reader: installed only in a throwaway copy of a process (or under snapshot/restore), never
-- in a live process. The reader runs under the process's gas and memory limits: it calls functions the
-- process could have replaced (string.gsub, table.sort, require…), so it must not be able to hang the host. Defines `__aolite_read_state(keysJson)`: walks _G along the decoded key list
-- (strings and integers) with raw access only (no metamethod of process code runs) and returns
--   "V" .. <JSON of the value>            when every key is found, or
--   "E" .. <index> .. ":" .. <type name>  when key <index> (1-based) meets a non-table or a nil.
-- With a second argument (a length), a value whose JSON would be longer returns "L" .. <length> instead.
-- JSON: nil → null; booleans; integers in decimal (beyond ±(2^53 - 1) as a decimal string); finite floats as %.17g, others null; strings
-- escaped; a table whose keys are exactly 1..n is an array, an empty table is [] (as aos json.encode),
-- other tables are objects with keys in sorted order (number and boolean keys written with tostring, other
-- key types left out); functions, threads and userdata are the strings "[function]", "[thread]",
-- "[userdata]"; a table met again inside itself is the string "[circular]".

local decode = require("json").decode
local type, next, rawget, rawlen, tostring, tonumber, pcall, error = type, next, rawget, rawlen, tostring, tonumber, pcall, error
local math_type, string_format, string_gsub, table_concat, table_sort = math.type, string.format, string.gsub, table.concat, table.sort
local huge = math.huge
local SAFE = 9007199254740991 -- 2^53 - 1, JavaScript's Number.MAX_SAFE_INTEGER

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function quote(s)
  local escaped = string_gsub(s, '[%c"\\]', function(c)
    return escapes[c] or string_format('\\u%04x', c:byte())
  end)
  return '"' .. escaped .. '"'
end

-- The JSON is built piece by piece in `out`, its length counted in out.size: past out.limit the reader stops
-- at once (TOO_LARGE) instead of building and returning a value the host would refuse anyway.
local TOO_LARGE = {}
local function add(out, piece)
  local n = out.n + 1
  out[n] = piece
  out.n = n
  local size = out.size + #piece
  out.size = size
  if size > out.limit then error(TOO_LARGE, 0) end
end

local encode

local function encodeTable(t, out, open)
  if open[t] then add(out, '"[circular]"') return end
  open[t] = true
  local n = rawlen(t)
  local count, sequence = 0, true
  for k in next, t do
    count = count + 1
    if sequence and (math_type(k) ~= 'integer' or k < 1 or k > n) then sequence = false end
  end
  if count == 0 then
    add(out, '[]')
  elseif sequence and count == n then
    add(out, '[')
    for i = 1, n do
      if i > 1 then add(out, ',') end
      encode(rawget(t, i), out, open)
    end
    add(out, ']')
  else
    local keys, names = {}, {}
    for k in next, t do
      local kt = type(k)
      local name
      if kt == 'string' then name = k
      elseif kt == 'number' then name = math_type(k) == 'integer' and string_format('%d', k) or string_format('%.17g', k)
      elseif kt == 'boolean' then name = tostring(k) end
      if name ~= nil then keys[#keys + 1] = name; names[name] = k end
    end
    table_sort(keys)
    add(out, '{')
    for i = 1, #keys do
      local name = keys[i]
      if i > 1 then add(out, ',') end
      add(out, quote(name))
      add(out, ':')
      encode(rawget(t, names[name]), out, open)
    end
    add(out, '}')
  end
  open[t] = nil
end

encode = function(v, out, open)
  local t = type(v)
  if t == 'nil' then add(out, 'null')
  elseif t == 'boolean' then add(out, v and 'true' or 'false')
  elseif t == 'number' then
    if math_type(v) == 'integer' then
      -- Beyond 2^53 a JSON number loses digits in every JavaScript reader: such an integer is a string.
      if v > SAFE or v < -SAFE then add(out, '"' .. string_format('%d', v) .. '"') else add(out, string_format('%d', v)) end
    elseif v ~= v or v == huge or v == -huge then add(out, 'null')
    else add(out, string_format('%.17g', v)) end
  elseif t == 'string' then add(out, quote(v))
  elseif t == 'table' then encodeTable(v, out, open)
  else add(out, '"[' .. t .. ']"') end
end

local G = _G

return function(keysJson, limitText)
  local keys = decode(keysJson)
  local value = G
  for i = 1, #keys do
    if type(value) ~= 'table' then return 'E' .. i .. ':' .. type(value) end
    value = rawget(value, keys[i])
    if value == nil then return 'E' .. i .. ':nil' end
  end
  local out = { n = 0, size = 0, limit = tonumber(limitText) or huge }
  local ok, err = pcall(encode, value, out, {})
  if not ok then
    if err == TOO_LARGE then return 'L' .. out.limit end
    error(err, 0)
  end
  return 'V' .. table_concat(out)
end
