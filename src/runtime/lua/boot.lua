-- .boot: the `_boot` handler run on the process message (AOS-SEMANTICS.md 5). Puts the process message
-- in the Inbox when it is empty, then runs On-Boot: "Data" evaluates the process message's Data; any
-- other value is a transaction id whose data is read from /data/<id> and evaluated.

return function(ao)
  local eval = require(".eval")(ao)
  return function(msg)
    if #Inbox == 0 then table.insert(Inbox, msg) end
    local onBoot = msg.Tags and msg.Tags["On-Boot"]
    if onBoot == nil then return end
    if onBoot == "Data" then
      eval(msg)
      return
    end
    -- WeaveDrive: the host may provide ao.loadData(id); otherwise the file /data/<id> is read.
    local data
    if type(ao.loadData) == "function" then
      data = ao.loadData(onBoot)
    elseif io and io.open then
      local file = io.open("/data/" .. onBoot)
      if file then
        data = file:read("a")
        file:close()
      end
    end
    if type(data) ~= "string" then error("On-Boot: cannot read data of " .. tostring(onBoot)) end
    eval({ Data = data })
  end
end
