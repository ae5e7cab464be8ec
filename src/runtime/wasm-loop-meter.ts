import { readUleb, skipLeb, uleb } from './wasm-leb.js';

/**
 * A deterministic meter of the C side of Lua: the glue module is rewritten so that every iteration of
 * every WebAssembly loop (every loop of the C library: string search and patterns, `string.rep`, the
 * collector, table resizes) takes one unit from an exported i64 global, every bulk `memory.copy` /
 * `memory.fill` (memcpy and memset: concatenation, buffers) one unit per 16 bytes, and the module traps
 * (`unreachable`) when the budget runs out. The Lua VM's opcode dispatch loop is left unprobed: its
 * iterations are the instructions the Lua hook already counts. The engine sets the budget before each
 * metered call, so work done inside one C call, which the Lua instruction hook cannot see, is bounded
 * too. Units are counted where the code runs, so the count is the same on every machine and from every
 * checkpoint (the global is not in linear memory: each call sets it).
 *
 * The loop probe, at the top of each loop body, with `left` a local added to the function:
 * `left = b - 1; b = left; if left == 0 trap`. The bulk probe, before the instruction (its byte count on
 * top of the stack, kept there; `count` a second added local): `b -= count >> 4; if b <= 0 trap`.
 * The budget starts at UNMETERED (2^62), which no call exhausts.
 */
export interface LoopMeterStats {
  /** Function bodies that got a probe. */
  functions: number;
  /** Loops that got the probe. */
  loops: number;
  /** `memory.copy` and `memory.fill` instructions that got the bulk probe. */
  bulk: number;
  /** Loops left unprobed as the Lua VM's dispatch loop (0 or 1). */
  dispatch: number;
  /** Index of the budget global. */
  global: number;
}

/** The budget of a module nobody metered yet, and the value to reset it to between metered calls. */
export const UNMETERED = 2n ** 62n;

/**
 * Labels of the `br_table` that dispatches Lua 5.4's opcodes in luaV_execute (its 82 reachable cases:
 * OP_EXTRAARG is never dispatched), which marks the VM's dispatch loop.
 */
const DISPATCH_LABELS = 82;

/** Bytes of a bulk copy or fill per unit (as `collectgarbage` is charged per 16 bytes of heap). */
const BULK_SHIFT = 4;

function sleb(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const NAME_LIMIT = 0x7f;

interface Section {
  id: number;
  /** Where the section starts (its id byte). */
  header: number;
  /** Content start and end (after the id and size). */
  start: number;
  end: number;
}

function sectionsOf(bytes: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error('not a WebAssembly 1.0 module');
  const sections: Section[] = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at]!;
    const size = readUleb(bytes, at + 1);
    sections.push({ id, header: at, start: size.next, end: size.next + size.value });
    at = size.next + size.value;
  }
  return sections;
}

function skipLimits(bytes: Uint8Array, at: number): number {
  const flags = bytes[at]!;
  at = skipLeb(bytes, at + 1);
  return flags & 1 ? skipLeb(bytes, at) : at;
}

function skipName(bytes: Uint8Array, at: number): number {
  const length = readUleb(bytes, at);
  return length.next + length.value;
}

/** Globals the import section brings in (they come first in the global index space). */
function importedGlobals(bytes: Uint8Array, section: Section | undefined): number {
  if (section === undefined) return 0;
  const count = readUleb(bytes, section.start);
  let at = count.next;
  let globals = 0;
  for (let i = 0; i < count.value; i++) {
    at = skipName(bytes, skipName(bytes, at));
    const kind = bytes[at++]!;
    if (kind === 0) at = skipLeb(bytes, at);
    else if (kind === 1) at = skipLimits(bytes, at + 1);
    else if (kind === 2) at = skipLimits(bytes, at);
    else if (kind === 3) {
      at += 2;
      globals++;
    } else throw new Error(`import kind ${kind} is not supported`);
  }
  return globals;
}

/** A vector section's content with `entries` appended (the others are kept as they are). */
function appendEntries(bytes: Uint8Array, section: Section, entries: number[][]): number[] {
  const count = readUleb(bytes, section.start);
  return [
    ...uleb(count.value + entries.length),
    ...bytes.subarray(count.next, section.end),
    ...entries.flat(),
  ];
}

function blockTypeEnd(bytes: Uint8Array, at: number): number {
  const type = bytes[at]!;
  return type === 0x40 || (type >= 0x6f && type <= 0x7f) ? at + 1 : skipLeb(bytes, at);
}

/** The position after the immediates of the instruction whose opcode is at `at - 1`. */
function immediatesEnd(bytes: Uint8Array, opcode: number, at: number): number {
  if (opcode === 0x02 || opcode === 0x03 || opcode === 0x04) return blockTypeEnd(bytes, at);
  if (opcode === 0x0e) {
    const labels = readUleb(bytes, at);
    let next = labels.next;
    for (let i = 0; i <= labels.value; i++) next = skipLeb(bytes, next);
    return next;
  }
  if (opcode === 0x11 || opcode === 0x13 || (opcode >= 0x28 && opcode <= 0x3e)) {
    return skipLeb(bytes, skipLeb(bytes, at));
  }
  if (
    opcode === 0x0c ||
    opcode === 0x0d ||
    opcode === 0x10 ||
    opcode === 0x12 ||
    (opcode >= 0x20 && opcode <= 0x26) ||
    opcode === 0x3f ||
    opcode === 0x40 ||
    opcode === 0x41 ||
    opcode === 0x42 ||
    opcode === 0xd2
  ) {
    return skipLeb(bytes, at);
  }
  if (opcode === 0x43) return at + 4;
  if (opcode === 0x44) return at + 8;
  if (opcode === 0xd0) return at + 1;
  if (opcode === 0x1c) {
    const types = readUleb(bytes, at);
    return types.next + types.value;
  }
  if (opcode === 0xfc) {
    const sub = readUleb(bytes, at);
    if (sub.value <= 7) return sub.next;
    if (sub.value === 9 || sub.value === 11 || sub.value === 13 || sub.value >= 15) {
      if (sub.value > 17) throw new Error(`opcode 0xfc ${sub.value} is not supported`);
      return skipLeb(bytes, sub.next);
    }
    return skipLeb(bytes, skipLeb(bytes, sub.next));
  }
  const plain =
    opcode <= 0x01 ||
    opcode === 0x05 ||
    opcode === 0x0b ||
    opcode === 0x0f ||
    opcode === 0x1a ||
    opcode === 0x1b ||
    (opcode >= 0x45 && opcode <= 0xc4) ||
    opcode === 0xd1;
  if (!plain) throw new Error(`opcode 0x${opcode.toString(16)} is not supported`);
  return at;
}

/** `memory.copy` (0xfc 10) or `memory.fill` (0xfc 11) at `at`. */
const isBulk = (bytes: Uint8Array, at: number): boolean => {
  if (bytes[at] !== 0xfc) return false;
  const sub = readUleb(bytes, at + 1).value; // as immediatesEnd reads it, even if not minimally encoded
  return sub === 10 || sub === 11;
};

const TRAP_IF = [0x04, 0x40, 0x00, 0x0b]; // if (no result) unreachable end

/**
 * The probes of one function; `left` (i64) and `count` (i32) are two locals added to it.
 * Loop: `left = b - 1; b = left; if left == 0 trap`.
 * Bulk (its byte count on top of the stack, kept there): `count = n; left = b - (u64(count) >> 4);
 * b = left; if left <= 0 trap`.
 */
function probesOf(budget: number, left: number, count: number): { loop: Uint8Array; bulk: Uint8Array } {
  const b = uleb(budget);
  const l = uleb(left);
  const c = uleb(count);
  const setBudget = [0x22, ...l, 0x24, ...b, 0x20, ...l]; // local.tee left; global.set b; local.get left
  return {
    loop: Uint8Array.from([0x23, ...b, 0x42, 0x01, 0x7d, ...setBudget, 0x50, ...TRAP_IF]),
    bulk: Uint8Array.from([
      ...[0x22, ...c, 0x23, ...b, 0x20, ...c, 0xad, 0x42, BULK_SHIFT, 0x88, 0x7d],
      ...[...setBudget, 0x42, 0x00, 0x57, ...TRAP_IF],
    ]),
  };
}

/**
 * One function body with the loop probe after every `loop`'s block type and the bulk probe before every
 * bulk op, as chunks (runs of the original bytes between probes); the body as it was when it has
 * neither. `params` is its parameter count.
 */
function meterBody(
  bytes: Uint8Array,
  start: number,
  end: number,
  params: number,
  budget: number,
  dispatchLoop?: number,
): { chunks: Uint8Array[]; length: number; loops: number; bulk: number; dispatchLoops: number[] } {
  const groups = readUleb(bytes, start);
  let at = groups.next;
  let locals = 0;
  for (let i = 0; i < groups.value; i++) {
    const n = readUleb(bytes, at);
    locals += n.value;
    at = n.next + 1;
  }
  const probes = probesOf(budget, params + locals, params + locals + 1);
  // The locals with `left` (i64) and `count` (i32) appended.
  const chunks: Uint8Array[] = [
    Uint8Array.from(uleb(groups.value + 2)),
    bytes.subarray(groups.next, at),
    Uint8Array.of(1, 0x7e, 1, 0x7f),
  ];
  let run = at;
  let loops = 0;
  let bulk = 0;
  // Open blocks: a loop's position, -1 for a block or an if; and the loops around an opcode dispatch.
  const open: number[] = [];
  const dispatchLoops: number[] = [];
  while (at < end) {
    const opcode = bytes[at]!;
    const next = immediatesEnd(bytes, opcode, at + 1);
    if (isBulk(bytes, at)) {
      chunks.push(bytes.subarray(run, at), probes.bulk);
      run = at;
      bulk++;
    }
    if (opcode === 0x02 || opcode === 0x04) open.push(-1);
    else if (opcode === 0x0b) open.pop();
    else if (opcode === 0x0e && readUleb(bytes, at + 1).value === DISPATCH_LABELS) {
      const loop = open.findLast((position) => position >= 0);
      if (loop !== undefined) dispatchLoops.push(loop);
    } else if (opcode === 0x03) {
      open.push(at);
      if (at !== dispatchLoop) {
        chunks.push(bytes.subarray(run, next), probes.loop);
        run = next;
        loops++;
      }
    }
    at = next;
  }
  if (at !== end) throw new Error('a function body does not end where its size says');
  if (loops + bulk === 0) {
    return { chunks: [bytes.subarray(start, end)], length: end - start, loops, bulk, dispatchLoops };
  }
  chunks.push(bytes.subarray(run, end));
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return { chunks, length, loops, bulk, dispatchLoops };
}

/** The parameter count of each function the module defines (in code section order). */
function paramCounts(bytes: Uint8Array, types: Section | undefined, functions: Section): number[] {
  const counts: number[] = [];
  if (types !== undefined) {
    const n = readUleb(bytes, types.start);
    let at = n.next;
    for (let i = 0; i < n.value; i++) {
      if (bytes[at] !== 0x60) throw new Error(`type ${i} is not a function type`);
      const params = readUleb(bytes, at + 1);
      const results = readUleb(bytes, params.next + params.value);
      counts.push(params.value);
      at = results.next + results.value;
    }
  }
  const n = readUleb(bytes, functions.start);
  const out: number[] = [];
  let at = n.next;
  for (let i = 0; i < n.value; i++) {
    const type = readUleb(bytes, at);
    out.push(counts[type.value]!);
    at = type.next;
  }
  return out;
}

/**
 * `bytes` with the loop meter: a new mutable i64 global exported as `exportName`, the loop probe in
 * every loop but the Lua VM's dispatch loop, and the bulk probe before every bulk copy and fill. Throws
 * on a module it cannot read (an opcode it does not know): it never returns a half-metered one.
 */
export function meterLoops(
  bytes: Uint8Array,
  exportName: string,
): { bytes: Uint8Array<ArrayBuffer>; stats: LoopMeterStats } {
  if (exportName.length === 0 || exportName.length > NAME_LIMIT) throw new Error('bad export name');
  const sections = sectionsOf(bytes);
  const find = (id: number) => sections.find((s) => s.id === id);
  const globals = find(6);
  const exports = find(7);
  const code = find(10);
  if (globals === undefined || exports === undefined || code === undefined) {
    throw new Error('the module needs global, export and code sections to be metered');
  }
  const functions = find(3);
  if (functions === undefined) throw new Error('the module defines no functions to meter');
  const params = paramCounts(bytes, find(1), functions);
  const global = importedGlobals(bytes, find(2)) + readUleb(bytes, globals.start).value;

  const stats: LoopMeterStats = { functions: 0, loops: 0, bulk: 0, dispatch: 0, global };
  const count = readUleb(bytes, code.start);
  if (count.value !== params.length) throw new Error('the function and code sections disagree');
  const bodies: ReturnType<typeof meterBody>[] = [];
  const dispatch: { body: number; start: number; end: number; loop: number }[] = [];
  let at = count.next;
  let largest = { body: -1, size: -1 };
  for (let i = 0; i < count.value; i++) {
    const size = readUleb(bytes, at);
    if (size.value > largest.size) largest = { body: i, size: size.value };
    const metered = meterBody(bytes, size.next, size.next + size.value, params[i]!, global);
    bodies.push(metered);
    for (const loop of metered.dispatchLoops)
      dispatch.push({ body: i, start: size.next, end: size.next + size.value, loop });
    at = size.next + size.value;
  }
  if (at !== code.end) throw new Error('the code section does not end where its size says');
  // The Lua VM's dispatch loop (one iteration per Lua instruction, which the instruction hook already
  // counts) goes unprobed: only when there is exactly one such loop and it is in the module's largest
  // function (luaV_execute), else every loop keeps its probe.
  const vm = dispatch.length === 1 && dispatch[0]!.body === largest.body ? dispatch[0] : undefined;
  if (vm !== undefined) {
    bodies[vm.body] = meterBody(bytes, vm.start, vm.end, params[vm.body]!, global, vm.loop);
    stats.dispatch = 1;
  }
  const codeContent: Uint8Array[] = [Uint8Array.from(uleb(count.value))];
  for (const metered of bodies) {
    codeContent.push(Uint8Array.from(uleb(metered.length)), ...metered.chunks);
    if (metered.loops + metered.bulk > 0) stats.functions++;
    stats.loops += metered.loops;
    stats.bulk += metered.bulk;
  }

  const name = Array.from(Buffer.from(exportName, 'utf8'));
  const codeLength = codeContent.reduce((sum, chunk) => sum + chunk.length, 0);
  const replaced = new Map<number, Uint8Array[]>([
    // mut i64 = UNMETERED
    [6, [Uint8Array.from(appendEntries(bytes, globals, [[0x7e, 0x01, 0x42, ...sleb(UNMETERED), 0x0b]]))]],
    [
      7,
      [
        Uint8Array.from(
          appendEntries(bytes, exports, [[...uleb(name.length), ...name, 0x03, ...uleb(global)]]),
        ),
      ],
    ],
    [10, codeContent],
  ]);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (const section of sections) {
    const content = replaced.get(section.id);
    if (content === undefined) {
      parts.push(bytes.subarray(section.header, section.end));
    } else {
      const length = section.id === 10 ? codeLength : content[0]!.length;
      parts.push(Uint8Array.from([section.id, ...uleb(length)]), ...content);
    }
  }
  return { bytes: Buffer.concat(parts), stats };
}
