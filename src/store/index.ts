export { type OpenStoreOptions, openStore } from './open.js';
export { moduleRecordFromItem, processRecordFromItem } from './records.js';
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
