export { createGatewayReads, type GatewayReads } from './item-reads.js';
export type { Driver } from './item-sql.js';
export { type AssignmentQuery, createSchedulerReads, type SchedulerReads } from './su-reads.js';
export type {
  BlockRange,
  DriverKind,
  GatewayItem,
  ItemFilter,
  ItemPage,
  TagCondition,
  TagMatch,
} from './types.js';
