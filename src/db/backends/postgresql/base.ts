// PostgreSQL through `pg` (loaded lazily on first connection). `?` placeholders become $1..$n,
// rows come back as arrays, dates/numerics/json come back as text for the ops converters, and
// streams read through a server-side cursor.
import { DatabaseError, DataError, IntegrityError, InterfaceError, InternalError, NotSupportedError, OperationalError, ProgrammingError } from '../../utils.ts';
import { BaseDatabaseWrapper } from '../base/base.ts';
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
  query(config: { text: string; values?: unknown[]; rowMode?: 'array' }): Promise<{ rows: unknown[][]; fields: Array<{ name: string }>; rowCount: number | null; command?: string }>;
  end(): Promise<void>;
  on(event: 'error' | 'end', listener: (error?: unknown) => void): unknown;
  readonly processID?: number | null;
}

interface PgModule {
  Client: new (config: Record<string, unknown>) => PgClient;
  types: { getTypeParser(oid: number, format?: string): (value: string) => unknown };
}

/** A pg client plus the flag set when the server drops it. */
export interface PostgresqlConnection {
  client: PgClient;
  broken: boolean;
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

  schemaEditor(options?: SchemaEditorOptions): PostgresqlSchemaEditor {
    return new PostgresqlSchemaEditor(this, options);
  }

  protected async connectRaw(): Promise<PostgresqlConnection> {
    const pg = await loadDriver();
    const s = this.settings;
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
      ...(s.OPTIONS ?? {}),
      types,
    });
    const conn: PostgresqlConnection = { client, broken: false };
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
    const r = await c.client.query({ text: toNumberedPlaceholders(sql), values: this.#values(params), rowMode: 'array' });
    return { rowCount: r.rowCount ?? 0 };
  }

  protected async queryRaw(c: PostgresqlConnection, sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const r = await c.client.query({ text: toNumberedPlaceholders(sql), values: this.#values(params), rowMode: 'array' });
    return { columns: (r.fields ?? []).map((f) => f.name), rows: r.rows ?? [] };
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
