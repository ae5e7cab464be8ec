import { LUA_REGISTRYINDEX, LuaEngine, LuaFactory } from 'wasmoon';

const f = new LuaFactory();
const w = await f.getLuaModule();
const e = new LuaEngine(w, { traceAllocations: true, injectObjects: false, enableProxy: false });
const m = w.module,
  L = e.global.address;
console.log(e.doStringSync('return _VERSION'), LUA_REGISTRYINDEX);
e.doStringSync('CTL = {x = 42}');
m._lua_getglobal;
w.lua_getglobal(L, 'CTL');
const ref = m._luaL_ref(L, LUA_REGISTRYINDEX);
console.log('ref', ref, m._lua_gettop(L));
try {
  console.log('rawgeti num', m._lua_rawgeti(L, LUA_REGISTRYINDEX, ref));
} catch (err) {
  console.log('num fails', err.message);
}
try {
  console.log('rawgeti big', m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(ref)));
} catch (err) {
  console.log('big fails', err.message);
}
console.log('top', m._lua_gettop(L));
console.log('mem used', e.global.getMemoryUsed(), e.doStringSync('return collectgarbage("count")*1024'));
