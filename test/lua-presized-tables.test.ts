import { describe, expect, it } from 'vitest';
import { createAosTestProcess } from './support/aos-process.js';

/**
 * The library starts some per-message tables (the Tags maps, the env copies) from a constructor with two
 * nil fields instead of {}, to skip the first two rebuilds of the hash part. That must leave them in the
 * same slots as a table built from {}: pairs order is what process code sees.
 */
describe('tables started at two slots', () => {
  it('store no key and iterate in the same order as tables built from {}, unlike a start at four slots', async () => {
    const p = await createAosTestProcess();
    const result = await p.evaluate(`
      local function order(t) local o = {} for k in pairs(t) do o[#o + 1] = tostring(k) end return table.concat(o, ",") end
      local seed = 7
      local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
      local names = { "Id", "Owner", "Tags", "TagArray", "Process", "Module", "Action", "Data-Protocol", "Variant",
        "Type", "SDK", "Name", "Authority", "Scheduler", "Reference", "From-Process", "Recipient", "Quantity" }
      local same2, same4, stored, trials = 0, 0, 0, 2000
      for _ = 1, trials do
        local n, keys, used = 1 + rnd(10), {}, {}
        while #keys < n do
          local k = rnd(3) == 0 and ("k" .. rnd(100000)) or names[1 + rnd(#names)]
          if not used[k] then used[k] = true keys[#keys + 1] = k end
        end
        local plain, two, four = {}, { _1 = nil, _2 = nil }, { _1 = nil, _2 = nil, _3 = nil, _4 = nil }
        if next(two) ~= nil then stored = stored + 1 end
        for i = 1, n do plain[keys[i]] = i two[keys[i]] = i four[keys[i]] = i end
        if order(plain) == order(two) then same2 = same2 + 1 end
        if order(plain) == order(four) then same4 = same4 + 1 end
      end
      return stored .. " " .. same2 .. " " .. tostring(same4 < trials)`);
    expect(result).toBe('0 2000 true');
    p.close();
  });
});
