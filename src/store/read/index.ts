export {
  type AoReads,
  createAoReads,
  type ProcessQuery,
  type ProcessStats,
  type ResultKey,
  type ResultQuery,
} from './ao-reads.js';
export { type AuditReport, auditProcess, MAX_LISTED_GAPS } from './audit.js';
export { auditDeliveries, type DeliveryAudit } from './delivery-audit.js';
export { createGatewayReads, type GatewayReads } from './item-reads.js';
export type { Driver } from './item-sql.js';
export { tagsOf, tagValue } from './item-tags.js';
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
