-- .handlers-utils (Handlers.utils): ready-made patterns and handlers (AOS-SEMANTICS.md 6.4).

local utils = require(".utils")

local hutils = { _version = "0.0.2" }

function hutils.hasMatchingTag(name, value)
  assert(type(name) == "string" and type(value) == "string", "invalid arguments: (name : string, value : string)")
  return function(msg)
    return msg.Tags[name] == value
  end
end

function hutils.hasMatchingTagOf(name, values)
  assert(type(name) == "string" and type(values) == "table", "invalid arguments: (name : string, values : string[])")
  return function(msg)
    for _, value in ipairs(values) do
      local result = hutils.hasMatchingTag(name, value)(msg)
      if result ~= 0 and result ~= false and result ~= "skip" then return result end
    end
    return 0
  end
end

function hutils.hasMatchingData(value)
  assert(type(value) == "string", "invalid arguments: (value : string)")
  return function(msg)
    return msg.Data == value
  end
end

function hutils.reply(input)
  assert(type(input) == "table" or type(input) == "string", "invalid arguments: (input : table | string)")
  return function(msg)
    if type(input) == "string" then
      msg.reply({ Data = input })
    else
      msg.reply(input)
    end
  end
end

function hutils.continue(spec)
  return function(msg)
    local result = utils.matchesSpec(msg, spec)
    -- A non-match is passed on as it is: nil too, which Handlers.evaluate refuses (as aos does).
    if not result or result == 0 or result == "skip" then return result end
    return 1
  end
end

return hutils
