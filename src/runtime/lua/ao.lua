-- .ao / ao: process identity, environment, outbox and outgoing effects (AOS-SEMANTICS.md 1.3, 2, 7).

local ao = {
  _version = "0.0.6",
  id = "",
  _module = "",
  authorities = {},
  reference = 0,
  outbox = { Output = {}, Messages = {}, Spawns = {}, Assignments = {} },
  nonExtractableTags = {
    "Data-Protocol", "Variant", "From-Process", "From-Module", "Type", "From", "Owner", "Anchor", "Target",
    "Data", "Tags", "Read-Only",
  },
  nonForwardableTags = {
    "Data-Protocol", "Variant", "From-Process", "From-Module", "Type", "From", "Owner", "Anchor", "Target",
    "Tags", "TagArray", "Hash-Chain", "Timestamp", "Nonce", "Epoch", "Signature", "Forwarded-By",
    "Pushed-For", "Read-Only", "Cron", "Block-Height", "Reference", "Id", "Reply-To",
  },
}

local type, pairs, ipairs, tostring, insert, format = type, pairs, ipairs, tostring, table.insert, string.format
local mathType = math.type

local nonExtractable = {}
for _, name in ipairs(ao.nonExtractableTags) do nonExtractable[name] = true end
local nonForwardable = {}
for _, name in ipairs(ao.nonForwardableTags) do nonForwardable[name] = true end

local function padReference(ref)
  return format("%032d", ref)
end

local function includes(list, value)
  for i = 1, #list do
    if list[i] == value then return true end
  end
  return false
end

-- Authority tag value -> its comma-separated entries (parsed once per distinct value). As aos 2.0.6 splits
-- them: on commas only, so "A, B" lists " B" (with its space), which no address equals.
local authorityLists = {}
local function authorityList(value)
  local list = authorityLists[value]
  if not list then
    list = {}
    for authority in value:gmatch("[^,]+") do list[#list + 1] = authority end
    authorityLists[value] = list
  end
  return list
end

--- Per-message environment set-up: id, module, authorities (comma-split, deduplicated), fresh outbox.
function ao.init(env)
  local process = env.Process or {}
  if ao.id == "" then ao.id = process.Id end
  local tags = process.Tags
  if type(tags) == "table" then
    if ao._module == "" then
      for _, tag in ipairs(tags) do
        if tag.name == "Module" then ao._module = tag.value end
      end
    end
    local authorities = ao.authorities
    for i = 1, #tags do
      local tag = tags[i]
      if tag.name == "Authority" and type(tag.value) == "string" then
        local list = authorityList(tag.value)
        for j = 1, #list do
          local authority = list[j]
          if not includes(authorities, authority) then insert(authorities, authority) end
        end
      end
    end
  end
  ao.outbox = { Output = {}, Messages = {}, Spawns = {}, Assignments = {} }
  ao.env = env
end

--- Copies every extractable tag to the message root (later duplicates win).
function ao.normalize(msg)
  local tags = msg.Tags
  if type(tags) == "table" then
    for i = 1, #tags do
      local tag = tags[i]
      local name = tag.name
      if not nonExtractable[name] then msg[name] = tag.value end
    end
  end
  return msg
end

function ao.sanitize(msg)
  local copy = ao.clone(msg)
  for name in pairs(nonForwardable) do copy[name] = nil end
  return copy
end

function ao.clone(obj, seen)
  if type(obj) ~= "table" then return obj end
  seen = seen or {}
  if seen[obj] then return seen[obj] end
  local copy = {}
  seen[obj] = copy
  for k, v in pairs(obj) do copy[ao.clone(k, seen)] = ao.clone(v, seen) end
  return setmetatable(copy, getmetatable(obj))
end

function ao.log(txt)
  local output = ao.outbox.Output
  if type(output) == "string" then output = { data = output } end
  if type(output) ~= "table" then output = {} end
  local text = type(txt) == "string" and txt or tostring(txt)
  output.data = (type(output.data) == "string" and output.data ~= "") and (output.data .. "\n" .. text) or text
  ao.outbox.Output = output
end

function ao.clearOutbox()
  ao.outbox = { Output = {}, Messages = {}, Spawns = {}, Assignments = {} }
end

local SEND_SKIP = { Target = true, Data = true, Anchor = true, Tags = true, From = true }

-- Whether a Tags table is a list of {name, value} entries, as aos decides it: every key a positive integer
-- and the highest one its length (a table mixing entries and named keys is a map, every pair a tag).
local function isList(t)
  local highest = 0
  for k in pairs(t) do
    if mathType(k) == nil or k < 1 or k % 1 ~= 0 then return false end
    if k > highest then highest = k end
  end
  return highest == #t
end

-- (tags is the caller's fresh list: appending at #tags + 1 is what table.insert does, without the call)
local function appendTags(tags, msg)
  local n = #tags
  for key, value in pairs(msg) do
    if not SEND_SKIP[key] then
      n = n + 1
      tags[n] = { name = key, value = value }
    end
  end
  local extra = msg.Tags
  if type(extra) == "table" then
    if isList(extra) then
      for _, tag in ipairs(extra) do
        n = n + 1
        tags[n] = tag
      end
    else
      for name, value in pairs(extra) do
        n = n + 1
        tags[n] = { name = name, value = value }
      end
    end
  end
end

function ao.send(msg)
  assert(type(msg) == "table", "msg should be a table")
  ao.reference = ao.reference + 1
  local ref = tostring(ao.reference)
  local tags = {
    { name = "Data-Protocol", value = "ao" },
    { name = "Variant", value = "ao.TN.1" },
    { name = "Type", value = "Message" },
    { name = "Reference", value = ref },
  }
  appendTags(tags, msg)
  local message = { Target = msg.Target, Data = msg.Data, Anchor = padReference(ref), Tags = tags }
  insert(ao.outbox.Messages, message)
  local target = msg.Target
  local result = { Target = message.Target, Data = message.Data, Anchor = message.Anchor, Tags = tags }
  result.onReply = function(...)
    local from, handler
    if select("#", ...) >= 2 then from, handler = ... else handler = ... end
    Handlers.once({ From = from or target, ["X-Reference"] = ref }, handler)
  end
  result.receive = function(from)
    return Handlers.receive({ From = from or target, ["X-Reference"] = ref })
  end
  return result
end

function ao.spawn(module, msg)
  assert(type(module) == "string", "Module source id is required!")
  assert(type(msg) == "table", "Message must be a table")
  ao.reference = ao.reference + 1
  local ref = tostring(ao.reference)
  local tags = {
    { name = "Data-Protocol", value = "ao" },
    { name = "Variant", value = "ao.TN.1" },
    { name = "Type", value = "Process" },
    { name = "From-Process", value = ao.id },
    { name = "From-Module", value = ao._module },
    { name = "Module", value = module },
    { name = "Reference", value = ref },
  }
  appendTags(tags, msg)
  local spawn = { Data = msg.Data or "NODATA", Anchor = padReference(ref), Tags = tags }
  insert(ao.outbox.Spawns, spawn)
  local pattern = { Action = "Spawned", From = ao.id, Reference = ref }
  local result = { Data = spawn.Data, Anchor = spawn.Anchor, Tags = tags }
  result.onReply = function(callback)
    Handlers.once(pattern, callback)
  end
  result.receive = function()
    return Handlers.receive(pattern)
  end
  return result
end

function ao.assign(assignment)
  assert(type(assignment) == "table", "assignment should be a table")
  assert(type(assignment.Processes) == "table", "Processes should be a table")
  assert(type(assignment.Message) == "string", "Message should be a string")
  insert(ao.outbox.Assignments, assignment)
end

--- Whether From or Owner is one of ao.authorities (only those: the process's own trust gate lets a message
--- signed by its sender, From == Owner, through by itself).
function ao.isTrusted(msg)
  return includes(ao.authorities, msg.From) or includes(ao.authorities, msg.Owner)
end

function ao.result(result)
  local outbox = ao.outbox
  if outbox.Error or result.Error then
    return { Error = result.Error or outbox.Error }
  end
  return {
    Output = result.Output or outbox.Output,
    Messages = outbox.Messages,
    Spawns = outbox.Spawns,
    Assignments = outbox.Assignments,
  }
end

--- Present in the 2.0.6 library; unused by the process pipeline.
function ao.registerHint(msg)
  return msg
end

return ao
