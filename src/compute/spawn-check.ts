import { AoliteError } from '../core/errors.js';
import type { DataItem } from '../core/types.js';
import type { Store } from '../store/types.js';
import { BUILTIN_MODULE_FORMAT, checkModuleLibrary } from './builtin-module.js';
import { moduleLimits, processLimits } from './limits.js';

/**
 * The CU's say on a spawn, asked by the messenger before anything is stored: the module must be a
 * Module in this node's log (NOT_FOUND naming it otherwise) that this node can evaluate (its format, and
 * its library: `libraryHash`) and the process's Memory-Limit / Compute-Limit tags must parse (BAD_REQUEST
 * naming the tag).
 */
export function createSpawnCheck(
  store: Store,
  builtinModuleId: string,
  libraryHash: string,
): (item: DataItem, module: string) => void {
  return (item, moduleId) => {
    const module = store.getModule(moduleId);
    if (module === undefined) {
      throw new AoliteError(
        'NOT_FOUND',
        `the process names module ${moduleId}, which is not a Module in this node's log (this node's built-in module is ${builtinModuleId})`,
        { module: moduleId },
      );
    }
    if (module.moduleFormat !== BUILTIN_MODULE_FORMAT) {
      throw new AoliteError(
        'BAD_REQUEST',
        `the process names module ${moduleId} of Module-Format ${module.moduleFormat}; this node evaluates ${BUILTIN_MODULE_FORMAT} modules (its built-in module is ${builtinModuleId})`,
        { module: moduleId, moduleFormat: module.moduleFormat },
      );
    }
    const moduleItem = store.getItem(moduleId);
    if (moduleItem !== undefined) checkModuleLibrary(moduleItem, libraryHash, builtinModuleId);
    processLimits(moduleLimits(module), item.tags);
  };
}
