import { readFileSync } from 'node:fs';

/** The sandbox and meter chunk (sandbox.lua), read once when this module loads (never during evaluation). */
export const SANDBOX_SOURCE = readFileSync(new URL('./sandbox.lua', import.meta.url), 'utf8');

/** The debug library processes see (sandbox-debug.lua), compiled by the sandbox chunk as part of it. */
export const SANDBOX_DEBUG_SOURCE = readFileSync(new URL('./sandbox-debug.lua', import.meta.url), 'utf8');
