// Worker thread: posts raw data items to an aolite node over HTTP/1.1 with `concurrency` keep-alive
// connections, each sending its next item when the previous answer came. Posts `warmup` items first
// (untimed), then the rest; returns each timed request's latency (ms) and the timed wall time.
//
// A deliberately small client so the benchmark measures the server: one raw `node:net` socket per lane,
// every request serialised to HTTP/1.1 bytes before the timing starts, and a minimal response reader
// (status line, headers, a Content-Length or chunked body). node:http's client (Agent, ClientRequest,
// IncomingMessage, header objects) costs about as much CPU per request as the server's HTTP layer.
// Every response is checked: status 202 and a JSON body naming the item's assignment.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { url, items, warmup, concurrency } = workerData;
const target = new URL(url);
const host = target.hostname;
const port = Number(target.port);

function serialise(body) {
  const head = Buffer.from(
    `POST / HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.byteLength}\r\n\r\n`,
    'latin1',
  );
  return Buffer.concat([head, body]);
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Parses one response from the front of `buf`; undefined when it is not complete yet. */
function parseResponse(buf) {
  const headEnd = buf.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd);
  const lines = head.split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  let length;
  let chunked = false;
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding' && value.toLowerCase().includes('chunked')) chunked = true;
  }
  let at = headEnd + 4;
  if (!chunked) {
    const size = length ?? 0;
    if (buf.length < at + size) return undefined;
    return { status, body: buf.toString('utf8', at, at + size), used: at + size };
  }
  const parts = [];
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buf.toString('latin1', at, lineEnd), 16);
    const start = lineEnd + 2;
    if (buf.length < start + size + 2) return undefined;
    if (size === 0) return { status, body: Buffer.concat(parts).toString('utf8'), used: start + 2 };
    parts.push(buf.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** One keep-alive connection: `send(bytes)` resolves with the next response. */
function openLane() {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    let buffer = Buffer.alloc(0);
    let waiting;
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (!waiting) return;
      const res = parseResponse(buffer);
      if (!res) return;
      buffer = buffer.subarray(res.used);
      const done = waiting;
      waiting = undefined;
      done.resolve(res);
    });
    const fail = (error) => {
      if (waiting) waiting.reject(error);
      waiting = undefined;
    };
    socket.on('error', (error) => {
      fail(error);
      reject(error);
    });
    socket.on('close', () => fail(new Error('the server closed the connection')));
    socket.once('connect', () =>
      resolve({
        send: (bytes) =>
          new Promise((res, rej) => {
            waiting = { resolve: res, reject: rej };
            socket.write(bytes);
          }),
        close: () => socket.destroy(),
      }),
    );
  });
}

function check(res, failures) {
  if (res.status !== 202) {
    failures.push(`${res.status} ${res.body}`);
    return;
  }
  const body = JSON.parse(res.body);
  if (typeof body.id !== 'string' || !Number.isSafeInteger(body.slot)) {
    failures.push(`202 without an assignment: ${res.body}`);
  }
}

async function drive(lanes, list, latencies) {
  let next = 0;
  const failures = [];
  async function run(lane) {
    while (next < list.length) {
      const bytes = list[next++];
      const start = performance.now();
      const res = await lane.send(bytes);
      latencies?.push(performance.now() - start);
      check(res, failures);
    }
  }
  await Promise.all(lanes.map(run));
  if (failures.length > 0) throw new Error(`${failures.length} posts failed, first: ${failures[0]}`);
}

const requests = items.map(serialise);
const lanes = await Promise.all(Array.from({ length: concurrency }, openLane));
await drive(lanes, requests.slice(0, warmup));
const latencies = [];
const start = performance.now();
await drive(lanes, requests.slice(warmup), latencies);
const ms = performance.now() - start;
for (const lane of lanes) lane.close();
parentPort.postMessage({ latencies, ms });
