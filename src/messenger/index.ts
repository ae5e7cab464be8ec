export { classifyPostedItem, type PostedItem } from './classify.js';
export { createIngest, type IngestDeps, type IngestResult } from './ingest.js';
export { createMessenger } from './messenger.js';
export {
  defaultMessengerLimits,
  type HeldChain,
  type Lineage,
  type LineageParent,
  type Messenger,
  type MessengerDeps,
  type MessengerLimits,
} from './types.js';
