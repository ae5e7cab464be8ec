export { createGroupCommit, type GroupCommit, type GroupCommitDeps } from './group-commit.js';
export { createScheduler, ensureGenesisBlock } from './scheduler.js';
export type { AssignInput, CreateItem, ScheduledAssignment, Scheduler, SchedulerDeps } from './types.js';
