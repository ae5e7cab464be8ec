-- .assignment: which assignments (messages whose Target is another process) this process accepts
-- (AOS-SEMANTICS.md 2 step 12). Installs ao.assignables and its helpers on the given ao table.

local utils = require(".utils")

return function(ao)
  ao.assignables = ao.assignables or {}

  --- ao.addAssignable([name,] matchSpec): a named entry replaces an existing one of that name.
  function ao.addAssignable(...)
    local name, matchSpec
    if select("#", ...) >= 2 then name, matchSpec = ... else matchSpec = ... end
    assert(name == nil or type(name) == "string", "name MUST be a string")
    local tm = type(matchSpec)
    assert(tm == "function" or tm == "table" or tm == "string", "MatchSpec must be a string, table or function")
    if name then
      for _, entry in ipairs(ao.assignables) do
        if entry.name == name then
          entry.pattern = matchSpec
          return
        end
      end
    end
    table.insert(ao.assignables, { pattern = matchSpec, name = name })
  end

  --- ao.removeAssignable(name | index)
  function ao.removeAssignable(key)
    local index
    if type(key) == "number" then
      index = key
    else
      assert(type(key) == "string", "name or index required")
      for i, entry in ipairs(ao.assignables) do
        if entry.name == key then index = i break end
      end
    end
    if index and ao.assignables[index] then table.remove(ao.assignables, index) end
  end

  function ao.isAssignment(msg)
    return msg.Target ~= ao.id
  end

  function ao.isAssignable(msg)
    for _, entry in ipairs(ao.assignables) do
      if utils.matchesSpec(msg, entry.pattern) then return true end
    end
    return false
  end
end
