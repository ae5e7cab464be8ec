import type { GatewayItem } from '../../store/read/index.js';
import { tagsOf, tagValue } from '../../store/read/index.js';
import type { TokenTransferParent } from './mappers.js';

/**
 * A Debit-Notice (sent to the debited account: `Recipient` names who was credited) or a Credit-Notice (sent
 * to the credited account: `Sender` names who was debited) as a transfer. Missing tags read as "".
 */
export function tokenTransferOf(notice: GatewayItem): TokenTransferParent {
  const tags = tagsOf(notice);
  const target = notice.target ?? '';
  const quantity = tagValue(tags, 'Quantity') ?? '';
  if (tagValue(tags, 'Action') === 'Credit-Notice') {
    return { kind: 'CREDIT', from: tagValue(tags, 'Sender') ?? '', to: target, quantity, notice };
  }
  return { kind: 'DEBIT', from: target, to: tagValue(tags, 'Recipient') ?? '', quantity, notice };
}
