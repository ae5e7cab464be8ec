-- .crypto.util.bit (aolite): aos hands out the Lua 5.2 bit32 library here (the 5.3 compatibility one).
local ok, lib = pcall(require, "bit32")
if not ok then lib = rawget(_G, "bit32") end
if type(lib) ~= "table" then error("no bitwise support found", 2) end
return lib
