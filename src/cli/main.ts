import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../store/package-root.js';
import { commands } from './commands.js';

/** aolite's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The `aolite` command: dispatches to the subcommands in ./commands.ts. Returns the exit code. */
export function usage(): string {
  const lines = ['usage: aolite <command> [options]    (aolite --version: the version)', '', 'commands:'];
  for (const name of Object.keys(commands).sort()) {
    lines.push(`  ${name.padEnd(14)} ${commands[name]?.summary ?? ''}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(`aolite ${version()}`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`aolite: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
    console.log(`aolite ${name}: ${command.summary}`);
    return 0;
  }
  return command.run(rest);
}
