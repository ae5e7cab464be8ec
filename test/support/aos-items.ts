/** Signed spawn and message items for a node's built-in aos module, posted through the MU route. */
import type { Signer, Tag } from '../../src/core/types.js';
import { signDataItem } from '../../src/crypto/index.js';
import type { TestNode } from './test-node.js';

const aoTags = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

async function postItem(node: TestNode, raw: Uint8Array): Promise<void> {
  const response = await node.post(raw);
  if (response.status !== 202) throw new Error(`post failed: ${response.status} ${await response.text()}`);
}

/** Spawns a process of the node's built-in module signed by `owner`; returns its id. */
export async function spawnProcess(
  node: TestNode,
  owner: Signer,
  extra: Tag[] = [],
  name = 'test-process',
): Promise<string> {
  const item = signDataItem(
    {
      tags: [
        ...aoTags('Process'),
        { name: 'Module', value: node.moduleId },
        { name: 'Scheduler', value: node.address },
        { name: 'Name', value: name },
        ...extra,
      ],
      data: '1984',
    },
    owner,
  );
  await postItem(node, item.raw);
  return item.id;
}

let nonce = 0;

/** Sends a message with an Action (and optional data/tags) to a process; returns the message id. */
export async function sendMessage(
  node: TestNode,
  signer: Signer,
  processId: string,
  action: string,
  data = ' ',
  extra: Tag[] = [],
): Promise<string> {
  nonce += 1;
  const item = signDataItem(
    {
      target: processId,
      tags: [
        { name: 'Action', value: action },
        ...extra,
        ...aoTags('Message'),
        { name: 'N', value: String(nonce) },
      ],
      data,
    },
    signer,
  );
  await postItem(node, item.raw);
  return item.id;
}

/** The aos counter of the conformance suite plus a reply: `Inc` adds one, prints it and replies `Counted`. */
export const COUNTER_CODE = `
Count = Count or 0
Handlers.add('Inc', Handlers.utils.hasMatchingTag('Action', 'Inc'), function (msg)
  Count = Count + 1
  print('Count is now ' .. Count)
  msg.reply({ Data = tostring(Count), Tags = { Action = 'Counted' } })
end)
Handlers.add('Boom', 'Boom', function (msg)
  Count = Count + 100
  error('boom!')
end)`;

/** The `data` text of an aos Output (`{data, prompt, print}` or a plain string). */
export function outputData(output: unknown): string {
  if (typeof output === 'string') return output;
  const data = (output as { data?: unknown } | null)?.data;
  return typeof data === 'string' ? data : JSON.stringify(data);
}
