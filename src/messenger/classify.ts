import { AoliteError } from '../core/errors.js';
import { tagValue } from '../core/tags.js';
import type { DataItem } from '../core/types.js';

/** What the messenger will do with a posted item, decided from its protocol tags alone. */
export type PostedItem =
  | { kind: 'process'; module: string; scheduler: string }
  | { kind: 'message'; target: string };

/**
 * Checks the ao protocol tags of a posted item (AO-PROTOCOL.md, Data items) and says what it is.
 * Throws an AoliteError naming the missing or wrong tag; the item is then not stored.
 */
export function classifyPostedItem(item: DataItem, schedulerAddress: string): PostedItem {
  const protocol = tagValue(item.tags, 'Data-Protocol');
  if (protocol !== 'ao') {
    throw new AoliteError(
      'MISSING_TAG',
      protocol === undefined
        ? 'the item has no Data-Protocol tag; ao items carry Data-Protocol=ao'
        : `Data-Protocol is "${protocol}"; ao items carry Data-Protocol=ao`,
    );
  }
  const type = tagValue(item.tags, 'Type');
  if (type === 'Process') {
    const module = tagValue(item.tags, 'Module');
    if (!module)
      throw new AoliteError('MISSING_TAG', 'a Type=Process item needs a Module tag (the module id)');
    const scheduler = tagValue(item.tags, 'Scheduler');
    if (!scheduler) {
      throw new AoliteError(
        'MISSING_TAG',
        `a Type=Process item needs a Scheduler tag; this node's is ${schedulerAddress}`,
      );
    }
    if (scheduler !== schedulerAddress) {
      throw new AoliteError(
        'WRONG_SCHEDULER',
        `the process names scheduler ${scheduler}, but this node schedules as ${schedulerAddress}`,
      );
    }
    return { kind: 'process', module, scheduler };
  }
  if (type === 'Message') {
    if (!item.target) {
      throw new AoliteError(
        'MISSING_TAG',
        'a Type=Message item needs a target: the id of the process it is for',
      );
    }
    return { kind: 'message', target: item.target };
  }
  throw new AoliteError(
    'BAD_REQUEST',
    type === undefined
      ? 'the item has no Type tag; post Type=Message or Type=Process'
      : `Type=${type} items are not accepted here; post Type=Message or Type=Process`,
  );
}
