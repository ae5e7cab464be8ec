/**
 * Lineage for the GraphQL `Message.lineage` fields, from the messenger's delivery records: the root is a
 * node-signed message's `Pushed-For` (else itself), its parent the message evaluated at the slot whose outbox produced
 * it, its children what the outboxes of its evaluations produced (pushed messages, spawned processes and
 * Spawned notices; refused entries and assignments of existing messages are left out), followed depth
 * first.
 */
import type { Lineage } from '../../messenger/types.js';
import { type GatewayItem, type GatewayReads, tagsOf, tagValue } from '../../store/read/index.js';

export interface LineageEdge {
  /** 1 = a direct child. */
  depth: number;
  parentId: string;
  fromProcess: string;
  message: GatewayItem;
}

export interface LineageReads {
  /** `Pushed-For` of a message the node signed (a delivery), or the item's own id. */
  rootOf(item: GatewayItem): string;
  /** The message whose evaluation emitted this one, or undefined (a user message). */
  parentOf(item: GatewayItem): GatewayItem | undefined;
  /** What this message caused, depth first, at most `maxNodes`. */
  childrenOf(item: GatewayItem, depth: number, maxNodes: number): LineageEdge[];
}

const producedKinds = new Set(['message', 'spawn', 'spawned']);

export function createDeliveryLineage(
  lineageOf: (messageId: string) => Lineage,
  items: GatewayReads,
  nodeAddress: string,
): LineageReads {
  const itemOf = (id: string): GatewayItem | undefined => items.itemsByIds([id])[0];
  return {
    // Anyone may write a Pushed-For tag: only the node's own deliveries say which chain they belong to.
    rootOf: (item) =>
      (item.ownerAddress === nodeAddress ? tagValue(tagsOf(item), 'Pushed-For') : undefined) ?? item.id,
    parentOf(item) {
      const parent = lineageOf(item.id).parent;
      return parent === null || parent.messageId === '' ? undefined : itemOf(parent.messageId);
    },
    childrenOf(item, depth, maxNodes) {
      const edges: LineageEdge[] = [];
      const seen = new Set<string>([item.id]);
      const visit = (parentId: string, level: number): void => {
        for (const child of lineageOf(parentId).children) {
          if (edges.length >= maxNodes) return;
          if (!producedKinds.has(child.kind) || child.messageId === null || seen.has(child.messageId))
            continue;
          const message = itemOf(child.messageId);
          if (message === undefined) continue;
          seen.add(child.messageId);
          edges.push({ depth: level, parentId, fromProcess: child.sourceProcess, message });
          if (level < depth) visit(child.messageId, level + 1);
        }
      };
      visit(item.id, 1);
      return edges;
    },
  };
}
