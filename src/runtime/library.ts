import { existsSync, readFileSync } from 'node:fs';
import type { LuaLibrary } from './types.js';

/** Lua module name → file in ./lua/. The aos 2.0.6-compatible process library (AOS-SEMANTICS.md). */
const LIBRARY_MODULES: ReadonlyArray<readonly [name: string, file: string]> = [
  ['json', 'json.lua'],
  ['.stringify', 'stringify.lua'],
  ['.dump', 'dump.lua'],
  ['.pretty', 'pretty.lua'],
  ['.utils', 'utils.lua'],
  ['.handlers-utils', 'handlers-utils.lua'],
  ['.handlers', 'handlers.lua'],
  ['.ao', 'ao.lua'],
  ['ao', 'ao-alias.lua'],
  ['.assignment', 'assignment.lua'],
  ['.eval', 'eval.lua'],
  ['.default', 'default.lua'],
  ['.boot', 'boot.lua'],
  ['.process', 'process.lua'],
  ['.base64', 'base64.lua'],
  ['.state-reader', 'state-reader.lua'],
];

/**
 * The part of aos's crypto library aolite provides, compiled on its first require (most processes never
 * load it; compiled at boot it cost every process ~110 KB of memory and every major collection more work).
 * As under aos, `.crypto`, `.crypto.digest`, `.crypto.util` and `.crypto.mac` load their `.init` module
 * again as a separate table.
 */
const LAZY_MODULES: ReadonlyArray<readonly [name: string, file: string]> = [
  ['.crypto', 'crypto.lua'],
  ['.crypto.init', 'crypto.lua'],
  ['.crypto.digest', 'crypto-digest.lua'],
  ['.crypto.digest.init', 'crypto-digest.lua'],
  ['.crypto.digest.aolite-md', 'crypto-md.lua'],
  ['.crypto.digest.md5', 'crypto-md5.lua'],
  ['.crypto.digest.sha1', 'crypto-sha1.lua'],
  ['.crypto.digest.sha2_256', 'crypto-sha2-256.lua'],
  ['.crypto.digest.sha2_512', 'crypto-sha2-512.lua'],
  ['.crypto.digest.sha3', 'crypto-sha3.lua'],
  ['.crypto.util', 'crypto-util.lua'],
  ['.crypto.util.init', 'crypto-util.lua'],
  ['.crypto.util.bit', 'crypto-bit.lua'],
  ['.crypto.util.queue', 'crypto-queue.lua'],
  ['.crypto.util.stream', 'crypto-stream.lua'],
  ['.crypto.util.hex', 'crypto-hex.lua'],
  ['.crypto.util.array', 'crypto-array.lua'],
  ['.crypto.mac', 'crypto-mac.lua'],
  ['.crypto.mac.init', 'crypto-mac.lua'],
  ['.crypto.mac.hmac', 'crypto-hmac.lua'],
];

/**
 * Companion modules written by the Lua-modules unit (5.3 compatibility, bint, the MT19937 generator).
 * They are bundled when their file is present; the library works without them (math.random then stays
 * the constant 0.5 and string arithmetic follows Lua 5.4).
 */
const COMPANION_MODULES: ReadonlyArray<readonly [name: string, file: string]> = [
  ['compat53', 'compat53.lua'],
  ['.chance', 'chance.lua'],
  ['.bint', 'bint.lua'],
];

const BOOT_FILE = 'aolite-boot.lua';

let cached: LuaLibrary | undefined;

function luaUrl(file: string): URL {
  return new URL(`./lua/${file}`, import.meta.url);
}

/** The aos-compatible process library (read from the .lua files next to this module once, then cached). */
export function loadAosLibrary(): LuaLibrary {
  if (cached) return cached;
  const modules: LuaLibrary['modules'] = LIBRARY_MODULES.map(([name, file]) => ({
    name,
    source: readFileSync(luaUrl(file), 'utf8'),
  }));
  for (const [name, file] of LAZY_MODULES) {
    modules.push({ name, source: readFileSync(luaUrl(file), 'utf8'), lazy: true });
  }
  for (const [name, file] of COMPANION_MODULES) {
    const url = luaUrl(file);
    if (existsSync(url)) modules.push({ name, source: readFileSync(url, 'utf8') });
  }
  cached = {
    modules,
    boot: { name: 'aolite-boot', source: readFileSync(luaUrl(BOOT_FILE), 'utf8') },
    input: 'table',
  };
  return cached;
}
