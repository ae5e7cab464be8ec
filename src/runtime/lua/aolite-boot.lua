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
local lastEnvJson, lastEnv
local function hostEnv(envJson)
  if type(envJson) == "table" then return envJson end
  if envJson ~= lastEnvJson then
    lastEnv = json.decode(envJson)
    lastEnvJson = envJson
  end
  local env = {}
  for k, v in pairs(lastEnv) do env[k] = v end
  local proc = lastEnv.Process
  if type(proc) == "table" then
    local copy = {}
    for k, v in pairs(proc) do copy[k] = v end
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
-- last short one that needed escaping (the coloured prompt, nearly every message) keeps its text.
local encodeJson, find = json.encode, string.find
local OUTPUT_KEYS = { data = '"data"', prompt = '"prompt"', print = '"print"', test = '"test"' }
local lastEscaped, lastEscapedText

local function encodeString(s)
  if s == lastEscaped then return lastEscapedText end
  if find(s, '[%c"\\]') then
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

local function encodeResult(output, messages, spawns, assignments)
  if output == nil then output = EMPTY_OUTPUT end
  return '{"Output":' .. encodeOutput(output) .. ',"Messages":' .. encodeList(messages) .. ',"Spawns":'
    .. encodeList(spawns) .. ',"Assignments":' .. encodeList(assignments) .. "}"
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
