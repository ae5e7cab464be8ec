import type { Command } from './command.js';

/** Every `aolite` subcommand, by name. Each lives in its own file. */
export const commands: Record<string, Command> = {};
