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
  // Under tsx a module's URL may carry a query (a worker loads its modules through tsImport, which tags
  // them with a namespace): the path says whether this runs from the sources.
  if (new URL(import.meta.url).pathname.endsWith('.ts')) {
    return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
      workerData: { ...workerData, module: new URL(`./${name}.ts`, import.meta.url).href },
      transferList,
    });
  }
  return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData, transferList });
}
