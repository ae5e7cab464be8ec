-- .handlers (global `Handlers`): the ordered handler list and its evaluation (AOS-SEMANTICS.md 6).

local utils = require(".utils")

local handlers = { _version = "0.0.5" }
handlers.utils = require(".handlers-utils")
handlers.list = {}
handlers.coroutines = {}
handlers.onceNonce = 0

local type, ipairs, pairs, pcall, error, select, insert, remove =
  type, ipairs, pairs, pcall, error, select, table.insert, table.remove

-- The reference reports these errors at fixed positions of its handler library.
local HANDLER_ERROR_PREFIX = '[string ".handlers"]:723: '
local PATTERN_ERROR = '[string ".handlers"]:667: Pattern result is not valid, it MUST be string, number, or boolean'
-- The reference's assertion text, character for character.
local INVALID_ARGS = "Invalid arguments given. Expected: \n"
  .. "\tname : string, \tpattern : Action : string | MsgMatch : table,\n"
  .. "\t\tfunction(msg: Message) : {-1 = break, 0 = skip, 1 = continue},\n"
  .. "\thandle(msg : Message) : void) | Resolver,\n"
  .. '\tMaxRuns? : number | "inf" | nil'

local function findIndexByName(name)
  local list = handlers.list
  for i = 1, #list do
    if list[i].name == name then return i end
  end
  return nil
end

--- Wraps a handler: a function is called with msg only; a table {[spec] = fn} calls the first entry
--- (pairs order) whose spec matches.
-- One resolver per handler function, so re-registering the same function (as the system handlers are
-- on every message) allocates nothing.
local functionResolvers = setmetatable({}, { __mode = "k" })

local function generateResolver(resolveSpec)
  if type(resolveSpec) == "function" then
    local resolver = functionResolvers[resolveSpec]
    if not resolver then
      resolver = function(msg) return resolveSpec(msg) end
      functionResolvers[resolveSpec] = resolver
    end
    return resolver
  end
  return function(msg)
    for spec, fn in pairs(resolveSpec) do
      if utils.matchesSpec(msg, spec) then return fn(msg) end
    end
  end
end
handlers.generateResolver = generateResolver

local function checkArgs(name, pattern)
  local tp = type(pattern)
  assert(type(name) == "string" and (tp == "function" or tp == "table" or tp == "string"), INVALID_ARGS)
end

--- Updates the entry named `name` in place, or inserts a new one at `position` (nil = append).
local function upsert(name, pattern, handle, maxRuns, position)
  local index = findIndexByName(name)
  local resolver = generateResolver(handle)
  if index then
    local entry = handlers.list[index]
    entry.pattern = pattern
    entry.handle = resolver
    entry.maxRuns = maxRuns
    return
  end
  local entry = { pattern = pattern, handle = resolver, name = name, maxRuns = maxRuns }
  if position then insert(handlers.list, position, entry) else insert(handlers.list, entry) end
end

local function registration(nargs, ...)
  local name, pattern, handle, maxRuns = ...
  if nargs == 2 then
    pattern, handle, maxRuns = name, pattern, nil
  end
  checkArgs(name, pattern)
  return name, pattern, handle, maxRuns
end

function handlers.add(...)
  local name, pattern, handle, maxRuns = registration(select("#", ...), ...)
  upsert(name, pattern, handle, maxRuns, nil)
  return #handlers.list
end

function handlers.append(...)
  local name, pattern, handle, maxRuns = registration(select("#", ...), ...)
  upsert(name, pattern, handle, maxRuns, nil)
end

function handlers.prepend(...)
  local name, pattern, handle, maxRuns = registration(select("#", ...), ...)
  upsert(name, pattern, handle, maxRuns, 1)
end

function handlers.once(...)
  local name, pattern, handle
  -- Named only with exactly three arguments, as in aos (a fourth makes the first the pattern).
  if select("#", ...) == 3 then
    name, pattern, handle = ...
  else
    pattern, handle = ...
    name = "_once_" .. tostring(handlers.onceNonce)
    handlers.onceNonce = handlers.onceNonce + 1
  end
  handlers.prepend(name, pattern, handle, 1)
end

local function inserter(index)
  return {
    add = function(name, pattern, handle, maxRuns)
      checkArgs(name, pattern)
      if index then
        insert(handlers.list, index, {
          pattern = pattern, handle = generateResolver(handle), name = name, maxRuns = maxRuns,
        })
      end
    end,
  }
end

function handlers.before(handleName)
  assert(type(handleName) == "string", "Handler name MUST be a string")
  return inserter(findIndexByName(handleName))
end

function handlers.after(handleName)
  assert(type(handleName) == "string", "Handler name MUST be a string")
  local index = findIndexByName(handleName)
  return inserter(index and index + 1)
end

function handlers.remove(name)
  assert(type(name) == "string", "name MUST be string")
  local index = findIndexByName(name)
  if index then remove(handlers.list, index) end
end

--- Registers a one-shot handler that resumes the calling coroutine with the matching message,
--- then suspends the caller until that message arrives.
function handlers.receive(pattern)
  local waiting = coroutine.running()
  handlers.once(pattern, function(msg)
    local ok, status, err = coroutine.resume(waiting, msg)
    if not ok then error(status, 0) end
    if status == false then error(err, 0) end
  end)
  return coroutine.yield(pattern)
end

local MATCH_VALUE = { continue = 1, ["break"] = -1 }
local rawMatchesSpec = utils.matchesSpec

function handlers.evaluate(msg, env)
  assert(type(msg) == "table", "msg is not valid")
  assert(type(env) == "table", "env is not valid")
  local handled = false
  for _, o in ipairs(handlers.list) do
    if o.name ~= "_default" then
      -- a function pattern is called straight away, as the library's matchesSpec would call it
      local pattern = o.pattern
      local match
      if type(pattern) == "function" and utils.matchesSpec == rawMatchesSpec then
        match = pattern(msg)
      else
        match = utils.matchesSpec(msg, pattern)
      end
      local tm = type(match)
      if tm == "boolean" then
        match = match and -1 or 0
      elseif tm == "string" then
        match = MATCH_VALUE[match] or 0
      elseif tm ~= "number" then
        error(PATTERN_ERROR, 0)
      end
      if match ~= 0 then
        if match < 0 then handled = true end
        local ok, err = pcall(o.handle, msg)
        if not ok then
          if type(err) == "string" then err = HANDLER_ERROR_PREFIX .. err end
          error(err, 0)
        end
        -- Any maxRuns but nil and "inf" counts down, a numeric string too ("2" - 1 is 1), as in aos.
        if o.maxRuns ~= nil and o.maxRuns ~= "inf" then
          o.maxRuns = o.maxRuns - 1
          if o.maxRuns == 0 then handlers.remove(o.name) end
        end
        if match < 0 then return handled end
      end
    end
  end
  if not handled then
    local index = findIndexByName("_default")
    if index then handlers.list[index].handle(msg, env) end
  end
  return handled
end

return handlers
