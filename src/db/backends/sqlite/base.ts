// SQLite through better-sqlite3 (loaded lazily on first use): one connection per alias in WAL
// mode with a busy timeout and foreign keys on. better-sqlite3 is synchronous, so the pool of
// size one doubles as a mutex: transactions from different async contexts never interleave.
import { DatabaseError, IntegrityError, InterfaceError, OperationalError, ProgrammingError, DataError } from '../../utils.ts';
import { BaseDatabaseWrapper } from '../base/base.ts';
import { activeTransaction } from '../base/transaction-state.ts';
import type { ExecuteResult, QueryResult } from '../base/base.ts';
import { SqliteDatabaseFeatures } from './features.ts';
import { SqliteOperations } from './operations.ts';
import { SqliteIntrospection } from './introspection.ts';
import { SqliteCreation } from './creation.ts';
import { SqliteSchemaEditor } from './schema.ts';
import type { SchemaEditorOptions } from '../base/schema.ts';
import { registerSqliteFunctions } from './functions.ts';

/** The slice of better-sqlite3's Statement this backend uses. */
export interface SqliteStatement {
  readonly reader: boolean;
  /** True when the statement does not write (a SELECT; not INSERT ... RETURNING). */
  readonly readonly: boolean;
  raw(toggle?: boolean): SqliteStatement;
  safeIntegers(toggle?: boolean): SqliteStatement;
  columns(): Array<{ name: string }>;
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** The slice of better-sqlite3's Database this backend uses. */
export interface SqliteDriverDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): unknown;
  function(name: string, options: { deterministic?: boolean; varargs?: boolean }, fn: (...args: never[]) => unknown): unknown;
  close(): unknown;
}

type SqliteDriver = new (filename: string, options?: Record<string, unknown>) => SqliteDriverDatabase;

/**
 * A prepared statement kept for its SQL text, with its result column names when the text
 * names every column (no `*`): then a schema change can fail the statement but not change its
 * names, except a rename that changes only letter case (SQLite reports a bare column under its
 * declared name), which DDL through this connection handles by emptying the cache; another
 * process doing that leaves the old spelling until the statement leaves the cache. With a `*`
 * (other than `COUNT(*)`) the names are read from the statement on every run.
 */
export interface CachedStatement {
  stmt: SqliteStatement;
  columns: string[] | undefined;
  /**
   * Read-only queries read integers as doubles (no bigint per value) and run again with exact
   * integers when a value came back beyond Number.MAX_SAFE_INTEGER; statements that write
   * (RETURNING) always read exactly, as running them twice is not an option.
   */
  doublesFirst: boolean;
  /** DDL: running it empties the connection's statement cache. */
  changesSchema: boolean;
}

/** A driver connection plus its prepared-statement cache (keyed by SQL text, oldest first). */
export interface SqliteConnection {
  db: SqliteDriverDatabase;
  statements: Map<string, CachedStatement>;
}

let driverPromise: Promise<SqliteDriver> | undefined;

async function loadDriver(): Promise<SqliteDriver> {
  driverPromise ??= import('better-sqlite3').then(
    (m) => ((m as { default?: unknown }).default ?? m) as SqliteDriver,
    (e: unknown) => {
      driverPromise = undefined;
      throw new InterfaceError(`The SQLite backend needs the 'better-sqlite3' package: npm install better-sqlite3 (${String(e)})`, 'db.driver_missing', { cause: e });
    },
  );
  return driverPromise;
}

const STATEMENT_CACHE = 256;
/** A `*` that may stand for a table's columns (`SELECT *`, `"t0".*`; not `COUNT(*)`). */
const STAR = /(?<!\()\*/;
/** DDL: after it runs on a connection, that connection's statement cache starts afresh. */
const SCHEMA_CHANGE = /^\s*(?:CREATE|ALTER|DROP)\b/i;

/**
 * The SQLite connection wrapper.
 *
 * Differs from Django: one connection per alias guarded by an async mutex (Django opens one
 * per thread); file databases use WAL and `busy_timeout = 5000` unless OPTIONS say otherwise.
 *
 * @example
 * configure({ DATABASES: { default: { ENGINE: 'sqlite', NAME: 'db.sqlite3' } } });
 */
export class SqliteDatabaseWrapper extends BaseDatabaseWrapper<SqliteConnection> {
  readonly vendor = 'sqlite';
  readonly displayName = 'SQLite';
  readonly features = new SqliteDatabaseFeatures();
  readonly ops = new SqliteOperations(this.timeZone);
  readonly introspection: SqliteIntrospection = new SqliteIntrospection(this);
  readonly creation: SqliteCreation = new SqliteCreation(this);

  constructor(...args: ConstructorParameters<typeof BaseDatabaseWrapper>) {
    super(...args);
    this.ops.transactionMode = this.#driverOptions().mode;
  }

  schemaEditor(options?: SchemaEditorOptions): SqliteSchemaEditor {
    return new SqliteSchemaEditor(this, options);
  }

  #readers: SqliteDriverDatabase[] = [];

  #isMemory(): boolean {
    const name = this.settings.NAME;
    return name === ':memory:' || name === '' || name.includes('mode=memory');
  }

  #driverOptions(): { options: Record<string, unknown>; busy: number; journal: string; mode: string } {
    const options = { ...(this.settings.OPTIONS ?? {}) };
    const busy = typeof options['timeout'] === 'number' ? (options['timeout'] as number) : 5000;
    const journal = typeof options['journalMode'] === 'string' ? String(options['journalMode']) : 'WAL';
    const mode = typeof options['transactionMode'] === 'string' ? String(options['transactionMode']).toUpperCase() : 'DEFERRED';
    delete options['journalMode'];
    delete options['transactionMode'];
    return { options, busy, journal, mode };
  }

  /**
   * Stream rows. Outside a transaction, a file database is read through a separate read-only
   * connection (WAL gives it a consistent snapshot), so the loop body may run other queries on
   * this alias. Inside a transaction, and for in-memory databases, the rows are read first and
   * then handed out in chunks (SQLite refuses other statements on a connection while a read
   * is open).
   */
  override async *stream(sql: string, params: readonly unknown[] = [], chunkSize = 100): AsyncGenerator<unknown[][]> {
    const size = Math.max(1, Math.trunc(chunkSize));
    if (this.#isMemory() || activeTransaction(this.alias, this)) {
      const { rows } = await this.query(sql, params);
      for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
      return;
    }
    const started = performance.now();
    let reader: SqliteDriverDatabase;
    try {
      reader = this.#readers.pop() ?? (await this.#openReader());
    } catch (e) {
      throw this.translateError(e, sql);
    }
    let healthy = true;
    let error: DatabaseError | undefined;
    try {
      const stmt = reader.prepare(sql);
      if (!stmt.reader) throw new ProgrammingError('stream() needs a statement that returns rows', 'db.stream_not_query', { alias: this.alias, sql });
      const it = stmt.raw(true).safeIntegers(true).iterate(...this.#params(params)) as IterableIterator<unknown[]>;
      try {
        let chunk: unknown[][] = [];
        for (const row of it) {
          fixIntegers(row);
          chunk.push(row);
          if (chunk.length >= size) {
            yield chunk;
            chunk = [];
          }
        }
        if (chunk.length) yield chunk;
      } finally {
        it.return?.();
      }
    } catch (e) {
      healthy = false;
      error = e instanceof DatabaseError ? e : this.translateError(e, sql);
      throw error;
    } finally {
      if (healthy && reader.open && this.#readers.length < 2) this.#readers.push(reader);
      else if (reader.open) reader.close();
      this.emitQuery(sql, params, started, error);
    }
  }

  async #openReader(): Promise<SqliteDriverDatabase> {
    // The main connection creates the file (and sets WAL) if this is the first use.
    if (this.poolStats.open === 0) await this.query('SELECT 1');
    const Driver = await loadDriver();
    const { options, busy } = this.#driverOptions();
    const db = new Driver(this.settings.NAME, { ...options, timeout: busy, readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${Math.trunc(busy)}`);
    registerSqliteFunctions(db);
    return db;
  }

  override async close(): Promise<void> {
    for (const r of this.#readers.splice(0)) if (r.open) r.close();
    await super.close();
  }

  protected override poolLimits(): { max: number; acquireTimeoutMs: number; idleTimeoutMs: number } {
    return { ...super.poolLimits(), max: 1, idleTimeoutMs: 0 };
  }

  protected async connectRaw(): Promise<SqliteConnection> {
    const Driver = await loadDriver();
    const { options, busy, journal } = this.#driverOptions();
    const db = new Driver(this.settings.NAME, { timeout: busy, ...options });
    if (!this.#isMemory() && /^[A-Za-z]+$/.test(journal)) db.pragma(`journal_mode = ${journal}`);
    db.pragma(`busy_timeout = ${Math.trunc(busy)}`);
    db.pragma('foreign_keys = ON');
    registerSqliteFunctions(db);
    return { db, statements: new Map() };
  }

  protected async closeRaw(c: SqliteConnection): Promise<void> {
    c.statements.clear();
    if (c.db.open) c.db.close();
  }

  protected isRawBroken(c: SqliteConnection): boolean {
    return !c.db.open;
  }

  #prepare(c: SqliteConnection, sql: string): CachedStatement {
    let entry = c.statements.get(sql);
    if (!entry) {
      const stmt = c.db.prepare(sql);
      if (stmt.reader) stmt.raw(true);
      const doublesFirst = stmt.reader && stmt.readonly;
      stmt.safeIntegers(!doublesFirst);
      entry = { stmt, columns: stmt.reader && !STAR.test(sql) ? columnNames(stmt) : undefined, doublesFirst, changesSchema: SCHEMA_CHANGE.test(sql) };
      if (c.statements.size >= STATEMENT_CACHE) c.statements.delete(c.statements.keys().next().value!);
      c.statements.set(sql, entry);
    }
    return entry;
  }

  /** Run a statement that returns no rows; a schema change empties the statement cache. */
  #write(c: SqliteConnection, entry: CachedStatement, params: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint } {
    const r = runRow(entry.stmt, this.#params(params));
    if (entry.changesSchema) c.statements.clear();
    return r;
  }

  /** Return `params` as better-sqlite3 binds them (the same array when nothing needs adapting). */
  #params(params: readonly unknown[]): readonly unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < params.length; i++) {
      const v = params[i];
      const t = typeof v;
      if (t === 'number' || t === 'string' || t === 'bigint' || v === null) continue;
      out ??= params.slice();
      if (v === undefined) out[i] = null;
      else if (t === 'boolean') out[i] = v ? 1 : 0;
      else if (v instanceof Date) out[i] = this.ops.adaptValue('DateTimeField', v);
      else if (t === 'object' && !Buffer.isBuffer(v) && !(v instanceof Uint8Array)) out[i] = String(v);
    }
    return out ?? params;
  }

  protected executeRaw(c: SqliteConnection, sql: string, params: readonly unknown[]): ExecuteResult {
    const entry = this.#prepare(c, sql);
    if (entry.stmt.reader) {
      const rows = entry.stmt.all(...this.#params(params));
      return { rowCount: rows.length };
    }
    const r = this.#write(c, entry, params);
    return { rowCount: r.changes, lastInsertId: smallInt(r.lastInsertRowid) };
  }

  /** Synchronous, like the driver (the base class awaits nothing then). */
  protected queryRaw(c: SqliteConnection, sql: string, params: readonly unknown[]): QueryResult {
    const entry = this.#prepare(c, sql);
    const { stmt, columns, doublesFirst } = entry;
    if (!stmt.reader) {
      this.#write(c, entry, params);
      return { columns: [], rows: [] };
    }
    const args = this.#params(params);
    let rows = allRows(stmt, args);
    if (!doublesFirst || anyUnsafeNumber(rows)) {
      if (doublesFirst) rows = allExact(stmt, args);
      for (const row of rows) fixIntegers(row);
    }
    return { columns: columns ? columns.slice() : columnNames(stmt), rows };
  }

  /** Used only by the base class; SQLite's stream() override reads rows itself. */
  protected async *streamRaw(c: SqliteConnection, sql: string, params: readonly unknown[], chunkSize: number): AsyncGenerator<unknown[][]> {
    const { rows } = this.queryRaw(c, sql, params);
    for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
  }

  protected translateError(error: unknown, sql: string | undefined): DatabaseError {
    if (error instanceof DatabaseError) return error;
    const e = error as { code?: string; message?: string };
    const msg = `${e.message ?? String(error)} (database '${this.alias}')`;
    const opts = { alias: this.alias, sql, vendorCode: e.code, cause: error };
    const code = e.code ?? '';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new IntegrityError(msg, 'db.integrity.unique', opts);
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new IntegrityError(msg, 'db.integrity.foreign_key', opts);
    if (code === 'SQLITE_CONSTRAINT_NOTNULL') return new IntegrityError(msg, 'db.integrity.not_null', opts);
    if (code === 'SQLITE_CONSTRAINT_CHECK') return new IntegrityError(msg, 'db.integrity.check', opts);
    if (code.startsWith('SQLITE_CONSTRAINT')) return new IntegrityError(msg, 'db.integrity', opts);
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new OperationalError(msg, 'db.operational.busy', opts);
    if (code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH' || code === 'SQLITE_RANGE') return new DataError(msg, 'db.data', opts);
    if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_READONLY' || code === 'SQLITE_FULL') {
      return new OperationalError(msg, 'db.operational', opts);
    }
    if (code === 'SQLITE_ERROR') {
      const m = e.message ?? '';
      if (/no such table/.test(m)) return new ProgrammingError(msg, 'db.programming.no_table', opts);
      if (/no such column|has no column/.test(m)) return new ProgrammingError(msg, 'db.programming.no_column', opts);
      if (/syntax error|incomplete input/.test(m)) return new ProgrammingError(msg, 'db.programming.syntax', opts);
      return new ProgrammingError(msg, 'db.programming', opts);
    }
    if (error instanceof RangeError || error instanceof TypeError) return new ProgrammingError(msg, 'db.programming.parameters', opts);
    if (/connection is not open|database connection is busy/i.test(e.message ?? '')) return new OperationalError(msg, 'db.operational', opts);
    return new DatabaseError(msg, 'db.error', opts);
  }
}

/** The result column names of a statement (better-sqlite3 builds origin metadata too: not cheap). */
function columnNames(stmt: SqliteStatement): string[] {
  return stmt.columns().map((col) => col.name);
}

function smallInt(v: number | bigint): number | bigint {
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(v);
  return v;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * True when a row read with integers as doubles holds a number beyond the safe range: an
 * integer there may have been rounded (int64 -> double keeps magnitudes at or above 2^53).
 * A plain loop over rows and values (no callback per row: this runs on every query).
 */
function anyUnsafeNumber(rows: unknown[][]): boolean {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'number' && (v > Number.MAX_SAFE_INTEGER || v < Number.MIN_SAFE_INTEGER)) return true;
    }
  }
  return false;
}

/** `stmt.all(...args)`, with up to four parameters passed directly (no spread of the array). */
function allRows(stmt: SqliteStatement, args: readonly unknown[]): unknown[][] {
  switch (args.length) {
    case 0: return stmt.all() as unknown[][];
    case 1: return stmt.all(args[0]) as unknown[][];
    case 2: return stmt.all(args[0], args[1]) as unknown[][];
    case 3: return stmt.all(args[0], args[1], args[2]) as unknown[][];
    case 4: return stmt.all(args[0], args[1], args[2], args[3]) as unknown[][];
    default: return stmt.all(...args) as unknown[][];
  }
}

/** `stmt.run(...args)`, with up to four parameters passed directly (no spread of the array). */
function runRow(stmt: SqliteStatement, args: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint } {
  switch (args.length) {
    case 0: return stmt.run();
    case 1: return stmt.run(args[0]);
    case 2: return stmt.run(args[0], args[1]);
    case 3: return stmt.run(args[0], args[1], args[2]);
    case 4: return stmt.run(args[0], args[1], args[2], args[3]);
    default: return stmt.run(...args);
  }
}

/** Run a read-only statement again with integers read exactly (as bigint). */
function allExact(stmt: SqliteStatement, args: readonly unknown[]): unknown[][] {
  stmt.safeIntegers(true);
  try {
    return allRows(stmt, args);
  } finally {
    stmt.safeIntegers(false);
  }
}

/** Integers come back as bigint (safeIntegers); turn the safe ones back into numbers. */
function fixIntegers(row: unknown[]): void {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v === 'bigint' && v <= MAX && v >= MIN) row[i] = Number(v);
  }
}
