import { AoliteError } from '../core/errors.js';
import type { AoEnv, RuntimeLimits } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { BUILTIN_MODULE_FORMAT, checkModuleLibrary } from './builtin-module.js';
import { moduleLimits, processLimits } from './limits.js';
import { envFor } from './message.js';

/** What evaluating a process needs besides its messages: fixed for the process's whole life. */
export interface ProcessContext {
  processId: string;
  moduleId: string;
  /** The same object for every message (the runtime caches its JSON by identity). */
  env: AoEnv;
  limits: RuntimeLimits;
  /** Owner address of the Process item: `From` and `Owner` of its cron messages. */
  owner: string;
  /** The process's scheduler: the signer of its cron tick items. */
  scheduler: string;
}

/**
 * Loads a process's env and limits from the log. NOT_FOUND when the process or its module is not
 * here; BAD_REQUEST when the module has a format this node cannot run, was registered with another
 * library than `libraryHash` (libraryFingerprint of the library evaluating it), or a limit tag does not
 * parse.
 */
export function loadProcessContext(store: Store, processId: string, libraryHash: string): ProcessContext {
  const record = store.getProcess(processId);
  if (record === undefined) {
    throw new AoliteError('NOT_FOUND', `process ${processId} is not a process here`, { processId });
  }
  const module = store.getModule(record.module);
  const moduleItem = module === undefined ? undefined : store.getItem(module.id);
  if (module === undefined || moduleItem === undefined) {
    throw new AoliteError(
      'NOT_FOUND',
      `module ${record.module} of process ${processId} is not a Module in this node's log`,
      { processId, module: record.module },
    );
  }
  if (module.moduleFormat !== BUILTIN_MODULE_FORMAT) {
    throw new AoliteError(
      'BAD_REQUEST',
      `module ${module.id} has Module-Format ${module.moduleFormat}; this node evaluates ${BUILTIN_MODULE_FORMAT}`,
      { processId, module: module.id },
    );
  }
  checkModuleLibrary(moduleItem, libraryHash);
  const processItem = store.getItem(processId);
  if (processItem === undefined) {
    throw new AoliteError('INTERNAL', `process ${processId} is registered but its item is not logged`);
  }
  return {
    processId,
    moduleId: module.id,
    env: envFor(processItem, moduleItem),
    limits: processLimits(moduleLimits(module), processItem.tags),
    owner: record.owner,
    scheduler: record.scheduler,
  };
}
