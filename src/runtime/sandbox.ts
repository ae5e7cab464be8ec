import { readFileSync } from 'node:fs';

/** The sandbox and meter chunk (sandbox.lua), read once when this module loads (never during evaluation). */
export const SANDBOX_SOURCE = readFileSync(new URL('./sandbox.lua', import.meta.url), 'utf8');
