/** Lua processes that talk to each other, for messenger tests: a token, its holders, ping-pong. */
import type { Signer, Tag } from '../../src/core/types.js';
import { sendMessage, spawnProcess } from './aos-items.js';
import type { TestNode } from './test-node.js';

/** A minimal token: `Mint` (owner only) and `Transfer` with Debit/Credit notices. */
export const TOKEN_CODE = `
Balances = Balances or {}
Handlers.add('Mint', 'Mint', function (msg)
  assert(msg.From == Owner, 'only the owner mints')
  local to = msg.Recipient
  Balances[to] = (Balances[to] or 0) + tonumber(msg.Quantity)
end)
Handlers.add('Transfer', 'Transfer', function (msg)
  local qty = tonumber(msg.Quantity)
  local from, to = msg.From, msg.Recipient
  if (Balances[from] or 0) < qty then
    msg.reply({ Action = 'Transfer-Error', Error = 'Insufficient Balance!' })
    return
  end
  Balances[from] = Balances[from] - qty
  Balances[to] = (Balances[to] or 0) + qty
  ao.send({ Target = from, Action = 'Debit-Notice', Recipient = to, Quantity = tostring(qty) })
  ao.send({ Target = to, Action = 'Credit-Notice', Sender = from, Quantity = tostring(qty) })
end)`;

/** A holder process: `Pay` (from its owner) transfers tokens; notices are counted. */
export const HOLDER_CODE = `
Debits, Credits, Received = Debits or 0, Credits or 0, Received or 0
Handlers.add('Pay', 'Pay', function (msg)
  assert(msg.From == Owner, 'only the owner pays')
  ao.send({ Target = msg.Token, Action = 'Transfer', Recipient = msg.Recipient, Quantity = msg.Quantity })
end)
Handlers.add('Debit-Notice', 'Debit-Notice', function (msg) Debits = Debits + 1 end)
Handlers.add('Credit-Notice', 'Credit-Notice', function (msg)
  Credits = Credits + 1
  Received = Received + tonumber(msg.Quantity)
end)`;

/** Ping-pong: `Ping`/`Pong` bounce with a decreasing `Rounds` tag until it reaches 0. */
export const PING_PONG_CODE = `
Hits = Hits or 0
local function bounce(msg, reply)
  Hits = Hits + 1
  local left = tonumber(msg.Rounds)
  if left > 0 then ao.send({ Target = msg.From, Action = reply, Rounds = tostring(left - 1) }) end
end
Handlers.add('Ping', 'Ping', function (msg) bounce(msg, 'Pong') end)
Handlers.add('Pong', 'Pong', function (msg) bounce(msg, 'Ping') end)
Handlers.add('Start', 'Start', function (msg)
  ao.send({ Target = msg.Peer, Action = 'Ping', Rounds = msg.Rounds })
end)`;

/** Spawns a process that trusts the node's messenger (Authority) and loads `code`; returns its id. */
export async function spawnWithCode(
  node: TestNode,
  owner: Signer,
  code: string,
  name: string,
  extra: Tag[] = [],
): Promise<string> {
  const pid = await spawnProcess(node, owner, [{ name: 'Authority', value: node.address }, ...extra], name);
  await sendMessage(node, owner, pid, 'Eval', code);
  return pid;
}

export const tags = (map: Record<string, string>): Tag[] =>
  Object.entries(map).map(([name, value]) => ({ name, value }));
