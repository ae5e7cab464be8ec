/** A minimal token for tests (written for aolite, not copied): Balances, Transfer with notices, Balance. */
export const TOKEN_CODE = `
Balances = Balances or { [Owner] = '1000' }
Handlers.add('Transfer', 'Transfer', function (msg)
  local quantity = tonumber(msg.Quantity)
  local have = tonumber(Balances[msg.From] or '0')
  if quantity == nil or quantity <= 0 or quantity > have then
    error('insufficient balance')
  end
  Balances[msg.From] = tostring(math.floor(have - quantity))
  Balances[msg.Recipient] = tostring(math.floor(tonumber(Balances[msg.Recipient] or '0') + quantity))
  ao.send({ Target = msg.From, Action = 'Debit-Notice', Recipient = msg.Recipient, Quantity = msg.Quantity })
  ao.send({ Target = msg.Recipient, Action = 'Credit-Notice', Sender = msg.From, Quantity = msg.Quantity })
end)
Handlers.add('Balance', 'Balance', function (msg)
  local who = msg.Tags.Target or msg.From
  msg.reply({ Data = Balances[who] or '0', Tags = { Balance = Balances[who] or '0', Account = who } })
end)`;
