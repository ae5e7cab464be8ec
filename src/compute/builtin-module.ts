import { AoliteError } from '../core/errors.js';
import { tagValue } from '../core/tags.js';
import type { DataItem, DataItemDraft, Signer, Tag } from '../core/types.js';
import { moduleRecordFromItem } from '../store/records.js';
import type { ModuleRecord, Store } from '../store/types.js';

/** The Module-Format of modules this node evaluates: its aos-compatible Lua library on Lua 5.4. */
export const BUILTIN_MODULE_FORMAT = 'aolite-lua-5.4';

/**
 * The tag of a built-in module naming its evaluator: libraryFingerprint (runtime/fingerprint.ts) of the
 * library it was registered with. A change of library gives the node a new module (a new id); processes
 * of the old one are not evaluated by it (checkModuleLibrary).
 */
export const LIBRARY_TAG = 'Aolite-Library';

/**
 * Tags of the built-in module item, before its LIBRARY_TAG. Changing them (or its data) changes the module
 * id.
 */
export const BUILTIN_MODULE_TAGS: readonly Tag[] = [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: 'Module' },
  { name: 'Module-Format', value: BUILTIN_MODULE_FORMAT },
  { name: 'Input-Encoding', value: 'JSON-V1' },
  { name: 'Output-Encoding', value: 'JSON-V1' },
  { name: 'Memory-Limit', value: '1-gb' },
  { name: 'Compute-Limit', value: '1000000000' },
  { name: 'Name', value: 'aolite-aos' },
  { name: 'Content-Type', value: 'text/plain' },
];

const BUILTIN_MODULE_DATA =
  'aolite built-in module: the aos-compatible Lua process library (aos 2.0.6 semantics) on Lua 5.4';

export interface BuiltinModuleDeps {
  store: Store;
  /** The node key. ed25519 signatures are deterministic: one key and one library give one module id. */
  signer: Signer;
  createItem: (draft: DataItemDraft, signer: Signer) => DataItem;
  clock: () => number;
  /** libraryFingerprint of the library the node evaluates with. */
  libraryHash: string;
}

/** The built-in Module item as this signer signs it (same key and library → same bytes → same id). */
export function builtinModuleItem(
  deps: Pick<BuiltinModuleDeps, 'signer' | 'createItem' | 'libraryHash'>,
): DataItem {
  return deps.createItem(
    {
      tags: [...BUILTIN_MODULE_TAGS, { name: LIBRARY_TAG, value: deps.libraryHash }],
      data: BUILTIN_MODULE_DATA,
    },
    deps.signer,
  );
}

/**
 * Refuses (BAD_REQUEST) a module not registered with this node's evaluator: its processes would replay
 * here to other results and memory than they were computed with (and a process restored from a checkpoint
 * would keep running the old library held in its memory, while a replay from genesis ran the new one).
 * That includes a module without the tag, logged by an aolite from before the library was recorded: which
 * library it ran is unknown. For a spawn (`spawnWith` = this node's built-in module) the error says which
 * module to name instead.
 */
export function checkModuleLibrary(
  moduleItem: Pick<DataItem, 'id' | 'tags'>,
  libraryHash: string,
  spawnWith?: string,
): void {
  const registered = tagValue(moduleItem.tags, LIBRARY_TAG);
  if (registered === libraryHash) return;
  const which =
    registered === undefined
      ? `was registered by an aolite from before the library was recorded (it has no ${LIBRARY_TAG} tag)`
      : `was registered with aolite library ${registered.slice(0, 16)}…`;
  const mine = `this node runs library ${libraryHash.slice(0, 16)}…`;
  const details = { module: moduleItem.id, library: registered ?? null, nodeLibrary: libraryHash };
  if (spawnWith !== undefined) {
    throw new AoliteError(
      'BAD_REQUEST',
      `the process names module ${moduleItem.id}, which ${which}, and ${mine}; spawn with this node's built-in module ${spawnWith}`,
      details,
    );
  }
  throw new AoliteError(
    'BAD_REQUEST',
    `module ${moduleItem.id} ${which}, and ${mine}: its processes could replay here to other results, so they are not evaluated (their stored results stay readable). Run them with the aolite version that registered the module`,
    details,
  );
}

/**
 * Logs the node's built-in module (data_items + modules) unless it is already there. Idempotent across
 * restarts: the item and its id are the same every time for one node key and one library; a node whose
 * library changed logs a new one at its next start.
 */
export function registerBuiltinModule(deps: BuiltinModuleDeps): { module: ModuleRecord; created: boolean } {
  const item = builtinModuleItem(deps);
  return deps.store.transaction(() => {
    const existing = deps.store.getModule(item.id);
    if (existing !== undefined) return { module: existing, created: false };
    const seq = deps.store.itemSeq(item.id) ?? deps.store.insertItem(item, Math.floor(deps.clock()));
    const module = moduleRecordFromItem(item, seq);
    deps.store.insertModule(module);
    return { module, created: true };
  });
}
