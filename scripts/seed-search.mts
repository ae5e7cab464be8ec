// Finds the pinned clock value (src/runtime/host-imports.ts HASH_SEED_CLOCK_MS) that makes Lua 5.4's
// string-hash seed iterate the conformance table of `pairs-order` step 2 in the reference aos order.
// Run: node --import tsx scripts/seed-search.mts
import { createLuaEngine } from '../src/runtime/engine.js';
import { setHashSeedClockForSearch } from '../src/runtime/host-imports.js';

const code = `local t = { 10, 20, 30, a = 1, b = 2, [100] = 5, [2.5] = 1, [-1] = 0, c = 3 }
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
return table.concat(keys, ',')`;
for (let s = 0; s < 3000; s++) {
  setHashSeedClockForSearch(s * 1000);
  const e = await createLuaEngine();
  e.run(`function probe() ${code} end`, 'probe');
  const out = e.call('probe');
  e.close();
  if (out === '1,2,3,c,-1,100,2.5,a,b') {
    console.log('FOUND', s, out);
    break;
  }
  if (s < 3) console.log(s, out);
}
