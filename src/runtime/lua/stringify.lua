-- .stringify: the table pretty-printer used by print and Eval (AOS-SEMANTICS.md 8.6).
-- Reproduced quirks: a "simple array" prints on one line; otherwise entries collected while keys run
-- 1,2,3... are discarded as soon as another key appears; keys are concatenated raw.
-- Key/value entries are listed in sorted key order (numbers first, then strings), which makes the
-- output independent of the Lua hash seed.

local stringify = {}

local colors = {
  red = "\27[31m", green = "\27[32m", blue = "\27[34m", reset = "\27[0m",
}
stringify.colors = colors

local type, pairs, tostring, concat, sort = type, pairs, tostring, table.concat, table.sort

function stringify.isSimpleArray(tbl)
  local expected = 1
  for k, v in pairs(tbl) do
    if k ~= expected then return false end
    local tv = type(v)
    if tv ~= "number" and tv ~= "string" then return false end
    expected = expected + 1
  end
  return true
end

local function keyLess(a, b)
  local ta, tb = type(a), type(b)
  if ta == "number" and tb == "number" then return a < b end
  if ta == "number" then return true end
  if tb == "number" then return false end
  if ta == "string" and tb == "string" then return a < b end
  if ta == "string" then return true end
  if tb == "string" then return false end
  return tostring(a) < tostring(b)
end

local function formatValue(v, indent, visited)
  local tv = type(v)
  if tv == "table" then return stringify.format(v, indent + 2, visited) end
  if tv == "string" then return colors.green .. '"' .. v .. '"' .. colors.reset end
  return colors.blue .. tostring(v) .. colors.reset
end

-- References as aos tracks them: `visited` holds every table met as the value of a key (never unmarked,
-- shared with the values' own formatting), and meeting one again turns the whole table being formatted
-- into "<circular reference>" (so does a table shared by two keys); the entries of an array part are
-- formatted afresh, without it.
function stringify.format(tbl, indent, visited)
  indent = indent or 0
  local pad = string.rep(" ", indent + 2)
  if stringify.isSimpleArray(tbl) then
    local items = {}
    for i = 1, #tbl do
      local v = tbl[i]
      if type(v) == "string" then
        items[i] = colors.green .. '"' .. v .. '"' .. colors.reset
      else
        items[i] = colors.blue .. tostring(v) .. colors.reset
      end
    end
    return "{ " .. concat(items, ", ") .. " }"
  end
  local items, n = {}, 0
  local keyMode = false
  local keys
  local expected = 1
  for k, v in pairs(tbl) do
    if not keyMode and k == expected then
      n = n + 1
      items[n] = pad .. formatValue(v, indent, nil)
      expected = expected + 1
    else
      if not keyMode then
        keyMode = true
        items, n = {}, 0
        keys = {}
      end
      keys[#keys + 1] = k
    end
  end
  if keyMode then
    sort(keys, keyLess)
    visited = visited or {}
    for i = 1, #keys do
      local k = keys[i]
      local v = tbl[k]
      if type(v) == "table" then
        if visited[v] then return "<circular reference>" end
        visited[v] = true
      end
      local shown = formatValue(v, indent, visited)
      n = n + 1
      items[n] = pad .. colors.red .. k .. colors.reset .. " = " .. shown
    end
    return "{\n " .. concat(items, ",\n ") .. "\n" .. string.rep(" ", indent) .. "}"
  end
  return "{\n" .. concat(items, ",\n") .. "\n" .. string.rep(" ", indent) .. " }"
end

return stringify
