import { auditCommand } from './audit.js';
import type { Command } from './command.js';
import { runScenarioCommand } from './run-scenario.js';
import { serveCommand } from './serve.js';
import { verifyCommand } from './verify.js';

/** Every `aolite` subcommand, by name. Each lives in its own file. */
export const commands: Record<string, Command> = {
  audit: auditCommand,
  'run-scenario': runScenarioCommand,
  serve: serveCommand,
  verify: verifyCommand,
};
