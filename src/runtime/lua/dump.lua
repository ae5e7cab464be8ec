-- .dump: serialises a Lua value as readable Lua source (used for Output.test, AOS-SEMANTICS.md 8.7).
-- Tables: one `[key] = value` line per entry, indented by 4 spaces per level, keys sorted with numbers
-- first; strings are %q-quoted; an empty table is `{}`.

local type, pairs, tostring, format, rep, concat, sort = type, pairs, tostring, string.format, string.rep,
  table.concat, table.sort

local function keyLess(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    if ta == "number" then return true end
    if tb == "number" then return false end
    return ta < tb
  end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
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
    local key
    if type(k) == "string" then key = format("[%q]", k) else key = "[" .. tostring(k) .. "]" end
    lines[i] = pad .. key .. " = " .. dumpValue(v[k], level + 1, seen)
  end
  seen[v] = nil
  return "{\n" .. concat(lines, ",\n") .. "\n" .. rep(" ", 4 * level) .. "}"
end

return function(value)
  return dumpValue(value, 0, {})
end
