import type { Database, Statement } from 'better-sqlite3';

/** `?, ?, ?` for an IN list of `n` bound values. */
export const marks = (n: number): string => Array(n).fill('?').join(', ');

/**
 * Prepared statements by SQL text, for read sides whose query shapes repeat (one per filter combination
 * and list length). Bounded: past `size` shapes the cache starts over.
 */
export function statementCache(db: Database, size: number): (sql: string) => Statement<unknown[]> {
  const statements = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= size) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
