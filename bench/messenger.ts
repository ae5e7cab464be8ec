/**
 * The messenger end to end: token transfers on a node with a SQLite file. One token process and
 * `pairs` holder pairs; each transfer is a user message to the token (evaluation 1) whose handler debits
 * holder A, credits holder B and sends A a Debit-Notice and B a Credit-Notice (2 deliveries: a signed
 * pushed item and its assignment each), which A and B evaluate (evaluations 2 and 3). Timed: scheduling
 * the pre-signed transfers (1,000 per transaction) and everything until compute and messenger are idle;
 * the final notice counts are checked.
 */
import { join } from 'node:path';
import { defaultConfig } from '../src/config.js';
import type { Tag } from '../src/core/types.js';
import { signDataItem } from '../src/crypto/index.js';
import { type AoliteNode, createNode } from '../src/node.js';
import { edSigner } from './lib/fixtures.js';
import { createSamples, now } from './lib/stats.js';
import { tempFolder } from './lib/temp.js';
import type { Benchmark } from './lib/types.js';

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

const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

async function transfersPerSecond(folder: string, count: number, pairs: number): Promise<number> {
  let clock = 1_700_000_000_000;
  const node: AoliteNode = await createNode(
    { ...defaultConfig, dataDir: folder, checkpointEveryMs: 0 },
    { clock: () => clock, sealTimer: false },
  );
  try {
    const user = edSigner(7);
    let n = 0;
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
    const token = spawn('token');
    node.ingest(message(token, { Action: 'Eval' }, TOKEN).raw);
    const holders: [string, string][] = [];
    for (let i = 0; i < pairs; i++) {
      const a = spawn(`a${i}`);
      const b = spawn(`b${i}`);
      node.ingest(message(a, { Action: 'Eval' }, HOLDER).raw);
      node.ingest(message(b, { Action: 'Eval' }, HOLDER).raw);
      node.ingest(message(token, { Action: 'Mint', Recipient: a, Quantity: String(count) }).raw);
      holders.push([a, b]);
    }
    await node.settle();
    const transfers = Array.from({ length: count }, (_, i) => {
      const [a, b] = holders[i % pairs]!;
      return message(token, { Action: 'Transfer', Holder: a, Recipient: b, Quantity: '1' });
    });
    const start = now();
    for (let i = 0; i < count; i += 1000) {
      for (const result of node.scheduler.scheduleMany(transfers.slice(i, i + 1000))) {
        if (result instanceof Error) throw result;
      }
      clock += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await node.settle();
    const seconds = (now() - start) / 1000;
    const per = count / pairs;
    for (const [a, b] of holders) {
      const debits = (await node.compute.state(a, 'Debits')).value;
      const credits = (await node.compute.state(b, 'Credits')).value;
      if (debits !== per || credits !== per)
        throw new Error(`expected ${per} notices, got ${debits}/${credits}`);
    }
    return count / seconds;
  } finally {
    await node.close();
  }
}

export const messengerBenchmark: Benchmark = {
  name: 'messenger',
  summary: 'messenger: token transfers end to end (3 evaluations and 2 deliveries each)',
  sizes: {
    transfers: { full: 4_000, quick: 400, help: 'transfers per run' },
    pairs: { full: 4, quick: 2, help: 'holder pairs the transfers rotate over' },
  },
  figures: [
    {
      id: 'messenger.token-transfers',
      label: 'token transfers end to end (scheduled → 3 evaluations → 2 outbox deliveries)',
      unit: 'transfers/s',
      better: 'higher',
      goal: { op: '>=', value: 8_000 },
      note: 'A node on a SQLite file; pre-signed transfers scheduled 1,000 per transaction; timed until compute and messenger are idle; notice counts checked.',
    },
  ],
  async run(ctx) {
    const samples = createSamples();
    const folder = tempFolder('messenger');
    try {
      for (let run = 0; run < ctx.runs; run++) {
        ctx.log(`run ${run + 1}/${ctx.runs}`);
        const rate = await transfersPerSecond(
          join(folder.path, `run-${run}`),
          ctx.sizes.transfers!,
          ctx.sizes.pairs!,
        );
        samples.add('messenger.token-transfers', rate);
      }
    } finally {
      folder.remove();
    }
    return { samples: samples.result() };
  },
};
