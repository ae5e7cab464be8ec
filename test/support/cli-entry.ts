// Runs the aolite command from the TypeScript sources (tests start it with `node --import tsx`).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
