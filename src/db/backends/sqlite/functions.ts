// User functions registered on every SQLite connection: REGEXP (SQLite has the operator but
// no implementation) and the date/time helpers the SQLite operations emit.
import type { SqliteDriverDatabase } from './base.ts';
import { sqliteDatetimeFunctions } from './datetime-functions.ts';

const regexCache = new Map<string, RegExp>();

function compile(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(pattern, flags);
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/**
 * Register Reinhardt's user functions on a better-sqlite3 database.
 *
 * @example
 * registerSqliteFunctions(db); db.prepare("SELECT 'abc' REGEXP '^a'").pluck().get() // 1
 */
export function registerSqliteFunctions(db: SqliteDriverDatabase): void {
  // `X REGEXP Y` calls regexp(Y, X).
  db.function('regexp', { deterministic: true }, ((pattern: unknown, value: unknown) => {
    if (pattern === null || value === null) return null;
    return compile(String(pattern), 'u').test(String(value)) ? 1 : 0;
  }) as (...args: never[]) => unknown);
  db.function('reinhardt_iregexp', { deterministic: true }, ((value: unknown, pattern: unknown) => {
    if (pattern === null || value === null) return null;
    return compile(String(pattern), 'iu').test(String(value)) ? 1 : 0;
  }) as (...args: never[]) => unknown);
  for (const [name, fn] of Object.entries(sqliteDatetimeFunctions)) {
    db.function(name, { deterministic: true }, fn as (...args: never[]) => unknown);
  }
}
