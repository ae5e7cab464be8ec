import { commands } from './commands.js';

/** The `aolite` command: dispatches to the subcommands in ./commands.ts. Returns the exit code. */
export function usage(): string {
  const lines = ['usage: aolite <command> [options]', '', 'commands:'];
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
