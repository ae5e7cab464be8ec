-- .utils (global `Utils`): pattern matching for handlers plus small curried list helpers
-- (AOS-SEMANTICS.md 6.2 and 8.5, 2.0.6 profile: case-insensitive string patterns, msg.Tags fallback).

local utils = { _version = "0.0.5" }

local type, pairs, select, lower, find, match = type, pairs, select, string.lower, string.find, string.match

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

local function asText(v)
  local tv = type(v)
  if tv == "string" then return v end
  if tv == "number" then return tostring(v) end
  return nil
end

function utils.matchesPattern(pattern, value, msg)
  if value == nil then return false end
  if pattern == "_" then return true end
  local tp = type(pattern)
  if tp == "function" then
    return pattern(value, msg) and true or false
  elseif tp == "string" then
    local text = asText(value)
    if text == nil then return false end
    if find(pattern, MAGIC) then
      return match(lower(text), lower(pattern)) ~= nil
    end
    return lower(text) == lower(pattern)
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
    local tags = msg.Tags
    for key, pattern in pairs(spec) do
      local ok = utils.matchesPattern(pattern, msg[key], msg)
      if not ok and type(tags) == "table" then ok = utils.matchesPattern(pattern, tags[key], msg) end
      if not ok then return false end
    end
    return true
  end
  return false
end

function utils.curry(fn, arity)
  assert(type(fn) == "function", "function is required as first argument")
  arity = arity or debug and debug.getinfo and debug.getinfo(fn, "u").nparams or 1
  if arity < 2 then return fn end
  return function(...)
    local args = { ... }
    if #args >= arity then return fn(table.unpack(args, 1, #args)) end
    return utils.curry(function(...)
      local rest = { table.unpack(args, 1, #args) }
      for i = 1, select("#", ...) do rest[#rest + 1] = (select(i, ...)) end
      return fn(table.unpack(rest, 1, #rest))
    end, arity - #args)
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

utils.reverse = function(data)
  assert(type(data) == "table", "argument needs to be a table that is an array")
  local result = {}
  for i = #data, 1, -1 do result[#result + 1] = data[i] end
  return result
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
function utils.normalize(s)
  s = lower((s:gsub("_", "-")))
  s = s:gsub("^%l", string.upper)
  return (s:gsub("%-%l", string.upper))
end

function utils.capitalize(s)
  return (s:gsub("^%l", string.upper))
end

return utils
