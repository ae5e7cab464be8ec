import { isAoliteError } from '../core/errors.js';
import { readScenarioFile, runScenario } from '../runtime/scenario-run.js';
import type { Command } from './command.js';

/** `aolite run-scenario FILE.json`: evaluates a conformance scenario and prints its JSONL output. */
export const runScenarioCommand: Command = {
  summary: 'evaluate a conformance scenario file and print its JSONL results: aolite run-scenario FILE.json',
  async run(args) {
    const [file, ...extra] = args;
    if (file === undefined || extra.length > 0) {
      console.error('usage: aolite run-scenario FILE.json');
      return 2;
    }
    let scenario: ReturnType<typeof readScenarioFile>;
    try {
      scenario = readScenarioFile(file);
    } catch (err) {
      if (!isAoliteError(err)) throw err;
      console.error(`aolite run-scenario: ${err.message}`);
      return 2;
    }
    const text = (await runScenario(scenario)).map((line) => `${JSON.stringify(line)}\n`).join('');
    // A reader that stops early (`| head`) closes the pipe: that is not an error of ours.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    process.stdout.write(text);
    return 0;
  },
};
