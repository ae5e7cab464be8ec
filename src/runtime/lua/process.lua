-- .process: the per-message pipeline `process.handle(msg, env)` and the process globals
-- (AOS-SEMANTICS.md 2, 3, 7.2-7.5, 8.1; aos 2.0.6 behaviour, version string "2.0.4" as that build shows).

local json = require("json")
local stringify = require(".stringify")
local ao = require(".ao")
require(".assignment")(ao)
_G.ao = ao

local process = { _version = "2.0.4" }

local type, pairs, ipairs, tostring, select, insert, remove, concat, getmetatable =
  type, pairs, ipairs, tostring, select, table.insert, table.remove, table.concat, getmetatable

local RED, GREEN, BLUE, GRAY, RESET = "\27[31m", "\27[32m", "\27[34m", "\27[90m", "\27[0m"

-- The reference's error texts name positions of its own process library; they are reproduced literally.
local TRACEBACK = "stack traceback:\n\t[string \".process\"]:967: in function '.process.handle'"
local CONCAT_FAILURE_EVAL = '[string ".process"]:947: attempt to concatenate a %s value (local \'result\')'
local CONCAT_FAILURE_HANDLER = '[string ".process"]:965: attempt to concatenate a %s value (local \'result\')'
local LOG_CONCAT_FAILURE = "[string \".process\"]:983: invalid value (%s) at index %d in table for 'concat'"
local INBOX_LIMIT = 10000

Colors = { red = RED, green = GREEN, blue = BLUE, reset = RESET, gray = GRAY }
Bell = "\7"
Dump = require(".dump")
Utils = require(".utils")
Handlers = require(".handlers")

-- A table built key by key grows its hash part 0 -> 1 -> 2 -> 4 ..., rebuilt at each step. A table
-- constructor with two nil fields stores no key but starts at 2 slots: keys inserted one by one then end
-- in the very same slots (pairs order included) as from an empty table, without the first two rebuilds.
-- (A start at 4 would not: the rebuild from 2 to 4 reinserts the first two keys in slot order.)

--- Tag array -> name/value map; the first occurrence of a name wins.
function Tab(msg)
  local map = { _1 = nil, _2 = nil }
  local tags = msg.Tags
  if type(tags) == "table" then
    for i = 1, #tags do
      local tag = tags[i]
      local name = tag.name
      if map[name] == nil then map[name] = tag.value end
    end
  end
  return map
end

-- The prompt is built twice per message (the handler's print, the result) and rarely changes: the last
-- one is kept for the same string Name, integer Inbox length and version.
local promptName, promptCount, promptVersion, promptText
local mathType = math.type
function Prompt()
  local name, count, version = Name, #Inbox, process._version
  if name == promptName and count == promptCount and version == promptVersion then return promptText end
  local text = GREEN .. name .. GRAY .. "@" .. BLUE .. "aos-" .. version .. GRAY .. "[Inbox:" .. RED
    .. tostring(count) .. GRAY .. "]" .. RESET .. "> "
  if type(name) == "string" and mathType(count) == "integer" and type(version) == "string" then
    promptName, promptCount, promptVersion, promptText = name, count, version, text
  end
  return text
end

function Version()
  print("version: " .. process._version)
end

--- print keeps only its first argument, colours scalars, stringifies tables, and records the text in
--- the message's print log.
function print(a)
  local ta = type(a)
  if ta == "table" then
    a = stringify.format(a)
  elseif ta == "boolean" then
    a = BLUE .. tostring(a) .. RESET
  elseif ta == "nil" then
    a = RED .. "nil" .. RESET
  elseif ta == "number" then
    a = GREEN .. tostring(a) .. RESET
  end
  local output = ao.outbox.Output
  local data = type(output) == "table" and output.data
  if type(a) == "string" then
    data = (type(data) == "string" and data ~= "") and (data .. "\n" .. a) or a
  end
  ao.outbox.Output = { data = data or "", prompt = Prompt(), print = true }
  if HANDLER_PRINT_LOGS then
    insert(HANDLER_PRINT_LOGS, a)
    return nil
  end
  return tostring(a)
end

-- ao.send / ao.spawn wrappers: a table Data travels as JSON text with Content-Type application/json.
local function jsonData(msg)
  if type(msg) == "table" and type(msg.Data) == "table" then
    msg.Data = json.encode(msg.Data)
    msg["Content-Type"] = "application/json"
  end
end

local rawSend, rawSpawn = ao.send, ao.spawn
function ao.send(msg)
  jsonData(msg)
  return rawSend(msg)
end
function ao.spawn(module, msg)
  jsonData(msg)
  return rawSpawn(module, msg)
end

function Send(msg)
  if msg.Target == nil then
    print("WARN: No target specified for message. Data will be stored, but no process will receive it.")
  end
  local result = ao.send(msg)
  return { output = "Message added to outbox", receive = result.receive, onReply = result.onReply }
end

-- As aos: one argument is the message (with this process's module), otherwise (module, message); so
-- Spawn() has no module and Spawn("id") has a string for a message, and both raise in ao.spawn.
function Spawn(...)
  local module, msg
  if select("#", ...) == 1 then
    module, msg = ao._module, ...
  else
    module, msg = ...
  end
  local result = ao.spawn(module, msg or {})
  -- `after` reads a field the spawn result does not have (always nil), as in the reference.
  return { output = "Spawn process request added to outbox", after = result.after, receive = result.receive }
end

function Assign(assignment)
  ao.assign(assignment)
  print("Assignment added to outbox.")
  return "Assignment added to outbox."
end

Receive = Handlers.receive

-------------------------------------------------------------------------------
-- message preparation
-------------------------------------------------------------------------------

local titleCache, titleCacheSize = {}, 0
local function titleCase(name)
  local cached = titleCache[name]
  if cached then return cached end
  local normalized = Utils.normalize(name)
  if titleCacheSize >= 4096 then titleCache, titleCacheSize = {}, 0 end
  titleCache[name] = normalized
  titleCacheSize = titleCacheSize + 1
  return normalized
end

--- 2.0.6: every root key in Title-Case (and every tag name, unless `keysOnly`).
local function normalizeNames(msg, keysOnly)
  local renamed
  for key in pairs(msg) do
    -- a cache hit equal to the key (a string already in Title-Case) is the common case: no call
    local cached = titleCache[key]
    if cached ~= key and type(key) == "string" and (cached or titleCase(key)) ~= key then
      renamed = renamed or {}
      renamed[#renamed + 1] = key
    end
  end
  if renamed then
    for i = 1, #renamed do
      local key = renamed[i]
      local value = msg[key]
      msg[key] = nil
      msg[titleCase(key)] = value
    end
  end
  if keysOnly then return end
  local tags = msg.Tags
  if type(tags) == "table" then
    for i = 1, #tags do
      local tag = tags[i]
      local name = tag.name
      local cached = titleCache[name]
      if cached ~= name then
        if cached then
          tag.name = cached
        elseif type(name) == "string" then
          tag.name = titleCase(name)
        end
      end
    end
  end
end

-- ao.normalize's set of tags that stay off the message root (the same list, taken at load).
local nonExtractable = {}
for _, name in ipairs(ao.nonExtractableTags) do nonExtractable[name] = true end
local rawNormalize, rawTab = ao.normalize, Tab

--- The tag steps of normalizeNames, ao.normalize and Tab(msg) in one pass over the tags, with the same
--- writes in the same order: each tag name in Title-Case, each extractable tag copied to the root (later
--- duplicates win), and the name -> value map (first occurrence wins) returned.
local function prepareTags(msg)
  local map = { _1 = nil, _2 = nil }
  local tags = msg.Tags
  if type(tags) == "table" then
    for i = 1, #tags do
      local tag = tags[i]
      local name = tag.name
      local cached = titleCache[name]
      if cached ~= name then
        if cached then
          name = cached
          tag.name = name
        elseif type(name) == "string" then
          name = titleCase(name)
          tag.name = name
        end
      end
      local value = tag.value
      if not nonExtractable[name] then msg[name] = value end
      if map[name] == nil then map[name] = value end
    end
  end
  return map
end

local function processTag(env, name)
  local tags = env.Process and env.Process.Tags
  if type(tags) ~= "table" then return nil end
  for i = 1, #tags do
    if tags[i].name == name then return tags[i].value end
  end
  return nil
end

-- aos seeds its MT19937 generator once per process from the first message (AOS-SEMANTICS 2 step 4)
-- and replaces math.random with it; math.randomseed does not touch it.
local function seedRandom(msg)
  local chance = require(".chance")
  chance.seed(chance.seedFromMessage(msg["Block-Height"], msg.Owner, msg.Module, msg.Id))
  math.random = chance.mathRandom
end

local function initializeState(msg, env)
  if not Seeded then
    seedRandom(msg)
    Seeded = true
  end
  Errors = Errors or {}
  Inbox = Inbox or {}
  if Owner == nil and msg.Id == env.Process.Id then
    Owner = processTag(env, "From-Process") or msg.From
  end
  if Name == nil then
    Name = processTag(env, "Name") or "aos"
  end
end

-- os.time reads the timestamp of the message being handled, whatever its arguments. The message is
-- kept in a table field, not an upvalue: storing a young object in an old upvalue makes the generational
-- collector promote it to old at once, and the message (with all it holds) then stays in the memory
-- until the next major collection.
local current = {}
os.time = function()
  local msg = current.msg
  return msg and msg.Timestamp
end

local function insertInbox(msg)
  insert(Inbox, msg)
  if #Inbox > INBOX_LIMIT then remove(Inbox, 1) end
end

local evalHandler = require(".eval")(ao)
local bootHandler = require(".boot")(ao)
local defaultHandler = require(".default")(insertInbox)
local function evalPattern(msg)
  return msg.Action == "Eval" and Owner == msg.From
end
local function bootPattern(msg)
  return msg.Tags.Type == "Process" and Owner == msg.From
end
local function always()
  return true
end

-- The system handlers are registered again on every message (Handlers.add("_eval"), Handlers.append
-- ("_default")). While Handlers and those two functions are the library's own, an entry already in the
-- list is updated here in place, exactly as their update does (pattern, the handler's resolver, no run
-- limit), without the argument checks and the resolver lookup; otherwise the call goes to Handlers.
local handlersModule, rawAdd, rawAppend = Handlers, Handlers.add, Handlers.append
local systemResolvers = {}

local function registerSystem(append, name, pattern, handler)
  local H = Handlers
  local list = H == handlersModule and H.add == rawAdd and H.append == rawAppend and H.list
  local resolver = systemResolvers[name]
  if resolver and type(list) == "table" then
    for i = 1, #list do
      local entry = list[i]
      if entry.name == name then
        entry.pattern = pattern
        entry.handle = resolver
        entry.maxRuns = nil
        return
      end
    end
  end
  if append then Handlers.append(name, pattern, handler) else Handlers.add(name, pattern, handler) end
  -- the resolver the library's registration gave the handler (the same function every time)
  if type(list) == "table" and not resolver then
    for i = 1, #list do
      if list[i].name == name then
        systemResolvers[name] = list[i].handle
        return
      end
    end
  end
end

local function attachReplyForward(msg)
  msg.reply = function(replyMsg)
    replyMsg.Target = msg["Reply-To"] or replyMsg.Target or msg.From
    replyMsg["X-Reference"] = msg["X-Reference"] or msg.Reference
    replyMsg["X-Origin"] = msg["X-Origin"]
    return ao.send(replyMsg)
  end
  msg.forward = function(target, forwardMsg)
    local newMsg = ao.sanitize(msg)
    if type(forwardMsg) == "table" then
      for k, v in pairs(forwardMsg) do newMsg[k] = v end
    end
    newMsg.Target = target
    newMsg["Reply-To"] = msg["Reply-To"] or msg.From
    newMsg["X-Reference"] = msg["X-Reference"] or msg.Reference
    newMsg["X-Origin"] = msg["X-Origin"] or msg.From
    newMsg.reply = nil
    newMsg.forward = nil
    ao.send(newMsg)
  end
end

local function joinLogs(logs)
  for i = 1, #logs do
    local t = type(logs[i])
    if t ~= "string" and t ~= "number" then error(LOG_CONCAT_FAILURE:format(t, i), 0) end
  end
  return concat(logs, "\n")
end

local function pruneCoroutines(list)
  -- removes while iterating, so an entry right after a removed one survives this pass (as the reference)
  for i, co in ipairs(list) do
    if coroutine.status(co) == "dead" then remove(list, i) end
  end
end

function process.handle(msg, env)
  if env.Process == nil and type(env.env) == "table" then env = env.env end
  ao.init(env)
  -- with the library's own ao.normalize and Tab, their tag work is done in the one pass of prepareTags
  local tagMap
  if ao.normalize == rawNormalize and Tab == rawTab then
    normalizeNames(msg, true)
    tagMap = prepareTags(msg)
  else
    normalizeNames(msg)
    ao.normalize(msg)
  end
  ao.id = ao.env.Process.Id
  initializeState(msg, env)
  HANDLER_PRINT_LOGS = { nil } -- array part of one slot: the first print needs no rebuild
  current.msg = msg

  msg.TagArray = msg.Tags
  msg.Tags = tagMap or Tab(msg)
  local proc = ao.env.Process
  proc.TagArray = proc.Tags
  proc.Tags = Tab(proc)

  if msg.Tags["Content-Type"] == "application/json" then
    msg.Data = json.decode(msg.Data or "{}")
  end
  Errors = Errors or {}
  -- (the reference clears the outbox here; ao.init above already gave this message a fresh one and
  -- nothing has written to it since)

  if msg.From ~= msg.Owner and not ao.isTrusted(msg) then
    print("Message is not trusted! From: " .. msg.From .. " - Owner: " .. msg.Owner)
    return ao.result({})
  end

  if ao.isAssignment(msg) and not ao.isAssignable(msg) then
    if msg.From ~= ao.id then
      Send({ Target = msg.From, Data = "Assignment is not trusted by this process!" })
    end
    print("Assignment is not trusted! From: " .. msg.From .. " - Owner: " .. msg.Owner)
    return ao.result({})
  end

  registerSystem(false, "_eval", evalPattern, evalHandler)
  if msg.Id == ao.env.Process.Id then
    Handlers.once("_boot", bootPattern, bootHandler)
  end
  registerSystem(true, "_default", always, defaultHandler)

  attachReplyForward(msg)

  -- The coroutine's body is a closure calling pcall(Handlers.evaluate, msg, env), as in aos: handlers
  -- see the same stack through debug.getinfo (a named pcall frame, then this function, then nothing).
  env = ao.env
  local co = coroutine.create(function()
    local status, result = pcall(Handlers.evaluate, msg, env)
    return status, result
  end)
  local _, status, result = coroutine.resume(co)
  -- Into Handlers.coroutines, then the dead ones out again: with that list empty (and plain) and the
  -- handlers done, that leaves the list as it was.
  local coroutines = Handlers.coroutines
  if not (type(coroutines) == "table" and getmetatable(coroutines) == nil and #coroutines == 0
      and coroutine.status(co) == "dead") then
    insert(Handlers.coroutines, co)
    pruneCoroutines(Handlers.coroutines)
  end

  if not status then
    local tr = type(result)
    if msg.Action == "Eval" then
      insert(Errors, result)
      if tr ~= "string" and tr ~= "number" then error(CONCAT_FAILURE_EVAL:format(tr), 0) end
      return { Error = joinLogs(HANDLER_PRINT_LOGS) .. "\n\n" .. RED .. "error:\n" .. RESET .. result }
    end
    if msg.Action then
      print(RED .. "Error" .. GRAY .. " handling message with Action = " .. msg.Action .. RESET)
    else
      print(RED .. "Error" .. GRAY .. " handling message " .. RESET)
    end
    if tr ~= "string" and tr ~= "number" then error(CONCAT_FAILURE_HANDLER:format(tr), 0) end
    print(GREEN .. result .. RESET)
    print("\n" .. GRAY .. TRACEBACK .. RESET)
    return ao.result({ Error = joinLogs(HANDLER_PRINT_LOGS) .. "\n\n" .. RED .. "error:\n" .. RESET .. result })
  end

  local data = joinLogs(HANDLER_PRINT_LOGS)
  -- As aos: after a message handled without error, ao.Nonce is its Nonce (the next message sees it).
  ao.Nonce = msg.Nonce
  if msg.Action == "Eval" then
    return ao.result({ Output = { data = data, prompt = Prompt(), test = Dump(HANDLER_PRINT_LOGS) } })
  end
  return ao.result({ Output = { data = data, prompt = Prompt(), print = true } })
end

return process
