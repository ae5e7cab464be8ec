// Worker entry in plain JS for running from the TypeScript sources (tests, benchmarks, `--import tsx`):
// loads the worker module named in workerData.module through tsx. The built package (dist/) starts its
// compiled .js workers directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
