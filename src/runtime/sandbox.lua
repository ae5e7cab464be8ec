-- aolite sandbox and meter. Runs once in every fresh engine, right after the standard libraries are
-- opened and before any library module. It takes the only copies of the dangerous functions it needs
-- (debug.sethook, the binary-capable load) as locals, removes everything that reaches the host, pins
-- clocks and randomness, and returns the control table the host keeps in the Lua registry (Lua code
-- cannot reach the registry: the debug library it sees, sandbox-debug.lua, has no getregistry).
--
-- Chunk arguments: HOOK_EVERY, the instruction count between two gas hook calls, and the text of
-- sandbox-debug.lua (the debug library processes see), compiled here under this chunk's name.
--
-- Contract with the aos library (src/runtime/library.ts):
--  * os.time() returns 10 (seconds) until the library replaces os.time (aos: msg.Timestamp).
--    os.time(t) with a table computes UTC in Lua (never the host time zone).
--  * os.date(fmt, t) always formats in UTC; t defaults to 10 s after the epoch (the reference
--    loader's clock), not to os.time(). os.clock() returns 10.0. The library may replace these.
--  * math.random is a placeholder: math.random() returns 0.5, math.random(m) / (m, n) return the middle
--    of the range. The library installs its own generator (aos: MT19937). math.randomseed does nothing.
--  * print and warn do nothing until the library defines them.
--  * setmetatable refuses metatables with __gc: finalizers run with hooks off, so they cannot be metered.

local HOOK_EVERY, DEBUG_SOURCE = ...

local G = _G
local error, type, select, rawget, tostring = error, type, select, rawget, tostring
local huge, floor = math.huge, math.floor
local sethook = debug.sethook
local raw_getinfo = debug.getinfo
local raw_load = load
local raw_setmetatable = setmetatable
local raw_collectgarbage = collectgarbage
local co_create, co_resume = coroutine.create, coroutine.resume
local os_date, os_difftime = os.date, os.difftime

---------------------------------------------------------------------------------------------------
-- Gas: a count hook on every thread. Once the budget is spent the hook raises on every instruction
-- of the thread it fires in, so pcall/xpcall/coroutines cannot swallow the error for long.

--
-- An error raised by a hook leaves that thread's hooks off until the enclosing pcall unwinds. Lua runs
-- two kinds of code in that window: xpcall's message handler and coroutine.close's __close handlers.
-- Both are gated below: once the budget is spent they are not run.

local GAS_ERROR = 'gas limit exceeded'
local ticks, limit, exhausted = 0, huge, false

local function hook()
  ticks = ticks + 1
  if ticks > limit then
    exhausted = true
    sethook(hook, '', 1)
    error(GAS_ERROR, 0)
  end
end

local raw_xpcall, co_close = xpcall, coroutine.close
xpcall = function(f, handler, ...)
  if type(handler) ~= 'function' then
    error("bad argument #2 to 'xpcall' (function expected, got " .. type(handler) .. ')', 2)
  end
  return raw_xpcall(f, function(e)
    if exhausted then return e end
    return handler(e)
  end, ...)
end

coroutine.close = function(co)
  if exhausted then error(GAS_ERROR, 0) end
  return co_close(co)
end

-- A thread counts its own instructions down to its next hook call, so a coroutine that dies before its
-- first one (fewer than HOOK_EVERY instructions) was never charged: a loop creating such coroutines ran
-- almost unmetered. Each coroutine is charged one tick when created, which covers what it can run
-- without a hook call; the rest it runs is counted by its hook as everywhere else.
local function create(f)
  hook()
  local co = co_create(f)
  sethook(co, hook, '', HOOK_EVERY)
  return co
end

local function wrap_result(ok, ...)
  if ok then return ... end
  local err = ...
  if type(err) == 'string' then error(err, 2) end
  error(err)
end

coroutine.create = create
coroutine.wrap = function(f)
  local co = create(f)
  return function(...)
    return wrap_result(co_resume(co, ...))
  end
end

---------------------------------------------------------------------------------------------------
-- Host escapes.

io = nil
package.loaded.io = nil
dofile = nil
loadfile = nil
string.dump = nil
package.loadlib = nil
package.searchpath = nil
package.path = ''
package.cpath = ''
do
  local preload_searcher = package.searchers[1]
  for i = #package.searchers, 1, -1 do package.searchers[i] = nil end
  package.searchers[1] = preload_searcher
end

load = function(chunk, chunkname, mode, ...)
  if select('#', ...) > 0 then return raw_load(chunk, chunkname, 't', (...)) end
  return raw_load(chunk, chunkname, 't')
end

setmetatable = function(t, mt)
  if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then
    error('setmetatable: __gc metamethods are not supported in aolite processes (finalizers cannot be metered)', 2)
  end
  return raw_setmetatable(t, mt)
end

-- The collector runs in generational mode: a message's garbage dies young and is freed (and zeroed by
-- the allocator) by minor collections, while old objects keep their mark bits; an incremental cycle
-- rewrites the mark bits of every live object and leaves more dead objects in the memory, so each
-- checkpoint would store far more changed chunks. Process code cannot switch the mode.
raw_collectgarbage('generational')

-- stop and restart as in aos (a stopped collector only lets the process reach its memory limit sooner);
-- switching the collector's mode or tuning it stays refused.
local GC_OPTIONS = { collect = true, count = true, step = true, isrunning = true, stop = true, restart = true }
-- A collection walks the whole heap in C, unmetered: `collect` and `step` are charged one instruction per
-- 16 bytes of heap first (so a loop of collections on a large heap cannot run far past the limit).
local GC_CHARGED = { collect = true, step = true }
collectgarbage = function(opt, ...)
  if opt == nil then opt = 'collect' end
  if not GC_OPTIONS[opt] then
    error("collectgarbage: option '" .. tostring(opt) .. "' is not available in aolite processes", 2)
  end
  if GC_CHARGED[opt] then
    for _ = 1, floor(raw_collectgarbage('count') * 64) // HOOK_EVERY do hook() end
  end
  return raw_collectgarbage(opt, ...)
end

print = function() end
warn = function() end

-- The debug library: see sandbox-debug.lua. `public` is filled at the end of this chunk.
local public = {}
do
  local make_debug, err = raw_load(DEBUG_SOURCE, raw_getinfo(1, 'S').source, 't')
  if not make_debug then error(err, 0) end
  local safe_debug = make_debug(debug, public)
  debug = safe_debug
  package.loaded.debug = safe_debug
end

---------------------------------------------------------------------------------------------------
-- Clocks (no host time, no host time zone).

local CLOCK = 10

local function days_from_civil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function field(t, key, default)
  local v = rawget(t, key)
  if v == nil then
    if default == nil then error("field '" .. key .. "' missing in date table", 3) end
    return default
  end
  local n = math.tointeger(v)
  if n == nil then error("field '" .. key .. "' is not an integer", 3) end
  return n
end

local function utc_time(t)
  local year = field(t, 'year')
  local month = field(t, 'month')
  local day = field(t, 'day')
  local hour = field(t, 'hour', 12)
  local min = field(t, 'min', 0)
  local sec = field(t, 'sec', 0)
  year = year + (month - 1) // 12
  month = (month - 1) % 12 + 1
  return (days_from_civil(year, month, 1) + day - 1) * 86400 + hour * 3600 + min * 60 + sec
end

local safe_os = {
  time = function(t)
    if t == nil then return CLOCK end
    if type(t) ~= 'table' then error("bad argument #1 to 'time' (table expected, got " .. type(t) .. ')', 2) end
    return utc_time(t)
  end,
  date = function(fmt, t)
    if fmt == nil then fmt = '%c' end
    if t == nil then t = CLOCK end
    if type(fmt) == 'string' and fmt:sub(1, 1) ~= '!' then fmt = '!' .. fmt end
    return os_date(fmt, t)
  end,
  clock = function() return CLOCK + 0.0 end,
  difftime = os_difftime,
}
os = safe_os
package.loaded.os = safe_os

---------------------------------------------------------------------------------------------------
-- Randomness: Lua's own xoshiro generator (seeded per state) must never be reachable.

math.random = function(m, n)
  if m == nil then return 0.5 end
  if n == nil then m, n = 1, m end
  return m + (n - m) // 2
end
math.randomseed = function() end

---------------------------------------------------------------------------------------------------
-- The functions process code can reach from the globals: the only ones debug.getinfo's "f" hands out
-- besides those compiled from process text (sandbox-debug.lua).

do
  local function add(t)
    for _, v in pairs(t) do
      if type(v) == 'function' then public[v] = true end
    end
  end
  add(G)
  for _, name in ipairs({ 'coroutine', 'debug', 'math', 'os', 'string', 'table', 'utf8', 'package' }) do
    add(G[name])
  end
  add(package.searchers)
end

---------------------------------------------------------------------------------------------------
-- Control functions for the host, kept in the registry.

return {
  -- The gas hook; the host reads its first upvalue (`ticks`) after a metered call.
  hook = hook,
  -- Meters one call of global `name`: resets the tick count, arms the hook on the main thread and
  -- calls the function (a tail call: no extra frame in error positions). The host removes the hook
  -- and reads the ticks after the call; `finish` resets the meter after a failed one.
  metered = function(max_ticks, name, ...)
    ticks, limit, exhausted = 0, max_ticks, false
    sethook(hook, '', HOOK_EVERY)
    local f = rawget(G, name)
    if type(f) ~= 'function' then error("global '" .. name .. "' is not a function", 0) end
    return f(...)
  end,
  -- Bytes the Lua heap holds now (the host's allocation counter starts from it).
  count = function()
    return raw_collectgarbage('count') * 1024
  end,
  -- Resets the meter; returns the ticks used.
  finish = function()
    local used = ticks
    ticks, limit, exhausted = 0, huge, false
    return used
  end,
  -- Calls global `name` with the given arguments (a tail call: no extra frame in error positions).
  invoke = function(name, ...)
    local f = rawget(G, name)
    if type(f) ~= 'function' then error("global '" .. name .. "' is not a function", 0) end
    return f(...)
  end,
  -- Registers a library module for require(name), compiled from text with chunk name `name`: now, or with
  -- `lazy` = "lazy" on its first require (until then a process holds only the text; compiled functions take
  -- several times its size in every process's memory, and every major collection walks them).
  preload = function(name, source, lazy)
    if lazy == 'lazy' then
      package.preload[name] = function(...)
        local loader, err = raw_load(source, name, 't')
        if not loader then error(err, 0) end
        return loader(...)
      end
      return
    end
    local loader, err = raw_load(source, name, 't')
    if not loader then error(err, 0) end
    package.preload[name] = loader
  end,
  -- Runs a chunk compiled from text with chunk name `name`.
  run = function(name, source)
    local chunk, err = raw_load(source, name, 't')
    if not chunk then error(err, 0) end
    chunk()
  end,
}
