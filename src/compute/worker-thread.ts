import { type Transferable, Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` of this folder (`read-ahead-worker`, `result-writer-worker`): its
 * compiled .js in the built package, or its .ts through ts-worker.mjs (tsx) when running from the sources.
 */
export function startWorker(
  name: string,
  workerData: Record<string, unknown>,
  transferList: Transferable[],
): Worker {
  if (import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
      workerData: { ...workerData, module: new URL(`./${name}.ts`, import.meta.url).href },
      transferList,
    });
  }
  return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData, transferList });
}
