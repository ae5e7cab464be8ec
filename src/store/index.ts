export {
  createDeliveryStore,
  type DeliveryKind,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliveryStore,
} from './deliveries.js';
export { type OpenStoreOptions, openStore } from './open.js';
export { moduleRecordFromItem, processRecordFromItem } from './records.js';
export { createResultStore, type ResultPageQuery, type ResultRecord, type ResultStore } from './results.js';
export { createSlotMessageReader, type SlotMessage } from './slot-messages.js';
export type {
  AssignmentRecord,
  BlockRecord,
  ModuleRecord,
  ProcessRecord,
  SlotRange,
  Store,
  StoredAssignment,
  StoredItem,
} from './types.js';
