-- .default: the `_default` handler, run when no handler broke the walk (AOS-SEMANTICS.md 5).
-- Inserts the message into the Inbox (through the given function) and prints a one-line summary.

local json = require("json")

local GRAY, GREEN, BLUE, RESET = "\27[90m", "\27[32m", "\27[34m", "\27[0m"

return function(insertInbox)
  return function(msg)
    insertInbox(msg)
    local from = msg.From
    local shortFrom = type(from) == "string" and (from:sub(1, 3) .. "..." .. from:sub(-3)) or "unknown"
    local text = GRAY .. "New Message From " .. GREEN .. shortFrom .. GRAY .. ": "
    if msg.Action then
      text = text .. GRAY .. "Action = " .. BLUE .. tostring(msg.Action):sub(1, 20) .. RESET
    else
      local data = msg.Data
      if type(data) == "table" then data = json.encode(data) end
      text = text .. GRAY .. "Data = " .. BLUE .. (data and tostring(data):sub(1, 20) or "") .. RESET
    end
    print(text)
  end
end
