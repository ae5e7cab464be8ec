-- .dump: serialises a Lua value as readable Lua source (used for Output.test, AOS-SEMANTICS.md 8.7).
-- Tables: one `key = value` line per entry, indented by 4 spaces per level; a string key that is a Lua
-- name (not a reserved word) is written bare, any other key in brackets (`[2]`, `["a b"]`); keys sorted
-- with numbers first, then by the key as written; strings are %q-quoted; an empty table is `{}`.

local type, pairs, tostring, format, rep, concat, sort = type, pairs, tostring, string.format, string.rep,
  table.concat, table.sort

local RESERVED = {}
for word in ("and break do else elseif end false for function goto if in local nil not or repeat return then true until while")
  :gmatch("[a-z]+") do
  RESERVED[word] = true
end

local function keyText(k)
  if type(k) == "string" then
    if not RESERVED[k] and k:match("^[a-zA-Z_][a-zA-Z0-9_]*$") then return k end
    return format("[%q]", k)
  end
  return "[" .. tostring(k) .. "]"
end

local function keyLess(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    if ta == "number" then return true end
    if tb == "number" then return false end
    return ta < tb
  end
  if ta == "number" then return a < b end
  return keyText(a) < keyText(b)
end

local function dumpValue(v, level, seen)
  local tv = type(v)
  if tv == "string" then return format("%q", v) end
  if tv == "number" or tv == "boolean" or tv == "nil" then return tostring(v) end
  if tv ~= "table" then return format("%q", tostring(v)) end
  if seen[v] then return '"<circular reference>"' end
  seen[v] = true
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  if #keys == 0 then
    seen[v] = nil
    return "{}"
  end
  sort(keys, keyLess)
  local pad = rep(" ", 4 * (level + 1))
  local lines = {}
  for i, k in ipairs(keys) do
    lines[i] = pad .. keyText(k) .. " = " .. dumpValue(v[k], level + 1, seen)
  end
  seen[v] = nil
  return "{\n" .. concat(lines, ",\n") .. "\n" .. rep(" ", 4 * level) .. "}"
end

return function(value)
  return dumpValue(value, 0, {})
end
