-- .crypto.util.hex (aolite): string <-> hexadecimal text, lower-case digits.

-- stringToHex(s [, perLine [, sep]]): two lower-case digits per byte. Without perLine the digits run
-- together; with it, sep (default "") follows every byte but the last, replaced by a newline after
-- each perLine-th byte.
local function stringToHex(s, perLine, sep)
  if #s == 0 then return "" end
  if not perLine then
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
  end
  sep = sep or ""
  local parts, n = {}, #s
  for i = 1, n - 1 do
    parts[i] = string.format("%02x", s:byte(i)) .. ((i % perLine == 0) and "\n" or sep)
  end
  parts[n] = string.format("%02x", s:byte(n))
  return table.concat(parts)
end

-- hexToString(text [, unchecked]): decodes each pair of hex digits. Unless unchecked, whitespace is
-- dropped first and the text must hold only letters and digits, in an even count ("invalid hex string").
-- Pairs that are not hex digits are kept as they are.
local function hexToString(text, unchecked)
  if not unchecked then
    text = string.gsub(text, "%s+", "")
    if string.find(text, "[^0-9A-Za-z]") or #text % 2 ~= 0 then error("invalid hex string") end
  end
  local decoded = string.gsub(text, "(%x%x)", function(pair) return string.char(tonumber(pair, 16)) end)
  return decoded
end

return {
  stringToHex = stringToHex,
  hexToString = hexToString,
}
