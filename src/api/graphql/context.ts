import type DataLoader from 'dataloader';
import type { VerifyReport } from '../../compute/verify.js';
import type {
  AoReads,
  AuditReport,
  GatewayItem,
  GatewayReads,
  ProcessStats,
  SchedulerReads,
} from '../../store/read/index.js';
import type { ResultRecord } from '../../store/results.js';
import type { BlockRecord, ProcessRecord, StoredAssignment } from '../../store/types.js';
import type { LineageReads } from './delivery-lineage.js';
import type { GraphQLLimits } from './limits.js';
import type { LiveEvents } from './live-events.js';

/** Per-request loaders: one batched query per kind of lookup, however many nodes ask. */
export interface Loaders {
  itemById: DataLoader<string, GatewayItem | null>;
  blockByHeight: DataLoader<number, BlockRecord | null>;
  processById: DataLoader<string, ProcessRecord | null>;
  processStats: DataLoader<string, ProcessStats | null>;
  /** Key: `${processId} ${slot}`. */
  resultAt: DataLoader<string, ResultRecord | null>;
  assignmentsOfMessage: DataLoader<string, StoredAssignment[]>;
}

/** The node's units the ao queries read through (absent on a gateway-only server). */
export interface AoServices {
  /**
   * The node's address: the key that signs every item a process here sends or spawns. A `From-Process`
   * (or `Pushed-For`) tag is anyone's to write, so it says which process sent an item only on items this
   * key signed.
   */
  nodeAddress: string;
  ao: AoReads;
  lineage: LineageReads;
  schedulerReads: SchedulerReads;
  /** A state path at the head or after `slot` (the compute unit; replay-backed). */
  state(processId: string, path: string, slot?: number): Promise<{ slot: number; value: unknown }>;
  /** The slot of the newest checkpoint at or below `slot` (where a replay to `slot` starts), if any. */
  checkpointAtOrBelow(processId: string, slot: number): number | undefined;
  verify(
    processId: string,
    toSlot: number | undefined,
    from: 'genesis' | 'checkpoint',
  ): Promise<VerifyReport>;
  audit(processId: string): Promise<AuditReport>;
  events: LiveEvents;
}

/** What every resolver receives: the read side, this request's loaders, and its replay budget. */
export interface GraphQLContext {
  reads: GatewayReads;
  loaders: Loaders;
  services: AoServices | undefined;
  limits: GraphQLLimits;
  /** Replay-backed fields resolved so far in this request. */
  replay: { fields: number };
}
