-- .utils (global `Utils`): pattern matching for handlers plus small curried list helpers
-- (AOS-SEMANTICS.md 6.2 and 8.5, 2.0.6 profile: case-insensitive string patterns, msg.Tags fallback).

local utils = { _version = "0.0.5" }

local type, pairs, lower, find, match = type, pairs, string.lower, string.find, string.match

local function isArray(t)
  if type(t) ~= "table" then return false end
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do
    if t[i] == nil then return false end
  end
  return true
end

-- Lua pattern magic characters that make a string spec a pattern (a lone "-" is literal).
local MAGIC = "[%^%$%(%)%%%.%[%]%*%+%?]"

-- As aos 2.0.6: "_" matches anything, a function gets the value even when it is nil, and a string compares
-- lower-cased with the value (nil or false as ""; a table value raises, as string.lower does there).
function utils.matchesPattern(pattern, value, msg)
  if not pattern then return false end
  if pattern == "_" then return true end
  local tp = type(pattern)
  if tp == "function" then
    return pattern(value, msg) and true or false
  elseif tp == "string" then
    local text = lower(value or "")
    if find(pattern, MAGIC) then
      return match(text, lower(pattern)) ~= nil
    end
    return text == lower(pattern)
  elseif tp == "table" then
    for _, p in pairs(pattern) do
      if utils.matchesPattern(p, value, msg) then return true end
    end
    return false
  end
  return false
end

function utils.matchesSpec(msg, spec)
  local ts = type(spec)
  if ts == "function" then return spec(msg) end
  if ts == "string" then return msg.Action == spec end
  if ts == "table" then
    -- Each key is matched against the message's field and its tag, both always tried (a function pattern
    -- runs twice, once with nil when only one of them is set); a key that is neither (or only false) fails.
    local tags = msg.Tags
    for key, pattern in pairs(spec) do
      local value = msg[key]
      local tagValue = tags and tags[key]
      if not value and not tagValue then return false end
      local inValue = utils.matchesPattern(pattern, value, msg)
      local inTag = utils.matchesPattern(pattern, tagValue, msg)
      if not inValue and not inTag then return false end
    end
    return true
  end
  return false
end

-- As aos 2.0.6: the arity defaults to fn's parameter count, and a call with fewer arguments keeps only the
-- first of them for the next call (so propEq('k', 'v')(t) passes t as the value: aos code relies on
-- giving every argument at once).
function utils.curry(fn, arity)
  assert(type(fn) == "function", "function is required as first argument")
  arity = arity or debug.getinfo(fn, "u").nparams
  if arity < 2 then return fn end
  return function(...)
    local args = { ... }
    if #args >= arity then return fn(table.unpack(args)) end
    local first = args[1]
    return utils.curry(function(...) return fn(first, ...) end, arity - #args)
  end
end

utils.concat = utils.curry(function(a, b)
  assert(type(a) == "table", "first argument should be a table that is an array")
  assert(type(b) == "table", "second argument should be a table that is an array")
  assert(isArray(a), "first argument should be a table")
  assert(isArray(b), "second argument should be a table")
  local result = {}
  for i = 1, #a do result[#result + 1] = a[i] end
  for i = 1, #b do result[#result + 1] = b[i] end
  return result
end, 2)

utils.reduce = utils.curry(function(fn, initial, t)
  assert(type(fn) == "function", "first argument should be a function that accepts (result, value, key)")
  assert(type(t) == "table" and isArray(t), "third argument should be a table that is an array")
  local result = initial
  for k, v in pairs(t) do
    if result == nil then result = v else result = fn(result, v, k) end
  end
  return result
end, 3)

utils.map = utils.curry(function(fn, data)
  assert(type(fn) == "function", "first argument should be a unary function")
  assert(type(data) == "table" and isArray(data), "second argument should be an Array")
  local result = {}
  for k, v in pairs(data) do result[k] = fn(v, k) end
  return result
end, 2)

utils.filter = utils.curry(function(fn, data)
  assert(type(fn) == "function", "first argument should be a unary function")
  assert(type(data) == "table" and isArray(data), "second argument should be an Array")
  local result = {}
  for _, v in pairs(data) do
    if fn(v) then result[#result + 1] = v end
  end
  return result
end, 2)

utils.find = utils.curry(function(fn, t)
  assert(type(fn) == "function", "first argument should be a unary function")
  assert(type(t) == "table", "second argument should be a table that is an array")
  for _, v in pairs(t) do
    if fn(v) then return v end
  end
  return nil
end, 2)

utils.propEq = utils.curry(function(propName, value, object)
  assert(type(propName) == "string", "first argument should be a string")
  assert(type(value) == "string", "second argument should be a string")
  assert(type(object) == "table", "third argument should be a table<object>")
  return object[propName] == value
end, 3)

-- Through reduce, as aos: a table that is not an array raises reduce's error.
utils.reverse = function(data)
  assert(type(data) == "table", "argument needs to be a table that is an array")
  return utils.reduce(function(result, v, i)
    result[#data - i + 1] = v
    return result
  end, {}, data)
end

utils.compose = utils.curry(function(...)
  local fns = { ... }
  return function(v)
    for i = #fns, 1, -1 do v = fns[i](v) end
    return v
  end
end, 2)

utils.prop = utils.curry(function(propName, object)
  return object[propName]
end, 2)

utils.includes = utils.curry(function(val, t)
  assert(type(t) == "table", "argument needs to be a table")
  assert(isArray(t), "argument should be a table that is an array")
  for _, v in pairs(t) do
    if v == val then return true end
  end
  return false
end, 2)

utils.keys = function(t)
  assert(type(t) == "table", "argument needs to be a table")
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  return keys
end

utils.values = function(t)
  assert(type(t) == "table", "argument needs to be a table")
  local values = {}
  for _, v in pairs(t) do values[#values + 1] = v end
  return values
end

--- Title-Case: "_" becomes "-", everything lower case, then the first letter and every letter after "-"
--- upper case (`x_custom` -> `X-Custom`, `TTL` -> `Ttl`).
-- Both return anything but a (non-empty, for capitalize) string unchanged, as aos does.
function utils.normalize(s)
  if type(s) ~= "string" then return s end
  s = lower((s:gsub("_", "-")))
  s = s:gsub("^%l", string.upper)
  return (s:gsub("%-%l", string.upper))
end

function utils.capitalize(s)
  if type(s) ~= "string" or s == "" then return s end
  return s:sub(1, 1):upper() .. lower(s:sub(2))
end

return utils
