import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataItem, Signer, Tag } from '../src/core/types.js';
import { createArweaveSigner, signDataItem } from '../src/crypto/index.js';
import { loadTestJwk } from './support/data-items.js';
import { testSigner } from './support/log-items.js';
import { avroTags, rawItem } from './support/raw-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const user = testSigner('alice');
function spawnItem(signer: Signer, scheduler: string, module: string, extra: Tag[] = []): DataItem {
  return signDataItem(
    {
      tags: [
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Type', value: 'Process' },
        { name: 'Module', value: module },
        { name: 'Scheduler', value: scheduler },
        ...extra,
      ],
      data: '1984',
    },
    signer,
  );
}

function messageItem(signer: Signer, target: string, tags?: Tag[]): DataItem {
  return signDataItem(
    {
      target,
      tags: tags ?? [
        { name: 'Action', value: 'Ping' },
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Type', value: 'Message' },
      ],
      data: 'ping',
    },
    signer,
  );
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

let node: TestNode;
let processId: string;
let spawnRaw: Uint8Array;

beforeEach(async () => {
  node = await createTestNode({ maxBodyBytes: 64 * 1024 });
  const spawn = spawnItem(user, node.address, node.moduleId);
  processId = spawn.id;
  spawnRaw = spawn.raw;
  const response = await node.post(spawn.raw);
  expect(response.status).toBe(202);
});

afterEach(async () => {
  await node.close();
});

/** Posts `body`, expects `status` and an error `code`, and checks that nothing was stored. */
async function refused(
  body: Uint8Array | string,
  status: number,
  code: string,
  headers?: Record<string, string>,
) {
  const before = node.counts();
  const response = await node.post(body, headers);
  const reply = await json(response);
  expect(response.status).toBe(status);
  expect(reply.code).toBe(code);
  expect(typeof reply.error).toBe('string');
  expect(node.counts()).toEqual(before);
  return String(reply.error);
}

describe('POST / (messenger ingest)', () => {
  it('registers a process at slot 0 and stores its exact signed bytes', async () => {
    const assignment = node.store.latestAssignment(processId);
    expect(assignment?.slot).toBe(0);
    expect(assignment?.messageId).toBe(processId);
    expect(node.store.getProcess(processId)?.module).toBe(node.moduleId);
    expect(Buffer.from(node.store.getItem(processId)!.raw).equals(Buffer.from(spawnRaw))).toBe(true);
  });

  it('assigns a message the next slot and answers 202 {message, id}', async () => {
    const message = messageItem(user, processId);
    const response = await node.post(message.raw);
    expect(response.status).toBe(202);
    expect(await json(response)).toEqual({ message: 'Processing DataItem', id: message.id, slot: 1 });
    expect(node.store.latestAssignment(processId)?.messageId).toBe(message.id);
    expect(Buffer.from(node.store.getItem(message.id)!.raw).equals(Buffer.from(message.raw))).toBe(true);
  });

  it('gives 300 concurrent posts to one process the slots 1..300 with no gap or duplicate', async () => {
    const messages = Array.from({ length: 300 }, (_, i) =>
      signDataItem(
        {
          target: processId,
          tags: [
            { name: 'Data-Protocol', value: 'ao' },
            { name: 'Type', value: 'Message' },
            { name: 'N', value: String(i) },
          ],
          data: '',
        },
        user,
      ),
    );
    const replies = await Promise.all(messages.map((m) => node.post(m.raw).then(json)));
    const slots = replies.map((r) => Number(r.slot)).sort((a, b) => a - b);
    expect(slots).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const stored = node.store.assignmentsBySlot(processId, { limit: 1000 });
    expect(stored.map((a) => a.slot)).toEqual(Array.from({ length: 301 }, (_, i) => i));
    expect(new Set(stored.map((a) => a.messageId)).size).toBe(301);
  });

  it('accepts an RSA item signed with an Arweave wallet', async () => {
    const message = messageItem(createArweaveSigner(loadTestJwk()), processId);
    const response = await node.post(message.raw);
    expect(response.status).toBe(202);
    expect((await json(response)).id).toBe(message.id);
  });

  it('refuses an empty body', async () => {
    expect(await refused(new Uint8Array(), 400, 'INVALID_DATA_ITEM')).toContain('empty');
  });

  it('refuses bytes that are not a data item', async () => {
    expect(await refused('{"hello":"world"}', 400, 'UNSUPPORTED_SIGNATURE_TYPE')).toContain('signature type');
  });

  it('refuses a truncated item, saying where it is cut', async () => {
    const raw = messageItem(user, processId).raw;
    expect(await refused(raw.subarray(0, 80), 400, 'INVALID_DATA_ITEM')).toContain('truncated');
  });

  it('refuses an item whose signature does not match', async () => {
    const raw = Uint8Array.from(messageItem(user, processId).raw);
    raw[raw.length - 1] = raw.at(-1)! ^ 1;
    expect(await refused(raw, 400, 'INVALID_SIGNATURE')).toContain('invalid signature');
  });

  it('refuses an unknown signature type', async () => {
    const raw = Uint8Array.from(messageItem(user, processId).raw);
    raw[0] = 3;
    expect(await refused(raw, 400, 'UNSUPPORTED_SIGNATURE_TYPE')).toContain('signature type 3');
  });

  it('refuses an item over the ANS-104 limits', async () => {
    const many = Array.from({ length: 129 }, (_, i) => ({ name: `N${i}`, value: 'v' }));
    const raw = rawItem({ tagCount: 129, tagBytes: avroTags(many) });
    expect(await refused(raw, 400, 'LIMIT_EXCEEDED')).toContain('too many tags');
  });

  it('refuses a message to a process that does not exist here', async () => {
    const stranger = messageItem(user, messageItem(user, processId).id);
    expect(await refused(stranger.raw, 404, 'NOT_FOUND')).toContain('not a process here');
  });

  it('refuses an item it already has', async () => {
    const message = messageItem(user, processId);
    expect((await node.post(message.raw)).status).toBe(202);
    expect(await refused(message.raw, 409, 'DUPLICATE')).toContain('already assigned');
  });

  it('refuses a process that names another scheduler', async () => {
    const other = spawnItem(user, testSigner('another-su').address, node.moduleId);
    expect(await refused(other.raw, 400, 'WRONG_SCHEDULER')).toContain(node.address);
  });

  it('refuses an item without the ao protocol tags', async () => {
    const bare = messageItem(user, processId, [{ name: 'Action', value: 'Ping' }]);
    expect(await refused(bare.raw, 400, 'MISSING_TAG')).toContain('Data-Protocol=ao');
  });

  it('refuses a process without a Module tag', async () => {
    const item = signDataItem(
      {
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Type', value: 'Process' },
          { name: 'Scheduler', value: node.address },
        ],
        data: '',
      },
      user,
    );
    expect(await refused(item.raw, 400, 'MISSING_TAG')).toContain('Module tag');
  });

  it('refuses a process naming a module that is not in the log, naming the module', async () => {
    const unknown = 'MODULE-not-here-000000000000000000000000001'.slice(0, 43);
    const error = await refused(spawnItem(user, node.address, unknown).raw, 404, 'NOT_FOUND');
    expect(error).toContain(`module ${unknown}`);
    expect(error).toContain(node.moduleId);
  });

  it('refuses a process whose Compute-Limit tag is not a number, naming the tag', async () => {
    const item = spawnItem(user, node.address, node.moduleId, [{ name: 'Compute-Limit', value: 'lots' }]);
    expect(await refused(item.raw, 400, 'BAD_REQUEST')).toContain('Compute-Limit "lots"');
  });

  it('refuses a body over the configured size limit with 413', async () => {
    const big = signDataItem(
      {
        target: processId,
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Type', value: 'Message' },
        ],
        data: new Uint8Array(64 * 1024 + 1),
      },
      user,
    );
    expect(await refused(big.raw, 413, 'PAYLOAD_TOO_LARGE')).toContain(String(64 * 1024));
  });

  it('refuses a JSON content type with 415', async () => {
    const message = messageItem(user, processId);
    const error = await refused(message.raw, 415, 'UNSUPPORTED_MEDIA_TYPE', {
      'content-type': 'application/json',
    });
    expect(error).toContain('application/octet-stream');
  });
});
