import { AoliteError, isAoliteError } from '../core/errors.js';

interface DriverError {
  code: string;
  message: string;
}

function isDriverError(error: unknown): error is DriverError {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * Maps a better-sqlite3 error to the one typed error of aolite. A UNIQUE violation on a slot is a
 * CONFLICT (another writer took it); any other UNIQUE/PRIMARY KEY violation is a DUPLICATE (the row is
 * already in the log).
 */
export function mapDriverError(label: string, error: unknown): unknown {
  if (isAoliteError(error) || !isDriverError(error)) return error;
  const details = { query: label, driverCode: error.code };
  const cause = { cause: error };
  switch (error.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY': {
      const code = /\.slot\b/.test(error.message) ? 'CONFLICT' : 'DUPLICATE';
      return new AoliteError(code, `${label}: ${error.message}`, details, cause);
    }
    case 'SQLITE_CONSTRAINT_TRIGGER':
      if (error.message.startsWith('append-only:')) {
        return new AoliteError('APPEND_ONLY', `${label}: ${error.message}`, details, cause);
      }
      return new AoliteError('INTERNAL', `${label}: ${error.message}`, details, cause);
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new AoliteError(
        'NOT_FOUND',
        `${label}: references a row that is not in the log`,
        details,
        cause,
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_BUSY_SNAPSHOT':
    case 'SQLITE_LOCKED':
      return new AoliteError('UNAVAILABLE', `${label}: database is busy`, details, cause);
    default:
      return new AoliteError('INTERNAL', `${label}: ${error.message}`, details, cause);
  }
}

/** Runs one labelled query; driver errors come out as AoliteErrors naming the label. */
export function runQuery<T>(label: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw mapDriverError(label, error);
  }
}
