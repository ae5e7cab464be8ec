/**
 * The `aolite` command. Each subcommand lives in its own file and is registered here.
 * Returns the process exit code.
 */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commands = new Map<string, Command>();

export function registerCommand(name: string, command: Command): void {
  commands.set(name, command);
}

export function usage(): string {
  const lines = ['usage: aolite <command> [options]', '', 'commands:'];
  for (const [name, command] of [...commands].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${name.padEnd(14)} ${command.summary}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands.get(name);
  if (!command) {
    console.error(`aolite: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}
