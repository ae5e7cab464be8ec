/**
 * The messenger end to end: token transfers on a node with a SQLite file. One token process and
 * `pairs` holder pairs; each transfer is a user message to the token (evaluation 1) whose handler debits
 * holder A, credits holder B and sends A a Debit-Notice and B a Credit-Notice (2 deliveries: a signed
 * pushed item and its assignment each), which A and B evaluate (evaluations 2 and 3). Timed: scheduling
 * the pre-signed transfers (1,000 per transaction) and everything until compute and messenger are idle;
 * the final notice counts are checked.
 *
 * Delivery alone: the same transfers evaluated first with the node's messenger stopped, then one messenger
 * delivers every notice (sign, log, assign, record) while nothing evaluates: the messenger's share of the
 * end-to-end figure.
 */
import { join } from 'node:path';
import { defaultConfig } from '../src/config.js';
import { signDataItem } from '../src/crypto/index.js';
import { createMessenger } from '../src/messenger/index.js';
import { type AoliteNode, createNode } from '../src/node.js';
import { createResultStore } from '../src/store/index.js';
import { aoTags, edSigner, numberedMessages } from './lib/fixtures.js';
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

interface TransferNode {
  node: AoliteNode;
  /** Advances the node's clock by 1 ms. */
  tick(): void;
  /** count pre-signed Transfer messages to the token, rotating over the holder pairs. */
  transfers(count: number): ReturnType<typeof signDataItem>[];
  token: string;
  holders: [string, string][];
}

/** A node with the token and `pairs` holder pairs set up (code loaded, holder A of each pair minted `count`). */
async function transferNode(
  folder: string,
  count: number,
  pairs: number,
  compute: { eager?: boolean } = {},
): Promise<TransferNode> {
  let clock = 1_700_000_000_000;
  const node: AoliteNode = await createNode(
    { ...defaultConfig, dataDir: folder, checkpointEveryMs: 0 },
    { clock: () => clock, sealTimer: false, compute },
  );
  const user = edSigner(7);
  const spawn = (name: string) => {
    const item = signDataItem(
      {
        tags: [
          ...aoTags('Process'),
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
  const message = numberedMessages(user);
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
  return {
    node,
    token,
    holders,
    tick: () => {
      clock += 1;
    },
    transfers: (total) =>
      Array.from({ length: total }, (_, i) => {
        const [a, b] = holders[i % pairs]!;
        return message(token, { Action: 'Transfer', Holder: a, Recipient: b, Quantity: '1' });
      }),
  };
}

function scheduleAll(setup: TransferNode, items: ReturnType<typeof signDataItem>[]): void {
  for (let i = 0; i < items.length; i += 1000) {
    for (const result of setup.node.scheduler.scheduleMany(items.slice(i, i + 1000))) {
      if (result instanceof Error) throw result;
    }
    setup.tick();
  }
}

async function transfersPerSecond(folder: string, count: number, pairs: number): Promise<number> {
  const setup = await transferNode(folder, count, pairs);
  const { node } = setup;
  try {
    await node.settle();
    const transfers = setup.transfers(count);
    const start = now();
    for (let i = 0; i < count; i += 1000) {
      scheduleAll(setup, transfers.slice(i, i + 1000));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await node.settle();
    const seconds = (now() - start) / 1000;
    const per = count / pairs;
    for (const [a, b] of setup.holders) {
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

async function deliveriesPerSecond(folder: string, count: number, pairs: number): Promise<number> {
  const setup = await transferNode(folder, count, pairs, { eager: false });
  const { node } = setup;
  const messenger = createMessenger({
    store: node.store,
    scheduler: node.scheduler,
    signer: node.signer,
    createItem: signDataItem,
    results: createResultStore(node.store),
  });
  try {
    await node.messenger.close(); // evaluation below must not deliver
    scheduleAll(setup, setup.transfers(count));
    await node.compute.catchUp(setup.token);
    const start = now();
    messenger.notify(setup.token);
    await messenger.idle();
    const seconds = (now() - start) / 1000;
    const delivered = node.store.orm.$client
      .prepare("SELECT count(*) FROM deliveries WHERE source_process = ? AND status = 'assigned'")
      .pluck()
      .get(setup.token) as number;
    if (delivered !== 2 * count) throw new Error(`expected ${2 * count} deliveries, got ${delivered}`);
    return delivered / seconds;
  } finally {
    await messenger.close();
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
    {
      id: 'messenger.deliveries',
      label: 'outbox deliveries alone (the 2 notices of each evaluated transfer: sign, log, assign, record)',
      unit: 'msg/s',
      better: 'higher',
      note: 'The transfers evaluated first with delivery stopped; then one messenger delivers every notice while nothing evaluates. 8,000 transfers/s end to end needs well over 16,000 of these per second.',
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
        const deliveries = await deliveriesPerSecond(
          join(folder.path, `deliveries-${run}`),
          ctx.sizes.transfers!,
          ctx.sizes.pairs!,
        );
        samples.add('messenger.deliveries', deliveries);
      }
    } finally {
      folder.remove();
    }
    return { samples: samples.result() };
  },
};
