-- .crypto.util.queue (aolite): a FIFO queue constructor, as aos's crypto library exposes it.
-- Queue() returns an object with push(v), pop() (nil once empty), size(), getHead() (values pushed
-- since the last reset), getTail() (values popped since then) and reset().
return function()
  local items = {}
  local first = 0 -- index of the next value to pop
  local nextFree = 0 -- index the next push writes
  local q = {}
  q.push = function(v)
    items[nextFree] = v
    nextFree = nextFree + 1
  end
  q.pop = function()
    if first >= nextFree then return nil end
    local v = items[first]
    items[first] = nil
    first = first + 1
    return v
  end
  q.size = function() return nextFree - first end
  q.getHead = function() return nextFree end
  q.getTail = function() return first end
  q.reset = function()
    items = {}
    first = 0
    nextFree = 0
  end
  return q
end
