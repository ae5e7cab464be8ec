/**
 * Hand-run benchmark of the compute unit (not a test): `npx tsx bench/compute.ts [N] [batch] [reply]`.
 * Logs a counter process and N `Inc` messages (scheduled with scheduleMany, not timed), then times
 * log → evaluation → stored result: `compute.catchUp` from a fresh engine (boot + N evaluations + result
 * inserts in batches of `batch`). reply=1 makes the handler also `msg.reply` (one outbox message each).
 * Env: MEM=1 for ':memory:'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCompute, registerBuiltinModule } from '../src/compute/index.js';
import type { Tag } from '../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../src/crypto/index.js';
import { createScheduler } from '../src/scheduler/index.js';
import { openStore } from '../src/store/open.js';

const N = Number(process.argv[2] ?? 50_000);
const batchSize = Number(process.argv[3] ?? 256);
const reply = process.argv[4] === '1';
const dir = mkdtempSync(join(tmpdir(), 'aolite-bench-compute-'));
const store = openStore({ path: process.env.MEM ? ':memory:' : join(dir, 'log.sqlite') });
const node = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => i));
const user = createEd25519Signer(Uint8Array.from({ length: 32 }, (_, i) => 100 + i));
let now = 1_700_000_000_000;
const clock = () => now++;
const { module } = registerBuiltinModule({ store, signer: node, createItem: signDataItem, clock });
const scheduler = createScheduler({
  store,
  signer: node,
  createItem: signDataItem,
  clock,
  blockIntervalMs: 1000,
});
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];
const spawn = signDataItem(
  {
    tags: [
      ...ao('Process'),
      { name: 'Module', value: module.id },
      { name: 'Scheduler', value: node.address },
      { name: 'Name', value: 'bench' },
    ],
    data: '',
  },
  user,
);
const pid = spawn.id;
const code = `Count = 0
Handlers.add('Inc', Handlers.utils.hasMatchingTag('Action', 'Inc'), function (msg)
  Count = Count + 1
  print('Count is now ' .. Count)
  ${reply ? "msg.reply({ Data = tostring(Count), Tags = { Action = 'Counted' } })" : ''}
end)`;
const message = (tags: Tag[], data: string) =>
  signDataItem({ target: pid, tags: [...tags, ...ao('Message')], data }, user);
const items = [spawn, message([{ name: 'Action', value: 'Eval' }], code)];
for (let i = 0; i < N; i++)
  items.push(
    message(
      [
        { name: 'Action', value: 'Inc' },
        { name: 'N', value: String(i) },
      ],
      ' ',
    ),
  );
for (let i = 0; i < items.length; i += 5000) {
  for (const r of scheduler.scheduleMany(items.slice(i, i + 5000))) if (r instanceof Error) throw r;
}

const compute = createCompute({ store, batchSize });
const t = performance.now();
const cpu = process.cpuUsage();
const last = await compute.catchUp(pid);
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const evaluated = last + 1;
const count = await compute.state(pid, 'Count');
console.log(
  `${evaluated} slots (counter${reply ? ' + reply' : ''}, batch ${batchSize}) in ${ms.toFixed(0)} ms: ${Math.round(
    (evaluated / ms) * 1000,
  )} msg/s wall, ${Math.round((evaluated / cpuMs) * 1000)} msg/s of CPU time; Count = ${JSON.stringify(count.value)}`,
);
await compute.close();
store.close();
rmSync(dir, { recursive: true, force: true });
