-- .pretty: `tprint(t)` renders a table as `key: value` lines in pairs order (AOS-SEMANTICS.md 8.8).

local pretty = {}

function pretty.tprint(tbl, indent)
  indent = indent or 0
  local lines = {}
  for k, v in pairs(tbl) do
    local prefix = string.rep(" ", indent) .. tostring(k) .. ": "
    if type(v) == "table" then
      lines[#lines + 1] = prefix
      lines[#lines + 1] = pretty.tprint(v, indent + 2)
    else
      lines[#lines + 1] = prefix .. tostring(v)
    end
  end
  return table.concat(lines, "\n")
end

return pretty
