// PostgreSQL through `pg` (loaded lazily on first connection). `?` placeholders become $1..$n,
// statements are prepared once per connection under a name (a bounded cache keyed by SQL text),
// rows come back as arrays, dates/numerics/json come back as text for the ops converters, and
// streams read through a server-side cursor.
import { DatabaseError, DataError, IntegrityError, InterfaceError, InternalError, NotSupportedError, OperationalError, ProgrammingError } from '../../utils.ts';
import { BaseDatabaseWrapper } from '../base/base.ts';
import { activeTransaction } from '../base/transaction-state.ts';
import type { ExecuteResult, QueryResult } from '../base/base.ts';
import type { SchemaEditorOptions } from '../base/schema.ts';
import { PostgresqlDatabaseFeatures } from './features.ts';
import { PostgresqlOperations } from './operations.ts';
import { PostgresqlIntrospection } from './introspection.ts';
import { PostgresqlCreation } from './creation.ts';
import { PostgresqlSchemaEditor } from './schema.ts';

/** The slice of pg's Client this backend uses. */
export interface PgClient {
  connect(): Promise<unknown>;
  query(config: { text: string; name?: string | undefined; values?: unknown[]; rowMode?: 'array' }): Promise<PgResult>;
  end(): Promise<void>;
  on(event: 'error' | 'end', listener: (error?: unknown) => void): unknown;
  readonly processID?: number | null;
  /** pg's protocol connection: its map of statement names it has parsed (pg 8 internals). */
  readonly connection?: { parsedStatements?: Record<string, string> };
}

/** The slice of pg's query result this backend uses. */
export interface PgResult {
  rows: unknown[][];
  fields: Array<{ name: string }>;
  rowCount: number | null;
  command?: string;
}

interface PgModule {
  Client: new (config: Record<string, unknown>) => PgClient;
  types: { getTypeParser(oid: number, format?: string): (value: string) => unknown };
}

/** A pg client, the flag set when the server drops it, and its prepared statements. */
export interface PostgresqlConnection {
  client: PgClient;
  broken: boolean;
  /** SQL text ($n placeholders) -> name of its prepared statement, least recently used first. */
  statements: Map<string, string>;
  /** Texts run once and not prepared yet, oldest first (a text is prepared when it runs again). */
  seenOnce: Set<string>;
  /** Evicted names to DEALLOCATE once outside a transaction (an error there would abort it). */
  pendingDeallocate: string[];
  /** Names are never reused on a connection (pg refuses a name bound to other text). */
  statementCounter: number;
}

let driverPromise: Promise<PgModule> | undefined;

async function loadDriver(): Promise<PgModule> {
  driverPromise ??= import('pg').then(
    (m) => ((m as { default?: unknown }).default ?? m) as PgModule,
    (e: unknown) => {
      driverPromise = undefined;
      throw new InterfaceError(`The PostgreSQL backend needs the 'pg' package: npm install pg (${String(e)})`, 'db.driver_missing', { cause: e });
    },
  );
  return driverPromise;
}

const asText = (v: string): string => v;
const int8 = (v: string): number | bigint => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v);
};
/** OIDs whose values the ops converters parse themselves (exactness, time zones, JSON strings). */
const TEXT_OIDS: Record<number, (v: string) => unknown> = {
  20: int8, // int8
  1700: asText, // numeric
  1082: asText, // date
  1083: asText, // time
  1114: asText, // timestamp
  1184: asText, // timestamptz
  1266: asText, // timetz
  1186: asText, // interval
  114: asText, // json
  3802: asText, // jsonb
};

const placeholderCache = new Map<string, string>();

/**
 * Rewrite `?` placeholders to `$1..$n`, skipping quoted strings and identifiers and
 * comments. Cached per SQL text.
 *
 * @example
 * toNumberedPlaceholders(`SELECT * FROM t WHERE a = ? AND b = '?'`) // `... a = $1 AND b = '?'`
 */
export function toNumberedPlaceholders(sql: string): string {
  const cached = placeholderCache.get(sql);
  if (cached !== undefined) return cached;
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '?') {
      out += `$${++n}`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  if (placeholderCache.size > 2000) placeholderCache.clear();
  placeholderCache.set(sql, out);
  return out;
}

/** Default of OPTIONS.statementCacheSize: prepared statements kept per connection. */
const STATEMENT_CACHE = 256;
/** Statements that can change what other statements return: the cache is dropped after them. */
const SCHEMA_CHANGE = /^\s*(?:ALTER|CREATE|DROP|DISCARD|DEALLOCATE|DO)\b/i;

/** True for PostgreSQL's refusal to run a prepared statement whose result columns changed. */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}

const CONNECTION_LOST = /Connection terminated|not queryable|ECONNRESET|EPIPE|socket hang up|Client was closed|terminating connection/i;

/**
 * The PostgreSQL connection wrapper.
 *
 * @example
 * configure({ DATABASES: { default: { ENGINE: 'postgresql', NAME: 'mysite', USER: 'me', HOST: '127.0.0.1', POOL: { max: 20 } } } });
 */
export class PostgresqlDatabaseWrapper extends BaseDatabaseWrapper<PostgresqlConnection> {
  readonly vendor = 'postgresql';
  readonly displayName = 'PostgreSQL';
  readonly features = new PostgresqlDatabaseFeatures();
  readonly ops = new PostgresqlOperations(this.timeZone);
  readonly introspection: PostgresqlIntrospection = new PostgresqlIntrospection(this);
  readonly creation: PostgresqlCreation = new PostgresqlCreation(this);
  #cursorCounter = 0;
  #statementCacheSize: number;

  constructor(...args: ConstructorParameters<typeof BaseDatabaseWrapper>) {
    super(...args);
    const size = this.settings.OPTIONS?.['statementCacheSize'] ?? STATEMENT_CACHE;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new ProgrammingError(`DATABASES['${this.alias}'].OPTIONS.statementCacheSize must be a whole number >= 0 (0 turns prepared statements off), not ${String(size)}`, 'db.invalid_option', { alias: this.alias });
    }
    this.#statementCacheSize = size;
  }

  schemaEditor(options?: SchemaEditorOptions): PostgresqlSchemaEditor {
    return new PostgresqlSchemaEditor(this, options);
  }

  protected async connectRaw(): Promise<PostgresqlConnection> {
    const pg = await loadDriver();
    const s = this.settings;
    const { statementCacheSize: _, ...options } = s.OPTIONS ?? {};
    const types = {
      getTypeParser: (oid: number, format?: string) => TEXT_OIDS[oid] ?? pg.types.getTypeParser(oid, format),
    };
    const client = new pg.Client({
      host: s.HOST || '127.0.0.1',
      port: s.PORT ?? 5432,
      user: s.USER,
      password: s.PASSWORD,
      database: s.NAME,
      connectionTimeoutMillis: this.poolLimits().acquireTimeoutMs,
      ...options,
      types,
    });
    const conn: PostgresqlConnection = { client, broken: false, statements: new Map(), seenOnce: new Set(), pendingDeallocate: [], statementCounter: 0 };
    client.on('error', () => {
      conn.broken = true;
    });
    client.on('end', () => {
      conn.broken = true;
    });
    await client.connect();
    const tz = this.timeZone.USE_TZ ? 'UTC' : this.timeZone.TIME_ZONE;
    if (!/^[A-Za-z0-9_+\-/]+$/.test(tz)) throw new ProgrammingError(`Invalid TIME_ZONE '${tz}'`, 'db.invalid_timezone');
    await client.query({ text: `SET TIME ZONE '${tz}'` });
    return conn;
  }

  protected async closeRaw(c: PostgresqlConnection): Promise<void> {
    c.broken = true;
    await c.client.end().catch(() => {});
  }

  protected isRawBroken(c: PostgresqlConnection): boolean {
    return c.broken;
  }

  #values(params: readonly unknown[]): unknown[] {
    return params.map((v) => (v === undefined ? null : typeof v === 'bigint' ? v.toString() : v));
  }

  protected async executeRaw(c: PostgresqlConnection, sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    const r = await this.#send(c, sql, params);
    return { rowCount: r.rowCount ?? 0 };
  }

  protected async queryRaw(c: PostgresqlConnection, sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const r = await this.#send(c, sql, params);
    return { columns: (r.fields ?? []).map((f) => f.name), rows: r.rows ?? [] };
  }

  /**
   * Run one statement as a named prepared statement of this connection (parsed and planned
   * once, then only bound and executed). Schema changes on this connection drop the cache;
   * a statement whose result columns another connection's DDL changed ("cached plan must not
   * change result type") is prepared again under a new name and, outside a transaction (which
   * that error aborts), run once more.
   */
  async #send(c: PostgresqlConnection, sql: string, params: readonly unknown[]): Promise<PgResult> {
    const text = toNumberedPlaceholders(sql);
    const values = this.#values(params);
    const schemaChange = SCHEMA_CHANGE.test(text);
    if (c.pendingDeallocate.length > 0 && !this.#inTransaction(c)) for (const old of c.pendingDeallocate.splice(0)) this.#deallocate(c, old);
    const name = schemaChange ? undefined : this.#statementName(c, text);
    let result: PgResult;
    try {
      result = await c.client.query({ name, text, values, rowMode: 'array' });
    } catch (error) {
      if (name === undefined || !isStalePlan(error)) throw error;
      this.#forget(c, text);
      if (this.#inTransaction(c)) throw error;
      result = await c.client.query({ name: this.#statementName(c, text), text, values, rowMode: 'array' });
    }
    if (schemaChange && c.statements.size > 0) await this.#forgetAll(c);
    return result;
  }

  /** Return the statement name for `text` on `c` (naming it now if due), or undefined to not prepare. */
  #statementName(c: PostgresqlConnection, text: string): string | undefined {
    // pg prepares a single statement only; ';' may also sit in a literal: then just don't cache.
    if (this.#statementCacheSize === 0 || text.includes(';')) return undefined;
    let name = c.statements.get(text);
    if (name !== undefined) {
      c.statements.delete(text);
    } else {
      // Prepare a text when it runs the second time: one-off texts (IN lists of many lengths,
      // bulk inserts) stay unnamed instead of churning the cache with DEALLOCATE round trips.
      if (!c.seenOnce.delete(text)) {
        if (c.seenOnce.size >= 2 * this.#statementCacheSize) c.seenOnce.delete(c.seenOnce.values().next().value!);
        c.seenOnce.add(text);
        return undefined;
      }
      if (c.statements.size >= this.#statementCacheSize) this.#forget(c, c.statements.keys().next().value!);
      name = `rt_s${++c.statementCounter}`;
    }
    c.statements.set(text, name);
    return name;
  }

  /** Return true if `c` is the pinned connection of an open atomic block. */
  #inTransaction(c: PostgresqlConnection): boolean {
    return activeTransaction(this.alias, this)?.connection === c;
  }

  /**
   * Drop one statement from the cache, and from the server: now (queued on the connection), or
   * inside a transaction at the connection's next use outside one, since DEALLOCATE of a
   * statement that never parsed fails and would abort the transaction.
   */
  #forget(c: PostgresqlConnection, text: string): void {
    const name = c.statements.get(text);
    if (name === undefined) return;
    c.statements.delete(text);
    delete c.client.connection?.parsedStatements?.[name];
    if (this.#inTransaction(c)) c.pendingDeallocate.push(name);
    else this.#deallocate(c, name);
  }

  #deallocate(c: PostgresqlConnection, name: string): void {
    c.client.query({ text: `DEALLOCATE ${name}` }).catch((error: unknown) => this.#deallocateFailed(c, error));
  }

  /** Drop every cached statement of `c` after a schema change (DDL, DISCARD) ran on it. */
  async #forgetAll(c: PostgresqlConnection): Promise<void> {
    const parsed = c.client.connection?.parsedStatements;
    if (parsed) for (const name of c.statements.values()) delete parsed[name];
    c.statements.clear();
    c.seenOnce.clear();
    c.pendingDeallocate.length = 0;
    await c.client.query({ text: 'DEALLOCATE ALL' }).catch((error: unknown) => this.#deallocateFailed(c, error));
  }

  /**
   * A DEALLOCATE failed. "Does not exist" (the statement never parsed, or DISCARD ran) and
   * "transaction is aborted" (a raw BEGIN outside atomic(); the statement stays until the
   * connection closes, names are never reused) leave the cache right; anything else means the
   * connection is unreliable.
   */
  #deallocateFailed(c: PostgresqlConnection, error: unknown): void {
    const code = (error as { code?: unknown }).code;
    if (code !== '26000' && code !== '25P02') c.broken = true;
  }

  protected async *streamRaw(c: PostgresqlConnection, sql: string, params: readonly unknown[], chunkSize: number, inTransaction: boolean): AsyncGenerator<unknown[][]> {
    const cursor = `rt_cursor_${++this.#cursorCounter}`;
    const size = Math.max(1, Math.trunc(chunkSize));
    if (!inTransaction) await c.client.query({ text: 'BEGIN' });
    let ok = false;
    try {
      await c.client.query({ text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${toNumberedPlaceholders(sql)}`, values: this.#values(params) });
      for (;;) {
        const r = await c.client.query({ text: `FETCH FORWARD ${size} FROM ${cursor}`, rowMode: 'array' });
        if (r.rows.length) yield r.rows;
        if (r.rows.length < size) break;
      }
      await c.client.query({ text: `CLOSE ${cursor}` });
      ok = true;
    } finally {
      if (!inTransaction) await c.client.query({ text: ok ? 'COMMIT' : 'ROLLBACK' }).catch(() => {});
      else if (!ok) await c.client.query({ text: `CLOSE ${cursor}` }).catch(() => {});
    }
  }

  protected override wasNotSent(error: DatabaseError): boolean {
    const message = (error.cause as { message?: string } | undefined)?.message ?? '';
    return /not queryable|Client was closed|Connection terminated(?! unexpectedly)/i.test(message);
  }

  protected translateError(error: unknown, sql: string | undefined): DatabaseError {
    if (error instanceof DatabaseError) return error;
    const e = error as { code?: string; message?: string; detail?: string; constraint?: string };
    const code = typeof e.code === 'string' ? e.code : '';
    const detail = e.detail ? ` ${e.detail}` : '';
    const msg = `${e.message ?? String(error)}${detail} (database '${this.alias}')`;
    const opts = { alias: this.alias, sql, vendorCode: code || undefined, cause: error };
    if (code === '23505') return new IntegrityError(msg, 'db.integrity.unique', opts);
    if (code === '23503') return new IntegrityError(msg, 'db.integrity.foreign_key', opts);
    if (code === '23502') return new IntegrityError(msg, 'db.integrity.not_null', opts);
    if (code === '23514') return new IntegrityError(msg, 'db.integrity.check', opts);
    if (code.startsWith('23')) return new IntegrityError(msg, 'db.integrity', opts);
    if (code.startsWith('22')) return new DataError(msg, 'db.data', opts);
    if (code === '42P01') return new ProgrammingError(msg, 'db.programming.no_table', opts);
    if (code === '42703') return new ProgrammingError(msg, 'db.programming.no_column', opts);
    if (code === '42601') return new ProgrammingError(msg, 'db.programming.syntax', opts);
    if (code.startsWith('42') || code.startsWith('26') || code.startsWith('34') || code === '25P02' || code.startsWith('3F')) return new ProgrammingError(msg, 'db.programming', opts);
    if (code === '40P01') return new OperationalError(msg, 'db.operational.deadlock', opts);
    if (code === '40001') return new OperationalError(msg, 'db.operational.serialization', opts);
    if (code === '55P03') return new OperationalError(msg, 'db.operational.lock_not_available', opts);
    if (code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('08')) return new OperationalError(msg, 'db.operational.connection_lost', opts);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === '28P01' || code === '28000' || code === '3D000') {
      return new OperationalError(`Cannot connect to PostgreSQL for database '${this.alias}' at ${this.settings.HOST || '127.0.0.1'}:${this.settings.PORT ?? 5432}: ${e.message ?? code}`, 'db.operational.connection_failed', opts);
    }
    if (/timeout expired|Connection terminated due to connection timeout/i.test(e.message ?? '')) {
      return new OperationalError(`Timed out connecting to PostgreSQL for database '${this.alias}': ${e.message}`, 'db.operational.connection_failed', opts);
    }
    if (CONNECTION_LOST.test(e.message ?? '') || code === 'ECONNRESET' || code === 'EPIPE') return new OperationalError(msg, 'db.operational.connection_lost', opts);
    if (code.startsWith('53') || code.startsWith('57') || code.startsWith('55') || code.startsWith('58')) return new OperationalError(msg, 'db.operational', opts);
    if (code.startsWith('0A')) return new NotSupportedError(msg, 'db.not_supported', opts);
    if (code.startsWith('XX')) return new InternalError(msg, 'db.internal', opts);
    if (error instanceof TypeError || error instanceof RangeError) return new ProgrammingError(msg, 'db.programming.parameters', opts);
    return new DatabaseError(msg, 'db.error', opts);
  }
}
