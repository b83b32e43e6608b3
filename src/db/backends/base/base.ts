// The connection wrapper every backend extends: settings, the pool, the execution API
// (execute / query / stream with `?` placeholders and array rows), error translation, and the
// hooks a vendor overrides to talk to its driver. Layer 3a: imports only db/utils and base/*.
import { DatabaseError, TransactionManagementError } from '../../utils.ts';
import { ConnectionPool } from './pool.ts';
import { activeTransaction } from './transaction-state.ts';
import { isCapturingQueries, logQuery } from './query-log.ts';
import type { BaseDatabaseFeatures } from './features.ts';
import type { BaseDatabaseOperations } from './operations.ts';
import type { BaseDatabaseIntrospection } from './introspection.ts';
import type { BaseDatabaseCreation } from './creation.ts';
import type { BaseDatabaseSchemaEditor, SchemaEditorOptions } from './schema.ts';

import type { DatabaseSettings } from '../../../conf/index.ts';

export type { DatabaseSettings } from '../../../conf/index.ts';

/** The time zone facts the backend reads when it is created (from settings). */
export interface TimeZoneSettings {
  USE_TZ: boolean;
  TIME_ZONE: string;
}

/** Result of `execute()`. `lastInsertId` is set where the driver reports one (SQLite, MySQL). */
export interface ExecuteResult {
  rowCount: number;
  lastInsertId?: number | bigint | string | undefined;
}

/** Result of `query()`: column names and array rows in select order. */
export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

/** Reported to query listeners after every statement. */
export interface QueryEvent {
  alias: string;
  sql: string;
  params: readonly unknown[];
  durationMs: number;
  error?: DatabaseError | undefined;
}

/**
 * A driver hook that runs one statement on one driver connection (`executeRaw`, `queryRaw`).
 * A synchronous driver (better-sqlite3) returns the result itself: awaiting nothing saves a
 * promise and a microtask per statement, which inside atomic() (promise hooks on) is ~0.5 us.
 */
type RawStatement<C, R> = (this: BaseDatabaseWrapper<C>, connection: C, sql: string, params: readonly unknown[]) => R | Promise<R>;

/**
 * Pool defaults when settings.DATABASES[alias].POOL leaves them out.
 *
 * @example
 * DATABASES: { default: { ..., POOL: { max: 20 } } } // acquireTimeoutMs and idleTimeoutMs keep DEFAULT_POOL's values
 */
export const DEFAULT_POOL = { max: 10, acquireTimeoutMs: 10_000, idleTimeoutMs: 30_000 } as const;

/**
 * A connection to one database alias: the execution API, the pool, and the vendor's
 * `features`, `ops`, `introspection`, `creation` and `schemaEditor()`.
 *
 * Statements run on the transaction's pinned connection inside `atomic()` (found through
 * AsyncLocalStorage), otherwise on a pooled connection taken and returned per statement.
 * A statement that fails outside a transaction because the server dropped its connection
 * (restart, `KILL`, `pg_terminate_backend`) is retried once on a fresh connection when that
 * is safe: reads, and writes the driver never sent.
 *
 * Differs from Django: every I/O method is async; rows are arrays; placeholders are always `?`.
 *
 * @example
 * const conn = connections.get('default');
 * await conn.execute('INSERT INTO "t" ("name") VALUES (?)', ['x']);   // { rowCount: 1, lastInsertId: 1 }
 * await conn.query('SELECT "id", "name" FROM "t" WHERE "id" = ?', [1]); // { columns: ['id','name'], rows: [[1,'x']] }
 */
export abstract class BaseDatabaseWrapper<C = unknown> {
  /** `'sqlite'`, `'postgresql'` or `'mysql'`: for messages and backend folders only. */
  abstract readonly vendor: string;
  /** Human-readable name for messages (`'SQLite'`, `'PostgreSQL'`, `'MySQL/MariaDB'`). */
  abstract readonly displayName: string;
  abstract readonly features: BaseDatabaseFeatures;
  abstract readonly ops: BaseDatabaseOperations;
  abstract readonly introspection: BaseDatabaseIntrospection;
  abstract readonly creation: BaseDatabaseCreation;

  readonly alias: string;
  readonly settings: Readonly<DatabaseSettings>;
  readonly timeZone: Readonly<TimeZoneSettings>;
  #pool: ConnectionPool<C> | undefined;
  /** The pool each borrowed connection came from (a pool replaced by close() keeps its own). */
  #owners = new WeakMap<object, ConnectionPool<C>>();
  #listeners = new Set<(event: QueryEvent) => void>();

  constructor(alias: string, settings: DatabaseSettings, timeZone: TimeZoneSettings = { USE_TZ: true, TIME_ZONE: 'UTC' }) {
    this.alias = alias;
    this.settings = Object.freeze({ ...settings });
    this.timeZone = Object.freeze({ ...timeZone });
  }

  /** Return a schema editor bound to this connection. */
  abstract schemaEditor(options?: SchemaEditorOptions): BaseDatabaseSchemaEditor;

  // ---- driver hooks, overridden per vendor -------------------------------------------------

  /** Open one driver connection (load the driver lazily here). */
  protected abstract connectRaw(): Promise<C>;
  /** Close one driver connection. */
  protected abstract closeRaw(connection: C): Promise<void>;
  /** Return true if the server closed this connection. */
  protected abstract isRawBroken(connection: C): boolean;
  protected abstract executeRaw(connection: C, sql: string, params: readonly unknown[]): ExecuteResult | Promise<ExecuteResult>;
  protected abstract queryRaw(connection: C, sql: string, params: readonly unknown[]): QueryResult | Promise<QueryResult>;
  protected abstract streamRaw(connection: C, sql: string, params: readonly unknown[], chunkSize: number, inTransaction: boolean): AsyncGenerator<unknown[][]>;
  /** Turn a driver error into the DatabaseError hierarchy. */
  protected abstract translateError(error: unknown, sql: string | undefined): DatabaseError;

  /** Pool limits for this backend (SQLite forces a single connection). */
  protected poolLimits(): { max: number; acquireTimeoutMs: number; idleTimeoutMs: number } {
    const p = this.settings.POOL ?? {};
    return {
      max: p.max ?? DEFAULT_POOL.max,
      acquireTimeoutMs: p.acquireTimeoutMs ?? DEFAULT_POOL.acquireTimeoutMs,
      idleTimeoutMs: p.idleTimeoutMs ?? DEFAULT_POOL.idleTimeoutMs,
    };
  }

  #getPool(): ConnectionPool<C> {
    if (!this.#pool) {
      this.#pool = new ConnectionPool<C>({
        alias: this.alias,
        ...this.poolLimits(),
        create: async () => {
          try {
            return await this.connectRaw();
          } catch (error) {
            throw error instanceof DatabaseError ? error : this.translateError(error, undefined);
          }
        },
        destroy: (c) => this.closeRaw(c),
        isBroken: (c) => this.isRawBroken(c),
      });
    }
    return this.#pool;
  }

  /** Return pool statistics (open, idle and waiting counts). */
  get poolStats(): { open: number; idle: number; waiting: number } {
    return this.#pool?.stats ?? { open: 0, idle: 0, waiting: 0 };
  }

  // ---- the execution API -------------------------------------------------------------------

  /**
   * Run a statement that returns no rows; resolve to the affected row count and, where the
   * driver reports it, the last inserted id.
   */
  execute(sql: string, params: readonly unknown[] = []): Promise<ExecuteResult> {
    return this.#run(sql, params, this.executeRaw);
  }

  /** Run a query and return its column names and array rows. */
  query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    return this.#run(sql, params, this.queryRaw);
  }

  /**
   * `execute()` for the ORM's hot paths: the result itself when the driver answered
   * synchronously (SQLite on an idle or transaction-pinned connection), else a promise.
   * Errors are translated and reported to query listeners exactly as `execute()` does; a
   * synchronous failure throws instead of rejecting, so callers must handle both.
   *
   * @example
   * const r = conn.executeNow(sql, params);
   * const { rowCount } = r instanceof Promise ? await r : r;
   */
  executeNow(sql: string, params: readonly unknown[] = []): ExecuteResult | Promise<ExecuteResult> {
    return this.#runNow(sql, params, this.executeRaw);
  }

  /** `query()` for the ORM's hot paths: the result itself when the driver answered synchronously, else a promise (see `executeNow`). */
  queryNow(sql: string, params: readonly unknown[] = []): QueryResult | Promise<QueryResult> {
    return this.#runNow(sql, params, this.queryRaw);
  }

  /**
   * Yield the rows of a query in chunks of `chunkSize` array rows, holding one connection until
   * the iteration ends (break early to release it).
   *
   * @example
   * for await (const rows of conn.stream('SELECT "id" FROM "t"', [], 500)) total += rows.length;
   */
  async *stream(sql: string, params: readonly unknown[] = [], chunkSize = 100): AsyncGenerator<unknown[][]> {
    const tx = this.#transaction();
    const started = performance.now();
    let error: DatabaseError | undefined;
    const pool = this.#getPool();
    const connection = tx ? (tx.connection as C) : await pool.acquire();
    let broken = false;
    try {
      for await (const chunk of this.streamRaw(connection, sql, params, chunkSize, tx !== undefined)) {
        yield chunk;
      }
    } catch (e) {
      error = e instanceof DatabaseError ? e : this.translateError(e, sql);
      broken = this.isConnectionLost(error);
      throw error;
    } finally {
      if (!tx) pool.release(connection, broken);
      this.emitQuery(sql, params, started, error);
    }
  }

  #transaction() {
    const tx = activeTransaction(this.alias, this);
    if (tx?.broken) {
      throw new TransactionManagementError(
        `An error occurred in the current transaction on database '${this.alias}'. ` +
          `You can't execute queries until the end of the 'atomic' block.`,
        'db.transaction_broken',
        { alias: this.alias },
      );
    }
    return tx;
  }

  /**
   * Run one statement with a driver hook (`executeRaw` or `queryRaw`), on the transaction's
   * pinned connection or else on a pooled one, translate a driver error, and tell the query
   * listeners. No closure per call, and taking an idle pooled connection makes no promise.
   */
  #run<R>(sql: string, params: readonly unknown[], op: RawStatement<C, R>): Promise<R> {
    try {
      const result = this.#runNow(sql, params, op);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `#run` without the promise when the driver answered synchronously; a synchronous failure throws. */
  #runNow<R>(sql: string, params: readonly unknown[], op: RawStatement<C, R>): R | Promise<R> {
    // The clock is read only when someone will be told the duration (0: nobody was listening).
    const started = this.#listeners.size > 0 || isCapturingQueries() ? performance.now() : 0;
    let pending: R | Promise<R>;
    try {
      const tx = this.#transaction();
      pending = tx ? op.call(this, tx.connection as C, sql, params) : this.#runPooled(sql, params, op);
    } catch (error) {
      throw this.#failed(error, sql, params, started);
    }
    if (pending instanceof Promise) {
      return pending.then(
        (result) => {
          this.emitQuery(sql, params, started);
          return result;
        },
        (error: unknown) => {
          throw this.#failed(error, sql, params, started);
        },
      );
    }
    this.emitQuery(sql, params, started);
    return pending;
  }

  #failed(error: unknown, sql: string, params: readonly unknown[], started: number): DatabaseError {
    const translated = this.#translate(error, sql);
    this.emitQuery(sql, params, started, translated);
    return translated;
  }

  /**
   * Run a statement on a pooled connection taken and returned around it. When the server
   * dropped the connection (restart, KILL) and running again is safe, retry once on a fresh one.
   * With an idle connection and a synchronous driver this makes no promise at all.
   */
  #runPooled<R>(sql: string, params: readonly unknown[], op: RawStatement<C, R>, attempt = 1): R | Promise<R> {
    const pool = this.#getPool();
    const idle = pool.takeIdle();
    if (idle === undefined) return pool.acquire().then((connection) => this.#runPooledOn(pool, connection, sql, params, op, attempt));
    return this.#runPooledOn(pool, idle, sql, params, op, attempt);
  }

  #runPooledOn<R>(pool: ConnectionPool<C>, connection: C, sql: string, params: readonly unknown[], op: RawStatement<C, R>, attempt: number): R | Promise<R> {
    let pending: R | Promise<R>;
    try {
      pending = op.call(this, connection, sql, params);
    } catch (error) {
      return this.#pooledFailed(pool, connection, error, sql, params, op, attempt);
    }
    if (!(pending instanceof Promise)) {
      pool.release(connection);
      return pending;
    }
    return pending.then(
      (result) => {
        pool.release(connection);
        return result;
      },
      (error: unknown) => this.#pooledFailed(pool, connection, error, sql, params, op, attempt),
    );
  }

  /** Release the connection a statement failed on; run it again once if the connection was lost and that is safe, else throw. */
  #pooledFailed<R>(pool: ConnectionPool<C>, connection: C, error: unknown, sql: string, params: readonly unknown[], op: RawStatement<C, R>, attempt: number): R | Promise<R> {
    const translated = this.#translate(error, sql);
    const lost = this.isConnectionLost(translated);
    pool.release(connection, lost);
    if (!lost || attempt > 1 || !this.canRetry(translated, sql)) throw translated;
    return this.#runPooled(sql, params, op, attempt + 1);
  }

  #translate(error: unknown, sql: string): DatabaseError {
    return error instanceof DatabaseError ? error : this.translateError(error, sql);
  }

  /**
   * Tell query listeners about a statement that ran (started = performance.now() before it, or
   * 0 when no listener or capture was active then: the duration is reported as 0).
   */
  protected emitQuery(sql: string, params: readonly unknown[], started: number, error?: DatabaseError): void {
    const capturing = isCapturingQueries();
    if (this.#listeners.size === 0 && !capturing) return;
    const event: QueryEvent = { alias: this.alias, sql, params, durationMs: started === 0 ? 0 : performance.now() - started, error };
    if (capturing) logQuery(event);
    for (const l of this.#listeners) l(event);
  }

  /**
   * Call `listener` after every statement on this alias (query logs, assertNumQueries,
   * N+1 detection). Return a function that removes it.
   */
  addQueryListener(listener: (event: QueryEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Return true if a statement that failed with a lost connection may run again on a fresh
   * one: reads always; writes only when the driver refused to send them (the connection was
   * already known dead), so a write is never applied twice.
   */
  protected canRetry(error: DatabaseError, sql: string): boolean {
    return /^\s*(SELECT|SHOW|PRAGMA|EXPLAIN)\b/i.test(sql) || this.wasNotSent(error);
  }

  /** Return true if the driver failed before sending the statement (vendor hook). */
  protected wasNotSent(error: DatabaseError): boolean {
    void error;
    return false;
  }

  /** Return true if `error` means the connection is gone (the pool drops it). */
  isConnectionLost(error: DatabaseError): boolean {
    return error.code === 'db.operational.connection_lost';
  }

  // ---- used by transaction.ts (not for application code) ----------------------------------

  /** Take a connection from the pool for a transaction. */
  async acquireConnection(): Promise<C> {
    const pool = this.#getPool();
    const connection = await pool.acquire();
    if (typeof connection === 'object' && connection !== null) this.#owners.set(connection, pool);
    return connection;
  }

  /** Return a transaction's connection to the pool (`broken` closes it). */
  releaseConnection(connection: C, broken = false): void {
    const owner = typeof connection === 'object' && connection !== null ? this.#owners.get(connection) : undefined;
    (owner ?? this.#getPool()).release(connection, broken);
  }

  /** Run a transaction-control statement (BEGIN, SAVEPOINT, COMMIT) on a given connection. */
  async executeOn(connection: C, sql: string): Promise<void> {
    const started = performance.now();
    try {
      await this.executeRaw(connection, sql, []);
      this.emitQuery(sql, [], started);
    } catch (error) {
      const translated = this.#translate(error, sql);
      this.emitQuery(sql, [], started, translated);
      throw translated;
    }
  }

  /** Check that the database answers; resolve to true or throw the driver's error, translated. */
  async ping(): Promise<true> {
    await this.query(this.ops.pingSql());
    return true;
  }

  /** Close every pooled connection (connections in use close when released). */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }
}
