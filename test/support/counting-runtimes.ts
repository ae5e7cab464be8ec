import { createProcessRuntime, type ProcessRuntime } from '../../src/runtime/process-runtime.js';

/** A createRuntime seam that counts runtimes created and slot evaluations (replays included). */
export function countingRuntimes() {
  const counter = { handles: 0, created: 0 };
  const createRuntime: typeof createProcessRuntime = async (options) => {
    counter.created += 1;
    const runtime = await createProcessRuntime(options);
    const wrapped: ProcessRuntime = {
      ...runtime,
      handle(msg, env) {
        counter.handles += 1;
        return runtime.handle(msg, env);
      },
      handlePrepared(msg, env) {
        counter.handles += 1;
        return runtime.handlePrepared(msg, env);
      },
      handleRaw(msg, env) {
        counter.handles += 1;
        return runtime.handleRaw(msg, env);
      },
    };
    return wrapped;
  };
  return { counter, createRuntime };
}
