// Worker entry in plain JS: loads the TypeScript worker module named in workerData through tsx, so the
// same worker runs under `node --import tsx` and under vitest.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
