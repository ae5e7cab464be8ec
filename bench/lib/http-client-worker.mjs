// Worker thread: posts raw data items to an aolite node over HTTP with `concurrency` keep-alive
// connections, each sending its next item when the previous answer came. Posts `warmup` items first
// (untimed), then the rest; returns each timed request's latency (ms) and the timed wall time.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, items, warmup, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

function post(body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: '/',
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'content-length': body.byteLength },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(list, latencies) {
  let next = 0;
  const failures = [];
  async function lane() {
    while (next < list.length) {
      const body = list[next++];
      const start = performance.now();
      const res = await post(body);
      latencies?.push(performance.now() - start);
      if (res.status !== 202) failures.push(`${res.status} ${res.body}`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  if (failures.length > 0) throw new Error(`${failures.length} posts failed, first: ${failures[0]}`);
}

await drive(items.slice(0, warmup));
const latencies = [];
const start = performance.now();
await drive(items.slice(warmup), latencies);
const ms = performance.now() - start;
agent.destroy();
parentPort.postMessage({ latencies, ms });
