-- Boot chunk of the aolite process library: runs once in a fresh Lua state after the modules are
-- registered in package.preload, and defines `__aolite_handle(msg, env)`, the host entry point.

-- Lua 5.3 arithmetic/bitwise behaviour on strings and the 5.3 compat functions, when bundled.
if package.preload["compat53"] then
  require("compat53")
  package.preload["compat53"] = nil
  package.loaded["compat53"] = nil
end
_VERSION = "Lua 5.3"

-- Until the first message seeds the generator, math.random is a constant (as under the reference loader).
math.random = function() return 0.5 end

-- The host clock is not reachable: os.clock is pinned at 1 ms and os.date renders in UTC at 10 s after
-- the epoch by default (the values the reference loader shows). os.time is pinned per message by .process.
if os then
  local realDate = os.date
  os.clock = function() return 0.001 end
  os.date = function(format, time)
    format = format or "%c"
    if format:sub(1, 1) ~= "!" then format = "!" .. format end
    return realDate(format, time or 10)
  end

  -- The reference module is an emscripten build with an empty environment and no shell, so these answer
  -- the same on every run: os.getenv gives nil for every name; os.execute() false (no shell) and
  -- os.execute(cmd) nil, "Function not implemented", 52 (emscripten's ENOSYS). os.exit ends the
  -- reference's message with an error (the module exits); here it raises one. The file-system functions
  -- (remove, rename, tmpname) and setlocale (process state in the C library) stay absent.
  local function checkString(value, present, name)
    local t = type(value)
    if t == "string" or t == "number" then return end
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(name, present and t or "no value"), 3)
  end
  os.getenv = function(...)
    checkString((...), select("#", ...) > 0, "getenv")
    return nil
  end
  os.execute = function(command)
    if command == nil then return false end
    checkString(command, true, "execute")
    return nil, "Function not implemented", 52
  end
  os.exit = function(code)
    if code == nil or code == true then code = 0 elseif code == false then code = 1 end
    error("os.exit: a process cannot exit (in aos the message fails: Program terminated with exit(" .. tostring(code) .. "))", 2)
  end
end

-- require serves only the bundled modules.
package.searchers = { package.searchers[1] }
package.path = ""
package.cpath = ""

local json = require("json")
local process = require(".process")

-- The host's read-only state reader (state-reader.lua), captured now, before any process code runs.
__aolite_read_state = require(".state-reader")

local EMPTY_OUTPUT = ""

local function errorText(err)
  if type(err) == "string" then return err end
  return tostring(err)
end

local function failure(err)
  return json.encode({ Output = EMPTY_OUTPUT, Messages = {}, Spawns = {}, Assignments = {}, Error = errorText(err) })
end

-- The message and env come as tables the host built (a fresh env every message), or as JSON text.
-- JSON env text is the same for every message of a process: decode it once, hand each message fresh
-- top-level tables (process.handle rewrites env.Process.Tags) that share the decoded tag entries.
-- The decoded env and its Process are never handed out, so their fields stay as decoded: they are kept
-- as lists (key, value, key, value ... in pairs order) and copied in that order without a pairs walk.
local lastEnvJson, envFields, processFields

local function fieldList(t)
  local list, n = {}, 0
  for k, v in pairs(t) do
    list[n + 1] = k
    list[n + 2] = v
    n = n + 2
  end
  return list
end

local function hostEnv(envJson)
  if type(envJson) == "table" then return envJson end
  if envJson ~= lastEnvJson then
    local decoded = json.decode(envJson)
    envFields = fieldList(decoded)
    local proc = decoded.Process
    processFields = type(proc) == "table" and fieldList(proc) or nil
    lastEnvJson = envJson
  end
  -- (two-slot tables: see Tab in process.lua)
  local env = { _1 = nil, _2 = nil }
  local fields = envFields
  for i = 1, #fields, 2 do env[fields[i]] = fields[i + 1] end
  fields = processFields
  if fields then
    local copy = { _1 = nil, _2 = nil }
    for i = 1, #fields, 2 do copy[fields[i]] = fields[i + 1] end
    env.Process = copy
  end
  return env
end

local function handle(msg, env)
  if type(msg) ~= "table" then msg = json.decode(msg) end
  return process.handle(msg, hostEnv(env))
end

local function encodeList(list)
  if list == nil or next(list) == nil then return "[]" end
  return json.encode(list)
end

-- The usual Output: a table without metatable whose fields (string keys) hold strings and booleans,
-- such as { data = ..., prompt = ..., print = true }. Encoded here field by field, in pairs order,
-- exactly as json.encode writes it, without its buffer and cycle tables; anything else goes to json.encode.
-- The keys the library's own Output tables use have their JSON text ready; of the string values, the
-- last short one that needed escaping (the coloured prompt, nearly every message) keeps its text. This
-- cache is not json.lua's one-entry cache again: the printed data of a message needs escaping too (its
-- colours), and with one cache for both the two would evict each other every message, making new strings
-- (a checkpoint after 1,000 counter messages then stores 91.5 instead of 76.5 KiB).
local encodeJson, find, concat = json.encode, string.find, table.concat
local OUTPUT_KEYS = { data = '"data"', prompt = '"prompt"', print = '"print"', test = '"test"' }
local lastEscaped, lastEscapedText

-- Bytes that need no escaping in a JSON string: all but [%c"\\] (see json.lua encodeString).
local NOTHING_TO_ESCAPE = "^[]-~#-[ !\128-\255]*$"

local function encodeString(s)
  if s == lastEscaped then return lastEscapedText end
  if not find(s, NOTHING_TO_ESCAPE) then
    local text = encodeJson(s)
    if #s <= 256 then lastEscaped, lastEscapedText = s, text end
    return text
  end
  return '"' .. s .. '"'
end

local function encodeOutput(output)
  if type(output) ~= "table" or getmetatable(output) ~= nil or rawget(output, 1) ~= nil then
    return encodeJson(output)
  end
  local text
  for k, v in next, output do
    local key = OUTPUT_KEYS[k]
    if key == nil then
      if type(k) ~= "string" then return encodeJson(output) end
      key = encodeJson(k)
    end
    local tv = type(v)
    local piece
    if tv == "string" then
      piece = encodeString(v)
    elseif tv == "boolean" then
      piece = v and "true" or "false"
    elseif tv ~= "function" then
      return encodeJson(output)
    end
    if piece then
      if text then
        text = text .. "," .. key .. ":" .. piece
      else
        text = key .. ":" .. piece
      end
    end
  end
  if text == nil then return encodeJson(output) end
  return "{" .. text .. "}"
end

-- Outbox messages and spawns, as ao.send and ao.spawn build them: a list of tables whose fields hold
-- strings, numbers, booleans (functions skipped) and a Tags list of such flat tables. Written here in
-- the text json.encode gives (pairs order, its number format, its escaping through json.encode) with
-- fewer calls per value; a list of any other shape (metatables, other nesting, keys or values json.encode
-- refuses) is encoded by json.encode itself, from the start, so the text or the error are its own.
local format, huge = string.format, math.huge

-- '{"key":' and ',"key":' for the first KEY_TEXT_MAX distinct object keys (string keys only).
local KEY_TEXT_MAX = 512
local firstKeyTexts, nextKeyTexts, keyTextCount = {}, {}, 0

local function keyPrefix(k, first)
  local text = encodeJson(k)
  local firstText, nextText = "{" .. text .. ":", "," .. text .. ":"
  if keyTextCount < KEY_TEXT_MAX and #k <= 128 then
    firstKeyTexts[k], nextKeyTexts[k] = firstText, nextText
    keyTextCount = keyTextCount + 1
  end
  if first then return firstText end
  return nextText
end

-- The JSON text of a finite number or a boolean; nil for anything else (strings are written inline).
local function scalarText(v, tv)
  if tv == "number" then
    if v ~= v or v == huge or v == -huge then return nil end
    return format("%.14g", v)
  elseif tv == "boolean" then
    return v and "true" or "false"
  end
  return nil
end

-- Strings known to need no escaping, looked up before the pattern: the tag names and values that ao.send
-- and ao.spawn write in every message, and common tag names. A fixed set (it never grows).
local PLAIN = {}
for _, s in ipairs({ "Data-Protocol", "ao", "Variant", "ao.TN.1", "Type", "Message", "Process", "Reference",
  "From-Process", "From-Module", "Module", "Action", "X-Reference", "X-Origin", "Reply-To", "Content-Type",
  "application/json", "Recipient", "Quantity", "Sender", "Name", "Ticker", "Error" }) do
  assert(find(s, NOTHING_TO_ESCAPE))
  PLAIN[s] = true
end

-- Whether json.encode takes t (no metatable) as an array of #t entries, given that the caller checks
-- t[1] .. t[#t] are all present: then #t keys in all means that they are exactly 1 .. #t.
local function countsAsArray(t)
  local keys = 0
  for _ in next, t do keys = keys + 1 end
  return keys == #t
end

-- Appends the text of t, a table of scalar fields (and, with `nested`, lists of such tables) to buf;
-- nil if t is not one.
local appendObject
appendObject = function(t, buf, n, nested)
  if type(t) ~= "table" or getmetatable(t) ~= nil then return nil end
  local prefixes = firstKeyTexts
  for k, v in next, t do
    local prefix = prefixes[k]
    if prefix == nil then
      if type(k) ~= "string" then return nil end
      prefix = keyPrefix(k, prefixes == firstKeyTexts)
    end
    local tv = type(v)
    if tv == "string" then
      if not (PLAIN[v] or find(v, NOTHING_TO_ESCAPE)) then
        buf[n + 1] = prefix
        buf[n + 2] = encodeJson(v)
        n = n + 2
      else
        buf[n + 1] = prefix
        buf[n + 2] = '"'
        buf[n + 3] = v
        buf[n + 4] = '"'
        n = n + 4
      end
      prefixes = nextKeyTexts
    elseif tv == "table" then
      if not nested or getmetatable(v) ~= nil or not countsAsArray(v) then return nil end
      n = n + 1
      buf[n] = prefix
      local sep = "["
      for i = 1, #v do
        n = n + 1
        buf[n] = sep
        n = appendObject(v[i], buf, n, false)
        if n == nil then return nil end
        sep = ","
      end
      n = n + 1
      buf[n] = sep == "[" and "[]" or "]"
      prefixes = nextKeyTexts
    elseif tv ~= "function" then
      local text = scalarText(v, tv)
      if text == nil then return nil end
      buf[n + 1] = prefix
      buf[n + 2] = text
      n = n + 2
      prefixes = nextKeyTexts
    end
  end
  n = n + 1
  if prefixes ~= firstKeyTexts then
    buf[n] = "}"
  elseif next(t) == nil then
    buf[n] = "[]" -- json.encode writes an empty table as an array
  else
    buf[n] = "{}" -- function fields only
  end
  return n
end

local function encodeMessages(list)
  if list == nil or next(list) == nil then return "[]" end
  if type(list) ~= "table" or getmetatable(list) ~= nil or not countsAsArray(list) then return encodeJson(list) end
  local buf, n = {}, 0
  local sep = "["
  for i = 1, #list do
    n = n + 1
    buf[n] = sep
    n = appendObject(list[i], buf, n, true)
    if n == nil then return encodeJson(list) end
    sep = ","
  end
  n = n + 1
  buf[n] = "]"
  return concat(buf)
end

-- The usual Output (up to three fields of the library's own keys, strings and booleans) goes straight
-- into the one concatenation of the result text, as pieces: the key text with the colon (and the opening
-- quote of a string that needs no escaping), the value, the closing quote. Any other Output is encoded
-- by encodeOutput. No intermediate string is made.
local KEY_OPEN = { data = '"data":"', prompt = '"prompt":"', print = '"print":"', test = '"test":"' }
local KEY_PLAIN = { data = '"data":', prompt = '"prompt":', print = '"print":', test = '"test":' }

local function encodeResult(output, messages, spawns, assignments)
  if output == nil then output = EMPTY_OUTPUT end
  local outputText
  local k1, v1, e1, s2, k2, v2, e2, s3, k3, v3, e3 = "", "", "", "", "", "", "", "", "", "", ""
  local fields = 0
  if type(output) ~= "table" or getmetatable(output) ~= nil or rawget(output, 1) ~= nil then
    outputText = encodeJson(output)
  else
    for k, v in next, output do
      local open = KEY_OPEN[k]
      local tv = type(v)
      if open == nil or (tv ~= "string" and tv ~= "boolean" and tv ~= "function") then
        outputText = encodeOutput(output)
        break
      end
      if tv ~= "function" then
        local key, value, close
        if tv == "boolean" then
          key, value, close = KEY_PLAIN[k], v and "true" or "false", ""
        elseif v == lastEscaped then
          key, value, close = KEY_PLAIN[k], lastEscapedText, ""
        elseif not find(v, NOTHING_TO_ESCAPE) then
          key, value, close = KEY_PLAIN[k], encodeString(v), ""
        else
          key, value, close = open, v, '"'
        end
        fields = fields + 1
        if fields == 1 then
          k1, v1, e1 = key, value, close
        elseif fields == 2 then
          s2, k2, v2, e2 = ",", key, value, close
        elseif fields == 3 then
          s3, k3, v3, e3 = ",", key, value, close
        else
          outputText = encodeOutput(output)
          break
        end
      end
    end
    if fields == 0 and outputText == nil then outputText = encodeJson(output) end
  end
  local messagesText, spawnsText = encodeMessages(messages), encodeMessages(spawns)
  local assignmentsText = encodeList(assignments)
  if outputText then
    return '{"Output":' .. outputText .. ',"Messages":' .. messagesText .. ',"Spawns":' .. spawnsText
      .. ',"Assignments":' .. assignmentsText .. "}"
  end
  return '{"Output":{' .. k1 .. v1 .. e1 .. s2 .. k2 .. v2 .. e2 .. s3 .. k3 .. v3 .. e3 .. '},"Messages":'
    .. messagesText .. ',"Spawns":' .. spawnsText .. ',"Assignments":' .. assignmentsText .. "}"
end

-- The result text, or nil and the error to report. One protected call covers both the message and the
-- encoding of its result.
local function handleAndEncode(msg, env)
  local result = handle(msg, env)
  if type(result) ~= "table" then return nil, "process.handle returned " .. type(result) end
  if result.Error ~= nil then return nil, result.Error end
  return encodeResult(result.Output, result.Messages, result.Spawns, result.Assignments)
end

--- Takes the message and env (tables, or JSON text to decode), runs process.handle and returns the
--- JSON text of {Output, Messages, Spawns, Assignments, Error?}. Never raises.
function __aolite_handle(msg, env)
  local ok, encoded, err = pcall(handleAndEncode, msg, env)
  if not ok then return failure(encoded) end
  if encoded == nil then return failure(err) end
  return encoded
end
