-- .pretty: `tprint(t)` renders a table as `key: value` lines in pairs order (AOS-SEMANTICS.md 8.8), as
-- aos does: every line ends with "\n", a nested table is one more space in, and keys and values are
-- concatenated as they are (a boolean value as its text; a key or value that does not concatenate raises).

local pretty = { _version = "0.0.1" }

function pretty.tprint(tbl, indent)
  indent = indent or 0
  local out = {}
  for k, v in pairs(tbl) do
    local prefix = string.rep(" ", indent) .. k .. ": "
    if type(v) == "table" then
      out[#out + 1] = prefix .. "\n" .. pretty.tprint(v, indent + 1)
    elseif type(v) == "boolean" then
      out[#out + 1] = prefix .. tostring(v) .. "\n"
    else
      out[#out + 1] = prefix .. v .. "\n"
    end
  end
  return table.concat(out)
end

return pretty
