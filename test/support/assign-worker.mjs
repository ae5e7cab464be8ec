// Worker entry in plain JS: loads the TypeScript worker through tsx (worker threads do not inherit
// vitest's transform).
import { tsImport } from 'tsx/esm/api';

await tsImport('./assign-worker.ts', import.meta.url);
