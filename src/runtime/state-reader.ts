/** The global the library's boot chunk sets to the state reader (lua/state-reader.lua). */
export const STATE_READER_FUNCTION = '__aolite_read_state';

/** Longest JSON a state read returns (1 MiB of text); the reader stops building a longer one. */
export const MAX_STATE_JSON = 1024 * 1024;

/** A key of a state path: a string field or an integer index. */
export type StateKey = string | number;

/** What reading a path found: the value as JSON text, or the first key that did not lead anywhere. */
export type StateRead =
  | { found: true; json: string }
  /** `index` (0-based) is the key that met `type` (a non-table, or `nil` when the key is absent). */
  | { found: false; index: number; type: string }
  /** The reader failed (gas or memory limit, or process code it relies on raised). */
  | { found: false; error: string }
  /** The value's JSON is longer than `limit` characters (the reader stopped there). */
  | { found: false; tooLarge: true; limit: number };

/** Decodes the reader's reply ("V<json>" or "E<index>:<type>", see state-reader.lua). */
export function decodeStateRead(reply: string): StateRead {
  if (reply.startsWith('V')) return { found: true, json: reply.slice(1) };
  if (reply.startsWith('L')) return { found: false, tooLarge: true, limit: Number(reply.slice(1)) };
  const match = /^E(\d+):(\w+)$/.exec(reply);
  if (!match)
    return { found: false, error: `the state reader replied ${JSON.stringify(reply.slice(0, 40))}` };
  return { found: false, index: Number(match[1]) - 1, type: match[2]! };
}
