import { AoliteError } from '../core/errors.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { Store } from '../store/types.js';
import { rootOf } from './deliver.js';
import type { Lineage, LineageParent } from './types.js';

/**
 * Root, parent and children of a message from stored data alone: the root is its `Pushed-For` tag when this
 * node pushed it (else the message itself), the parent is the message evaluated at the source slot of the delivery that
 * produced it, and the children are the deliveries recorded for every slot it was evaluated at.
 */
export function lineageOf(
  units: { store: Store; deliveries: DeliveryStore; nodeAddress: string },
  messageId: string,
): Lineage {
  const { store, deliveries } = units;
  const head = deliveries.itemHead(messageId);
  if (head === undefined) {
    throw new AoliteError('NOT_FOUND', `message ${messageId} is not in this node's log`, { messageId });
  }
  const produced = deliveries.producing(messageId).find((row) => row.kind !== 'assign');
  let parent: LineageParent | null = null;
  if (produced !== undefined) {
    const [source] = store.assignmentsBySlot(produced.sourceProcess, {
      fromSlot: produced.slot,
      toSlot: produced.slot,
      limit: 1,
    });
    parent = {
      processId: produced.sourceProcess,
      slot: produced.slot,
      messageId: source?.messageId ?? '',
      kind: produced.kind,
      outboxIndex: produced.outboxIndex,
    };
  }
  const children = store
    .assignmentsOfMessage(messageId)
    .flatMap((assignment) => deliveries.ofSlot(assignment.processId, assignment.slot));
  return { messageId, root: rootOf(head, messageId, units.nodeAddress), parent, children };
}
