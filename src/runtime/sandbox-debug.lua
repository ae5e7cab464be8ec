-- aolite sandbox: the `debug` library process code sees. sandbox.lua compiles this chunk under its own
-- chunk name, so the functions here count as sandbox functions too (hidden like the rest, see below).
--
-- Chunk arguments: the standard debug table (taken before sandbox.lua hides it) and `public`, the set of
-- functions process code can reach anyway (sandbox.lua fills it at its end, from the globals and the
-- standard library tables).
--
-- What process code may see and touch, and why:
--  * The gas meter is a count hook set by the sandbox; process code must not remove, replace or read it,
--    nor reach the raw functions the sandbox keeps as locals (sethook, binary-capable load, the raw
--    collectgarbage/setmetatable/xpcall/coroutine.close...). So sethook and getregistry are refused;
--    gethook answers what aos answers (no hook: nil, "", 0): the meter belongs to the host, not to the
--    process.
--  * The sandbox's own Lua functions stand where aos has C functions (xpcall, load, setmetatable,
--    coroutine.wrap, ...), and so they are shown as C functions: on the stack (getinfo levels) as
--    "[C]" frames without locals, and as function arguments as C functions without upvalues. Their
--    sources, lines, locals and upvalues (which hold the meter and the raw functions) stay out of reach.
--  * "f" (getinfo's func) only hands out a function process code could reach anyway: functions compiled
--    from process text, and the public ones; a C frame of a raw function the sandbox keeps (the raw
--    xpcall under the xpcall wrapper, the raw load calling a reader function...) gets func = nil.
--  * Locals of C frames are not shown (aos shows "(*temporary)" slots): they can hold internal userdata
--    (luaL_Buffer boxes whose __gc frees memory still in use). Upvalues of C functions are not shown for
--    the same reason (string.gmatch's iterator state).
--  * getlocal shows the named locals and varargs of process frames, not their temporaries: a register
--    past the live ones holds what an earlier call left in that stack slot (a sandbox function's raw
--    functions, say), and Lua shows the whole frame at the top of a dead coroutine or under a metamethod.
--  * setlocal writes only named locals and varargs of process frames: the VM trusts the types of its
--    temporaries and loop control slots (a table under construction, say), and writing those could
--    corrupt memory.
--  * The stack itself ends at the process's entry point (the global `handle`, which the host's metered
--    call reaches by a tail call, so no host frame is ever above it); that bottom frame is reported as
--    aos reports it, not as a tail call.
--  * setmetatable refuses __gc as the global setmetatable does (finalizers would run unmetered).
--  * debug.debug reads commands from stdin in aos, which is empty there: it returns at once, and so it
--    does here.
-- Everything reported depends on the code only (names, lines, counts), so results stay deterministic;
-- upvalueid's light userdata is an address in the process's own, deterministic, memory.

local raw, public = ...

local raw_getinfo, raw_getlocal, raw_setlocal = raw.getinfo, raw.getlocal, raw.setlocal
local raw_getupvalue, raw_setupvalue = raw.getupvalue, raw.setupvalue
local raw_upvalueid, raw_upvaluejoin = raw.upvalueid, raw.upvaluejoin
local raw_getmetatable, raw_setmetatable = raw.getmetatable, raw.setmetatable
local running = coroutine.running
local type, error, select, rawget, tostring, tonumber = type, error, select, rawget, tostring, tonumber
local math_tointeger = math.tointeger
local string_format, string_find, string_byte = string.format, string.find, string.byte

local SANDBOX = raw_getinfo(1, 'S').source
local MAIN = running()

-- Levels beyond this are out of range (Lua casts levels to a C int).
local MAX_LEVEL = 0x7ffffff0

-- The functions of this library, by name (for error messages: Lua names the function as it was called,
-- or "debug.<name>" when the call site gives no name).
local names = {}

-- Raises Lua's "bad argument" error at the caller of this library's function.
local function argerror(arg, msg)
  local level = 2
  while true do
    local info = raw_getinfo(level, 'fn')
    if info == nil then error(msg, 0) end
    local name = names[info.func]
    if name then
      error(string_format("bad argument #%d to '%s' (%s)", arg, info.name or ('debug.' .. name), msg), level + 1)
    end
    level = level + 1
  end
end

local function typename(v, present)
  if not present then return 'no value' end
  local mt = raw_getmetatable(v)
  local n = mt and rawget(mt, '__name')
  if type(n) == 'string' then return n end
  return type(v)
end

-- luaL_checkinteger: integers, integral floats and strings that convert to them.
local function checkinteger(v, arg, present)
  local n = v
  if type(n) == 'string' then n = tonumber(n) end
  if type(n) ~= 'number' then argerror(arg, 'number expected, got ' .. typename(v, present)) end
  local i = math_tointeger(n)
  if i == nil then argerror(arg, 'number has no integer representation') end
  return i
end

local function checkfunction(v, arg, present)
  if type(v) ~= 'function' then argerror(arg, 'function expected, got ' .. typename(v, present)) end
end

-- 'process' (a Lua function compiled from process or library text), 'sandbox' (a Lua function of the
-- sandbox, shown as a C function) or 'C'.
local function kind(f)
  local info = raw_getinfo(f, 'S')
  if info.what == 'C' then return 'C' end
  if info.source == SANDBOX then return 'sandbox' end
  return 'process'
end

-- Whether process code may be handed function f.
local function reachable(f)
  return public[f] == true or (type(f) == 'function' and kind(f) == 'process')
end

-- A C function's view of a sandbox function.
local function as_c(info)
  if info.source ~= nil then
    info.source, info.short_src, info.what = '=[C]', '[C]', 'C'
    info.linedefined, info.lastlinedefined = -1, -1
  end
  if info.currentline ~= nil then info.currentline = -1 end
  if info.nups ~= nil then info.nups, info.nparams, info.isvararg = 0, 0, true end
  info.activelines = nil
end

-- The optional thread argument: thread, index of the next argument - 1, arguments after the thread.
local function thread_args(...)
  if type((...)) == 'thread' then return (...), 1 end
  return running(), 0
end

-- Frames near the top of the stack that stack_level inspects one by one (see there).
local WALK = 32

-- The raw level of visible stack level `level` of thread co, as seen from the entry point of this library
-- that called this helper through `depth` other helpers of this library (0: called by the entry point
-- itself), and the frame's function; nil beyond the stack. The visible stack is Lua's, except that a C
-- frame called by a sandbox function is left out: the sandbox function (shown as a C function) stands
-- for the C function aos has there (the raw xpcall under the xpcall wrapper, the raw load under load...),
-- so levels count as in aos. Only the top WALK frames are inspected so (each raw call walks the stack
-- from the top in C, so inspecting every frame would cost the square of the level); below them every
-- frame counts, so a deep level costs one raw call, as in aos.
local function stack_level(co, level, depth)
  if level < 0 or level > MAX_LEVEL then return nil end
  local self = co == running()
  -- Seen from here: 0 raw_getinfo, 1 this helper, depth helpers, then the entry point (visible level 0).
  local first = self and 2 + depth or 0
  local adjust = self and 1 + depth or 0
  local raw, visible = first, 0
  local info = raw_getinfo(co, raw, 'fS')
  while info ~= nil and raw < first + WALK do
    local below = raw_getinfo(co, raw + 1, 'fS')
    local hidden = info.what == 'C' and below ~= nil and below.what ~= 'C' and below.source == SANDBOX
    if not hidden then
      if visible == level then return raw - adjust, info.func end
      visible = visible + 1
    end
    raw = raw + 1
    info = below
  end
  if info == nil then return nil end
  raw = raw + level - visible
  -- lua_getstack walks `raw` frames in C, unmetered: spend as many metered instructions.
  for _ = 1, raw do end
  info = raw_getinfo(co, raw, 'f')
  if info == nil then return nil end
  return raw - adjust, info.func
end

-- Spends n metered instructions, for C work the meter does not see.
local function charge(n)
  for _ = 1, n do end
end

-- Stacks at most this deep are walked without a charge.
local SHALLOW = 64

-- Finds the depth of thread co's stack as luaL_traceback does (doubling, then bisecting), charging each
-- probe for the frames lua_getstack walks in C; returns the depth and the instructions charged (nil for a
-- shallow stack).
local function charged_depth(co)
  if raw_getinfo(co, SHALLOW, '') == nil then return nil end
  local lo, hi, spent = SHALLOW, SHALLOW * 2, SHALLOW
  charge(SHALLOW)
  while true do
    charge(hi)
    spent = spent + hi
    if raw_getinfo(co, hi, '') == nil then break end
    lo, hi = hi, hi * 2
  end
  while hi - lo > 1 do
    local mid = (lo + hi) // 2
    charge(mid)
    spent = spent + mid
    if raw_getinfo(co, mid, '') ~= nil then lo = mid else hi = mid end
  end
  return lo, spent
end

local raw_traceback = raw.traceback

-- luaL_traceback finds the depth of the stack by bisection and walks it again for each of the last frames
-- it shows, all in C: on a deep stack one call cost milliseconds for a few metered instructions. Those
-- walks are charged as metered instructions first.
local function traceback(...)
  local co, arg = thread_args(...)
  local msg, level = select(arg + 1, ...)
  local t = type(msg)
  if msg ~= nil and t ~= 'string' and t ~= 'number' then return msg end
  local self = co == running()
  if level == nil then
    level = self and 1 or 0
  else
    level = checkinteger(level, arg + 2, true)
  end
  local depth, spent = charged_depth(co)
  if depth then charge(spent + 12 * depth) end
  if self then
    -- this function's own frame is level 1 for the raw traceback
    if level > 0 then level = level + 1 end
    local text = raw_traceback(msg, level)
    return text
  end
  return raw_traceback(co, msg, level)
end

local function getinfo(...)
  local nargs = select('#', ...)
  local co, arg = thread_args(...)
  local target, what = select(arg + 1, ...)
  if what == nil then
    what = 'flnSrtu'
  elseif type(what) == 'number' then
    what = tostring(what)
  elseif type(what) ~= 'string' then
    argerror(arg + 2, 'string expected, got ' .. typename(what, true))
  end
  if string_byte(what, 1) == 62 then argerror(arg + 2, "invalid option '>'") end
  local valid = not string_find(what, '[^SlnrutLf]')
  if type(target) == 'function' then
    if not valid then argerror(arg + 2, 'invalid option') end
    local info = raw_getinfo(target, what)
    if kind(target) == 'sandbox' then as_c(info) end
    return info
  end
  local level, f = stack_level(co, checkinteger(target, arg + 1, nargs > arg), 0)
  if level == nil then return nil end
  if not valid then argerror(arg + 2, 'invalid option') end
  local info = raw_getinfo(co, level, what)
  if kind(f) == 'sandbox' then as_c(info) end
  if info.func ~= nil and not reachable(f) then info.func = nil end
  if info.istailcall and co == MAIN and raw_getinfo(co, level + 1, '') == nil then info.istailcall = false end
  return info
end

-- Checks a level argument; returns the raw level for a raw debug call made by the caller of this
-- helper (an entry point of this library), and whether that frame is a frame of process code. Out of
-- range: Lua's "level out of range" error.
local function frame_level(co, level, arg)
  local raw_level, f = stack_level(co, level, 1)
  if raw_level == nil then argerror(arg, 'level out of range') end
  return raw_level, kind(f) == 'process'
end

local function getlocal(...)
  local nargs = select('#', ...)
  local co, arg = thread_args(...)
  local target, n = select(arg + 1, ...)
  n = checkinteger(n, arg + 2, nargs > arg + 1)
  if type(target) == 'function' then
    if kind(target) ~= 'process' then return nil end
    return (raw_getlocal(target, n))
  end
  local level, visible = frame_level(co, checkinteger(target, arg + 1, nargs > arg), arg + 1)
  if not visible then return nil end
  local name, value = raw_getlocal(co, level, n)
  -- Temporaries are not shown: past the live registers a slot holds whatever an earlier, deeper call left
  -- there (the whole frame is readable at the top of a dead coroutine or under a metamethod call), such as
  -- the raw sethook and the hook the coroutine.create wrapper had on its stack.
  if name == '(temporary)' then return nil end
  return name, value
end

local function setlocal(...)
  local nargs = select('#', ...)
  local co, arg = thread_args(...)
  local target, n, value = select(arg + 1, ...)
  local level = checkinteger(target, arg + 1, nargs > arg)
  n = checkinteger(n, arg + 2, nargs > arg + 1)
  local raw_level, visible = frame_level(co, level, arg + 1)
  if nargs < arg + 3 then argerror(arg + 3, 'value expected') end
  if not visible then return nil end
  local name = raw_getlocal(co, raw_level, n)
  if name == nil then return nil end
  if string_byte(name, 1) == 40 and name ~= '(vararg)' then
    error("debug.setlocal: '" .. name .. "' is internal to the Lua VM and cannot be set in aolite processes (only named locals and varargs)", 2)
  end
  return raw_setlocal(co, raw_level, n, value)
end

local function getupvalue(...)
  local f, n = ...
  n = checkinteger(n, 2, select('#', ...) > 1)
  checkfunction(f, 1, select('#', ...) > 0)
  if kind(f) ~= 'process' then return end
  return raw_getupvalue(f, n)
end

local function setupvalue(...)
  local f, n, value = ...
  if select('#', ...) < 3 then argerror(3, 'value expected') end
  n = checkinteger(n, 2, true)
  checkfunction(f, 1, true)
  if kind(f) ~= 'process' then return end
  return raw_setupvalue(f, n, value)
end

-- The upvalue count of a process function, 0 for the others (their upvalues are not shown).
local function nups(f)
  if kind(f) ~= 'process' then return 0 end
  return raw_getinfo(f, 'u').nups
end

local function upvalueid(...)
  local f, n = ...
  n = checkinteger(n, 2, select('#', ...) > 1)
  checkfunction(f, 1, select('#', ...) > 0)
  if n < 1 or n > nups(f) then return nil end
  return raw_upvalueid(f, n)
end

local function upvaluejoin(...)
  local f1, n1, f2, n2 = ...
  local nargs = select('#', ...)
  n1 = checkinteger(n1, 2, nargs > 1)
  checkfunction(f1, 1, nargs > 0)
  if n1 < 1 or n1 > nups(f1) then argerror(2, 'invalid upvalue index') end
  n2 = checkinteger(n2, 4, nargs > 3)
  checkfunction(f2, 3, nargs > 2)
  if n2 < 1 or n2 > nups(f2) then argerror(4, 'invalid upvalue index') end
  if kind(f1) ~= 'process' then argerror(1, 'Lua function expected') end
  if kind(f2) ~= 'process' then argerror(3, 'Lua function expected') end
  raw_upvaluejoin(f1, n1, f2, n2)
end

local function setmetatable(...)
  local value, mt = ...
  if mt ~= nil and type(mt) ~= 'table' or select('#', ...) < 2 then
    argerror(2, 'nil or table expected, got ' .. typename(mt, select('#', ...) > 1))
  end
  if mt ~= nil and rawget(mt, '__gc') ~= nil then
    error('debug.setmetatable: __gc metamethods are not supported in aolite processes (finalizers cannot be metered)', 2)
  end
  return raw_setmetatable(value, mt)
end

local function refused(name, why)
  return function()
    error('debug.' .. name .. ' is not available in aolite processes (' .. why .. ')', 2)
  end
end

local safe = {
  traceback = traceback,
  getinfo = getinfo,
  getlocal = getlocal,
  setlocal = setlocal,
  getupvalue = getupvalue,
  setupvalue = setupvalue,
  upvalueid = upvalueid,
  upvaluejoin = upvaluejoin,
  getmetatable = raw_getmetatable,
  setmetatable = setmetatable,
  -- Only full userdata have user values, and process code never holds one.
  getuservalue = raw.getuservalue,
  setuservalue = raw.setuservalue,
  gethook = function() return nil, '', 0 end,
  sethook = refused('sethook', 'the instruction meter is the only hook'),
  getregistry = refused('getregistry', 'the registry holds the sandbox\'s own functions'),
  debug = function() end,
}
for name, f in pairs(safe) do names[f] = name end
return safe
