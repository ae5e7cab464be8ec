/**
 * MU ingest of pre-signed RSA-4096 items (bench/lib/rsa-pool.ts) into a node on a SQLite file, as
 * `aolite serve` runs it: in-process through node.ingest (verify + classify + log + slot + signed
 * assignment), and over HTTP on 127.0.0.1 (node.listener, as `aolite serve`) with concurrent keep-alive
 * raw-socket clients in a worker thread (bench/lib/http-client-worker.mjs). Then the same clients against
 * bare servers that do only part of an MU's work and store nothing (bench/lib/ingest-ceiling.ts): the
 * ceiling this machine puts on HTTP ingest.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultConfig } from '../src/config.js';
import { createEd25519Signer } from '../src/crypto/index.js';
import { NODE_KEY_FILE } from '../src/node/identity.js';
import { type AoliteNode, createNode } from '../src/node.js';
import { type CeilingMode, startCeilingServer } from './lib/ingest-ceiling.js';
import { ensureRsaPool, type RsaPool } from './lib/rsa-pool.js';
import { NODE_SEED } from './lib/rsa-pool-items.js';
import { createSamples, now, percentile } from './lib/stats.js';
import { tempFolder } from './lib/temp.js';
import type { Benchmark } from './lib/types.js';

/** A node on a fresh data folder whose key is the bench node key (the pool's process names it). */
async function benchNode(pool: RsaPool): Promise<{ node: AoliteNode; remove(): Promise<void> }> {
  const folder = tempFolder('ingest');
  const signer = createEd25519Signer(NODE_SEED);
  const key = {
    kty: 'OKP',
    crv: 'Ed25519',
    d: Buffer.from(NODE_SEED).toString('base64url'),
    x: Buffer.from(signer.publicKey).toString('base64url'),
  };
  writeFileSync(join(folder.path, NODE_KEY_FILE), JSON.stringify(key));
  const node = await createNode({ ...defaultConfig, dataDir: folder.path }, { sealTimer: false });
  node.ingest(pool.processItem);
  return {
    node,
    async remove() {
      await node.close();
      folder.remove();
    },
  };
}

/** Serves the node's listener on 127.0.0.1, as `aolite serve` does. */
function listen(node: AoliteNode): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = createServer(node.listener);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    );
  });
}

/**
 * Posts `items` with `concurrency` clients (the first `warmup` untimed). `cpuPerPost`: CPU time (µs,
 * user + system, every thread of this process: the node's and the clients') per post.
 */
async function postAll(
  url: string,
  items: Uint8Array[],
  warmup: number,
  concurrency: number,
): Promise<{ latencies: number[]; ms: number; cpuPerPost: number }> {
  const before = process.cpuUsage();
  const { latencies, ms } = await new Promise<{ latencies: number[]; ms: number }>((resolve, reject) => {
    const worker = new Worker(new URL('./lib/http-client-worker.mjs', import.meta.url), {
      workerData: { url, items, warmup, concurrency },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const used = process.cpuUsage(before);
  return { latencies, ms, cpuPerPost: (used.user + used.system) / items.length };
}

/** Each ceiling's throughput figure, and its CPU-per-post figure if it has one. */
const CEILINGS: [CeilingMode, string, string?][] = [
  ['http', 'ingest.ceiling-http'],
  ['verify', 'ingest.ceiling-verify'],
  ['verify+sign', 'ingest.ceiling-verify-sign', 'ingest.ceiling-verify-sign-cpu'],
];

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  summary: 'MU ingest of signed RSA items: in-process append and HTTP with concurrent clients',
  runs: { full: 3, quick: 3 },
  sizes: {
    appendMessages: { full: 5_000, quick: 1_000, help: 'items appended in-process per run' },
    httpMessages: {
      full: 5_000,
      quick: 1_000,
      help: 'items posted over HTTP per run (first tenth warm-up)',
    },
    concurrency: { full: 16, quick: 8, help: 'concurrent HTTP clients (keep-alive connections)' },
  },
  figures: [
    {
      id: 'ingest.append',
      label: 'in-process append: node.ingest of a pre-signed RSA item (verify + log + slot + assignment)',
      unit: 'msg/s',
      better: 'higher',
      note: 'One write transaction per item on a SQLite file, as `aolite serve` runs; the synchronous loop leaves the eager background evaluation for after the timing.',
    },
    {
      id: 'ingest.http',
      label: 'HTTP ingest of signed RSA items (POST /, concurrent clients)',
      unit: 'msg/s',
      better: 'higher',
      goal: { op: '>=', value: 5_000 },
      note: 'A node as `aolite serve` runs it: signatures verified on worker threads, concurrent posts group-committed (one write transaction per event-loop turn, each answered after its commit), eager evaluation on (the compute unit evaluates each logged message on its own thread, which also checkpoints the WAL). The clients run in a worker thread of the same node process, sharing the machine: one raw keep-alive `node:net` socket each, every request serialised to HTTP/1.1 bytes before the timing and every response read by a minimal parser and checked (status 202, a JSON body with the item id and slot), so the load generator costs far less CPU than the node:http client would.',
    },
    { id: 'ingest.http-p50', label: 'HTTP ingest latency p50', unit: 'ms', better: 'lower' },
    {
      id: 'ingest.http-p99',
      label: 'HTTP ingest latency p99',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<', value: 10 },
    },
    {
      id: 'ingest.http-cpu',
      label: 'HTTP ingest: CPU time per post, all threads (node and clients)',
      unit: 'µs',
      better: 'lower',
      note: "process.cpuUsage() (user + system, every thread of the process: event loop, verify pool, compute thread, result writer, the clients' worker, V8's helpers) over the run, divided by the posts. At 5,000 posts/s a 2-core machine has 400 µs of CPU per post for everything.",
    },
    {
      id: 'ingest.ceiling-http',
      label: 'ceiling: the same clients against a bare node:http server (HTTP exchange only, nothing stored)',
      unit: 'msg/s',
      better: 'higher',
      note: 'The ceiling figures measure this machine, not aolite (bench/lib/ingest-ceiling.ts): the same clients, items and concurrency against a bare node:http server that reads each body and answers 202 with a JSON assignment, storing nothing. "verify" also decodes the item and verifies its RSA-4096 signature on the node\'s verify pool; "verify + sign" also makes the one ed25519 signature an SU makes per Assignment item. No log, slot, hash chain or evaluation: the node\'s HTTP ingest can only be slower than the last of them.',
    },
    {
      id: 'ingest.ceiling-verify',
      label: 'ceiling: bare server + RSA verification on the verify pool',
      unit: 'msg/s',
      better: 'higher',
    },
    {
      id: 'ingest.ceiling-verify-sign',
      label: 'ceiling: bare server + RSA verification + one ed25519 signature per post',
      unit: 'msg/s',
      better: 'higher',
    },
    {
      id: 'ingest.ceiling-verify-sign-cpu',
      label:
        'ceiling: bare server + RSA verification + one ed25519 signature: CPU time per post, all threads',
      unit: 'µs',
      better: 'lower',
    },
  ],
  async run(ctx) {
    const appendCount = ctx.sizes.appendMessages!;
    const httpCount = ctx.sizes.httpMessages!;
    const concurrency = ctx.sizes.concurrency!;
    const pool = await ensureRsaPool(ctx.cacheDir, Math.max(appendCount, httpCount), ctx.log);
    const samples = createSamples();
    for (let run = 0; run < ctx.runs; run++) {
      ctx.log(`run ${run + 1}/${ctx.runs}`);
      const append = await benchNode(pool);
      try {
        const items = pool.messages.slice(0, appendCount);
        const start = now();
        for (const raw of items) append.node.ingest(raw);
        samples.add('ingest.append', items.length / ((now() - start) / 1000));
        const slot = append.node.store.latestAssignment(pool.processId)?.slot;
        if (slot !== items.length)
          throw new Error(`append logged up to slot ${slot}, expected ${items.length}`);
      } finally {
        await append.remove();
      }

      const http = await benchNode(pool);
      const { server, url } = await listen(http.node);
      try {
        const items = pool.messages.slice(0, httpCount);
        const warmup = Math.floor(items.length / 10);
        const { latencies, ms, cpuPerPost } = await postAll(url, items, warmup, concurrency);
        const slot = http.node.store.latestAssignment(pool.processId)?.slot;
        if (slot !== items.length)
          throw new Error(`HTTP ingest logged up to slot ${slot}, expected ${items.length}`);
        samples.add('ingest.http', latencies.length / (ms / 1000));
        samples.add('ingest.http-p50', percentile(latencies, 50));
        samples.add('ingest.http-p99', percentile(latencies, 99));
        samples.add('ingest.http-cpu', cpuPerPost);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await http.remove();
      }

      for (const [mode, id, cpuId] of CEILINGS) {
        const ceiling = await startCeilingServer(mode);
        try {
          const items = pool.messages.slice(0, httpCount);
          const { latencies, ms, cpuPerPost } = await postAll(
            ceiling.url,
            items,
            Math.floor(items.length / 10),
            concurrency,
          );
          samples.add(id, latencies.length / (ms / 1000));
          if (cpuId !== undefined) samples.add(cpuId, cpuPerPost);
        } finally {
          await ceiling.close();
        }
      }
    }
    return {
      samples: samples.result(),
      labels: {
        'ingest.http': `HTTP ingest of signed RSA items (POST /, ${concurrency} concurrent clients)`,
      },
    };
  },
};
