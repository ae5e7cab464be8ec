-- .eval: the `_eval` handler (AOS-SEMANTICS.md 4). Loads `return <Data>` or else `<Data>` with chunk
-- name "aos" in _G and runs it unprotected; a compile failure or a truthy second result becomes the
-- result's Error; a truthy first result is appended to the print log.

local stringify = require(".stringify")

return function(ao)
  return function(msg)
    -- `func` is named as in aos: debug.getinfo(1, "n").name in the evaluated code reads it.
    -- Concatenated as it is, as in aos: a number reads as its text, nil or a table raises (naming `expr`).
    local expr = msg.Data
    local func, err = load("return " .. expr, "aos", "t", _G)
    if not func then
      func, err = load(expr, "aos", "t", _G)
    end
    if not func then
      ao.outbox.Error = err
      return
    end
    local output, e = func()
    if e then
      ao.outbox.Error = e
      return
    end
    if output and HANDLER_PRINT_LOGS then
      if type(output) == "table" then
        table.insert(HANDLER_PRINT_LOGS, stringify.format(output))
      else
        table.insert(HANDLER_PRINT_LOGS, tostring(output))
      end
    end
  end
end
