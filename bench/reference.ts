/**
 * The real aos 2.0.6 module through @permaweb/ao-loader, on the same counter and token workloads as
 * bench/runtime.ts, two ways:
 * - resident: one instance kept, no memory passed in, none copied out (loader option UNSAFE_MEMORY);
 * - CU-style: as the reference compute unit calls it: the instance is kept per evaluation stream, and
 *   each message passes the previous result's Memory in (copied into the instance) and gets a fresh copy
 *   of the whole memory back in the result.
 * Runs in a child with --experimental-wasm-memory64 (the module is wasm64). The loader replaces Date.now
 * and Math.random in this process; timings use performance.now.
 */
import { AOS_FORMAT, loadAosWasm } from './lib/aos-wasm.js';
import { createSamples, now } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';
import { counterWorkload, expectOk, expectState, tokenWorkload, type Workload } from './lib/workloads.js';

type Handle = (memory: Uint8Array | null, msg: unknown, env: unknown) => Promise<ReferenceResult>;
interface ReferenceResult {
  Memory: Uint8Array;
  Output: unknown;
  Error?: unknown;
}

const LOADER_OPTIONS = {
  format: AOS_FORMAT,
  inputEncoding: 'JSON-1',
  outputEncoding: 'JSON-1',
  memoryLimit: String(1024 * 1024 * 1024),
  computeLimit: '9000000000000',
  extensions: [],
};

/** The parts of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: abstract new (...args: never[]) => object;
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: unknown): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The module bytes (compiled by the loader on every call) or a compiled module, as the CU caches it. */
type Source = Buffer | object;

async function instantiate(source: Source, resident: boolean): Promise<Handle> {
  const { default: AoLoader } = await import('@permaweb/ao-loader');
  const binary =
    source instanceof wasmApi.Module
      ? // Emscripten's instantiateWasm hook: instantiate the cached module, hand the instance back.
        (imports: unknown, receive: (instance: object) => void) => {
          wasmApi.instantiate(source, imports).then(receive);
          return {};
        }
      : source;
  return (await AoLoader(binary, { ...LOADER_OPTIONS, UNSAFE_MEMORY: resident })) as unknown as Handle;
}

/** µs per message over the workload (first tenth untimed); checks the state afterwards. */
async function perMessage(wasm: Source, workload: Workload, mode: 'resident' | 'cu'): Promise<number> {
  const handle = await instantiate(wasm, mode === 'resident');
  let memory: Uint8Array | null = null;
  const step = async (m: { msg: unknown; env: unknown }, what: string): Promise<ReferenceResult> => {
    const result = await handle(mode === 'cu' ? memory : null, m.msg, m.env);
    expectOk(result, what);
    if (mode === 'cu') memory = result.Memory;
    return result;
  };
  await step(workload.spawn, 'process message');
  await step(workload.install, 'install Eval');
  const warm = Math.max(1, Math.floor(workload.work.length / 10));
  for (let i = 0; i < warm; i++) await step(workload.work[i]!, workload.name);
  const start = now();
  for (let i = warm; i < workload.work.length; i++) await step(workload.work[i]!, workload.name);
  const us = ((now() - start) * 1000) / (workload.work.length - warm);
  expectState(workload, await step(workload.check.message, 'check Eval'));
  return us;
}

export const referenceBenchmark: Benchmark = {
  name: 'reference',
  summary: 'the real aos 2.0.6 module via @permaweb/ao-loader: resident and CU-style',
  nodeFlags: ['--experimental-wasm-memory64'],
  runs: { full: 3, quick: 1 },
  sizes: {
    residentMessages: {
      full: 1_000,
      quick: 100,
      help: 'messages per run, resident (first tenth is warm-up)',
    },
    cuMessages: { full: 40, quick: 5, help: 'messages per run, CU-style (first tenth is warm-up)' },
    boots: { full: 3, quick: 1, help: 'boots per run' },
  },
  figures: [
    {
      id: 'reference.counter.resident',
      label: 'reference aos: counter, time per message, resident',
      unit: 'µs',
      better: 'lower',
    },
    {
      id: 'reference.counter.cu',
      label: 'reference aos: counter, time per message, CU-style (memory in and out)',
      unit: 'µs',
      better: 'lower',
    },
    {
      id: 'reference.token.resident',
      label: 'reference aos: token transfer, time per message, resident',
      unit: 'µs',
      better: 'lower',
    },
    {
      id: 'reference.token.cu',
      label: 'reference aos: token transfer, time per message, CU-style (memory in and out)',
      unit: 'µs',
      better: 'lower',
    },
    {
      id: 'reference.boot-first-result',
      label: 'reference aos: boot to first result (AoLoader on the compiled module + the process message)',
      unit: 'ms',
      better: 'lower',
    },
    {
      id: 'reference.boot-cold',
      label:
        'reference aos: cold boot to first result (first in a fresh node process, AoLoader compiles the module)',
      unit: 'ms',
      better: 'lower',
    },
    {
      id: 'reference.memory-bytes',
      label: 'reference aos: memory size after boot',
      unit: 'bytes',
      better: 'lower',
    },
  ],
  async run(ctx) {
    const bytes = loadAosWasm(ctx.cacheDir, ctx.log);
    const samples = createSamples();
    const cold = now();
    const first = await instantiate(bytes, false);
    const spawned = counterWorkload(0).spawn;
    expectOk(await first(null, spawned.msg, spawned.env), 'process message');
    samples.add('reference.boot-cold', now() - cold);
    const wasm = await wasmApi.compile(bytes);
    const counter = {
      resident: counterWorkload(ctx.sizes.residentMessages!),
      cu: counterWorkload(ctx.sizes.cuMessages!),
    };
    const token = {
      resident: tokenWorkload(ctx.sizes.residentMessages!),
      cu: tokenWorkload(ctx.sizes.cuMessages!),
    };
    for (let run = 0; run < ctx.runs; run++) {
      ctx.log(`run ${run + 1}/${ctx.runs}`);
      let boot = 0;
      for (let i = 0; i < ctx.sizes.boots!; i++) {
        const start = now();
        const handle = await instantiate(wasm, false);
        const result = await handle(null, counter.cu.spawn.msg, counter.cu.spawn.env);
        boot += now() - start;
        expectOk(result, 'process message');
        if (i === 0) samples.add('reference.memory-bytes', result.Memory.byteLength);
      }
      samples.add('reference.boot-first-result', boot / ctx.sizes.boots!);
      samples.add('reference.counter.resident', await perMessage(wasm, counter.resident, 'resident'));
      samples.add('reference.counter.cu', await perMessage(wasm, counter.cu, 'cu'));
      samples.add('reference.token.resident', await perMessage(wasm, token.resident, 'resident'));
      samples.add('reference.token.cu', await perMessage(wasm, token.cu, 'cu'));
    }
    return { samples: samples.result() };
  },
};
