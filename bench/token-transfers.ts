/**
 * Hand-run benchmark of the messenger (not a test): `npx tsx bench/token-transfers.ts [N] [pairs]`.
 * A node on a file database (no timers) with one token process and `pairs` holder pairs. Each transfer
 * is a user message to the token (evaluation 1) whose handler debits holder A and credits holder B and
 * pushes a Debit-Notice to A and a Credit-Notice to B (2 deliveries: signed item + assignment each),
 * which A and B evaluate (evaluations 2 and 3). Timed: scheduling the N pre-signed transfers
 * (scheduleMany, 1,000 per transaction), then everything until compute and messenger are idle; checks
 * the final balances and notice counts. Env: MEM=1 for ':memory:'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config.js';
import type { Tag } from '../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../src/crypto/index.js';
import { createNode } from '../src/node.js';

const N = Number(process.argv[2] ?? 20_000);
const pairs = Number(process.argv[3] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'aolite-bench-transfers-'));
let now = 1_700_000_000_000;
const node = await createNode(
  { ...defaultConfig, dataDir: process.env.MEM ? ':memory:' : dir, checkpointEveryMs: 0 },
  { clock: () => now, sealTimer: false },
);
const user = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => 7 + i));
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];
const spawn = (name: string) => {
  const item = signDataItem(
    {
      tags: [
        ...ao('Process'),
        { name: 'Module', value: node.moduleId },
        { name: 'Scheduler', value: node.address },
        { name: 'Authority', value: node.address },
        { name: 'Name', value: name },
      ],
      data: '',
    },
    user,
  );
  node.ingest(item.raw);
  return item.id;
};
let n = 0;
const message = (target: string, tags: Record<string, string>, data = ' ') =>
  signDataItem(
    {
      target,
      tags: [
        ...ao('Message'),
        ...Object.entries(tags).map(([name, value]) => ({ name, value })),
        { name: 'N', value: String(n++) },
      ],
      data,
    },
    user,
  );

const TOKEN = `
Balances = Balances or {}
Handlers.add('Mint', 'Mint', function (msg) Balances[msg.Recipient] = (Balances[msg.Recipient] or 0) + tonumber(msg.Quantity) end)
Handlers.add('Transfer', 'Transfer', function (msg)
  local qty, from, to = tonumber(msg.Quantity), msg.Holder, msg.Recipient
  if (Balances[from] or 0) < qty then return end
  Balances[from] = Balances[from] - qty
  Balances[to] = (Balances[to] or 0) + qty
  ao.send({ Target = from, Action = 'Debit-Notice', Recipient = to, Quantity = msg.Quantity })
  ao.send({ Target = to, Action = 'Credit-Notice', Sender = from, Quantity = msg.Quantity })
end)`;
const HOLDER = `
Debits, Credits = 0, 0
Handlers.add('Debit-Notice', 'Debit-Notice', function (msg) Debits = Debits + 1 end)
Handlers.add('Credit-Notice', 'Credit-Notice', function (msg) Credits = Credits + 1 end)`;

const token = spawn('token');
node.ingest(message(token, { Action: 'Eval' }, TOKEN).raw);
const holders: [string, string][] = [];
for (let i = 0; i < pairs; i++) {
  const a = spawn(`a${i}`);
  const b = spawn(`b${i}`);
  node.ingest(message(a, { Action: 'Eval' }, HOLDER).raw);
  node.ingest(message(b, { Action: 'Eval' }, HOLDER).raw);
  node.ingest(message(token, { Action: 'Mint', Recipient: a, Quantity: String(N) }).raw);
  holders.push([a, b]);
}
await node.settle();

const transfers = Array.from({ length: N }, (_, i) => {
  const [a, b] = holders[i % pairs]!;
  return message(token, { Action: 'Transfer', Holder: a, Recipient: b, Quantity: '1' });
});
const started = performance.now();
const cpuStarted = process.cpuUsage();
for (let i = 0; i < N; i += 1000) {
  for (const result of node.scheduler.scheduleMany(transfers.slice(i, i + 1000))) {
    if (result instanceof Error) throw result;
  }
  now += 1;
  await new Promise((resolve) => setImmediate(resolve));
}
await node.settle();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const per = N / pairs;
for (const [a, b] of holders) {
  const debits = (await node.compute.state(a, 'Debits')).value;
  const credits = (await node.compute.state(b, 'Credits')).value;
  if (debits !== per || credits !== per) throw new Error(`expected ${per} notices, got ${debits}/${credits}`);
}
const deliveries = node.store.orm.$client.prepare('SELECT count(*) AS n FROM deliveries').get() as {
  n: number;
};
console.log(
  `${N} transfers over ${pairs} holder pairs: ${seconds.toFixed(2)} s, ${Math.round(N / seconds)} transfers/s ` +
    `(${Math.round((3 * N) / seconds)} evaluations/s, ${Math.round((2 * N) / seconds)} deliveries/s; ` +
    `${deliveries.n} delivery rows); CPU ${cpuSeconds.toFixed(2)} s = ${Math.round(N / cpuSeconds)} transfers per CPU-second`,
);
await node.close();
rmSync(dir, { recursive: true, force: true });
