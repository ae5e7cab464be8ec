import { AoliteError } from '../core/errors.js';
import { tagValue } from '../core/tags.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { Store } from '../store/types.js';
import type { Lineage, LineageParent } from './types.js';

/**
 * Root, parent and children of a message from stored data alone: the root is its `Pushed-For` tag (else
 * the message itself), the parent is the message evaluated at the source slot of the delivery that
 * produced it, and the children are the deliveries recorded for every slot it was evaluated at.
 */
export function lineageOf(units: { store: Store; deliveries: DeliveryStore }, messageId: string): Lineage {
  const { store, deliveries } = units;
  const tags = deliveries.itemTags(messageId);
  if (tags === undefined) {
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
  return { messageId, root: tagValue(tags, 'Pushed-For') || messageId, parent, children };
}
