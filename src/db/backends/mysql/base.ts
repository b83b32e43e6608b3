// MySQL and MariaDB through `mysql2` (loaded lazily on first connection): prepared statements
// for bound values, array rows, big numbers / decimals / dates as text for the ops converters,
// and streams with backpressure.
import { DatabaseError, DataError, IntegrityError, InterfaceError, NotSupportedError, OperationalError, ProgrammingError } from '../../utils.ts';
import { BaseDatabaseWrapper } from '../base/base.ts';
import type { ExecuteResult, QueryResult } from '../base/base.ts';
import type { SchemaEditorOptions } from '../base/schema.ts';
import { MysqlDatabaseFeatures } from './features.ts';
import { MysqlOperations } from './operations.ts';
import { MysqlIntrospection } from './introspection.ts';
import { MysqlCreation } from './creation.ts';
import { MysqlSchemaEditor } from './schema.ts';

type Callback = (error: unknown, result?: unknown, fields?: Array<{ name: string }>) => void;

/** The slice of mysql2's (callback) Connection this backend uses. */
export interface MysqlDriverConnection {
  connect(callback: (error: unknown) => void): void;
  query(options: { sql: string; values?: unknown[]; rowsAsArray?: boolean }, callback?: Callback): { stream(options?: { highWaterMark?: number }): AsyncIterable<unknown> & { destroy?(): void } };
  execute(options: { sql: string; values?: unknown[]; rowsAsArray?: boolean }, callback?: Callback): { stream(options?: { highWaterMark?: number }): AsyncIterable<unknown> & { destroy?(): void } };
  end(callback?: (error?: unknown) => void): void;
  destroy(): void;
  on(event: 'error' | 'end', listener: (error?: unknown) => void): unknown;
  readonly threadId: number | null;
}

interface MysqlModule {
  createConnection(config: Record<string, unknown>): MysqlDriverConnection;
}

/** A mysql2 connection plus the flag set when the server drops it. */
export interface MysqlConnection {
  conn: MysqlDriverConnection;
  broken: boolean;
  /** The server's connection id (for `KILL`). */
  threadId: number | null;
}

let driverPromise: Promise<MysqlModule> | undefined;

async function loadDriver(): Promise<MysqlModule> {
  driverPromise ??= import('mysql2').then(
    (m) => ((m as { default?: unknown }).default ?? m) as MysqlModule,
    (e: unknown) => {
      driverPromise = undefined;
      throw new InterfaceError(`The MySQL backend needs the 'mysql2' package: npm install mysql2 (${String(e)})`, 'db.driver_missing', { cause: e });
    },
  );
  return driverPromise;
}

const LOST_ERRNO = new Set([2006, 2013, 1053, 1927, 4031]);
const LOST_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'PROTOCOL_SEQUENCE_TIMEOUT']);

/**
 * The MySQL/MariaDB connection wrapper.
 *
 * @example
 * configure({ DATABASES: { default: { ENGINE: 'mysql', NAME: 'mysite', USER: 'root', HOST: '127.0.0.1' } } });
 */
export class MysqlDatabaseWrapper extends BaseDatabaseWrapper<MysqlConnection> {
  readonly vendor = 'mysql';
  readonly displayName = 'MySQL/MariaDB';
  readonly features = new MysqlDatabaseFeatures();
  readonly ops = new MysqlOperations(this.timeZone);
  readonly introspection: MysqlIntrospection = new MysqlIntrospection(this);
  readonly creation: MysqlCreation = new MysqlCreation(this);

  schemaEditor(options?: SchemaEditorOptions): MysqlSchemaEditor {
    return new MysqlSchemaEditor(this, options);
  }

  protected async connectRaw(): Promise<MysqlConnection> {
    const mysql = await loadDriver();
    const s = this.settings;
    const conn = mysql.createConnection({
      host: s.HOST || '127.0.0.1',
      port: s.PORT ?? 3306,
      user: s.USER,
      password: s.PASSWORD,
      database: s.NAME || undefined,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: true,
      decimalNumbers: false,
      jsonStrings: true,
      timezone: 'Z',
      connectTimeout: this.poolLimits().acquireTimeoutMs,
      multipleStatements: false,
      ...(s.OPTIONS ?? {}),
    });
    const c: MysqlConnection = { conn, broken: false, threadId: null };
    conn.on('error', () => {
      c.broken = true;
    });
    conn.on('end', () => {
      c.broken = true;
    });
    await new Promise<void>((resolve, reject) => conn.connect((e) => (e ? reject(e) : resolve())));
    c.threadId = conn.threadId;
    return c;
  }

  protected async closeRaw(c: MysqlConnection): Promise<void> {
    const wasBroken = c.broken;
    c.broken = true;
    if (wasBroken) {
      c.conn.destroy();
      return;
    }
    await new Promise<void>((resolve) => c.conn.end(() => resolve()));
  }

  protected isRawBroken(c: MysqlConnection): boolean {
    return c.broken;
  }

  #values(params: readonly unknown[]): unknown[] {
    return params.map((v) => (v === undefined ? null : typeof v === 'bigint' ? v.toString() : typeof v === 'boolean' ? (v ? 1 : 0) : v));
  }

  #run(c: MysqlConnection, sql: string, params: readonly unknown[]): Promise<{ result: unknown; fields: Array<{ name: string }> | undefined }> {
    return new Promise((resolve, reject) => {
      const cb: Callback = (error, result, fields) => (error ? reject(error) : resolve({ result, fields }));
      // Statements with values are prepared (server-side binding); DDL and value-free SQL use
      // the text protocol, since not every statement can be prepared.
      if (params.length) c.conn.execute({ sql, values: this.#values(params), rowsAsArray: true }, cb);
      else c.conn.query({ sql, rowsAsArray: true }, cb);
    });
  }

  protected async executeRaw(c: MysqlConnection, sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    const { result } = await this.#run(c, sql, params);
    if (Array.isArray(result)) return { rowCount: result.length };
    const h = result as { affectedRows?: number; insertId?: number | string };
    const id = h.insertId;
    return { rowCount: h.affectedRows ?? 0, lastInsertId: id ? (typeof id === 'string' ? BigInt(id) : id) : undefined };
  }

  protected async queryRaw(c: MysqlConnection, sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const { result, fields } = await this.#run(c, sql, params);
    if (!Array.isArray(result)) return { columns: [], rows: [] };
    return { columns: (fields ?? []).map((f) => f.name), rows: result as unknown[][] };
  }

  protected async *streamRaw(c: MysqlConnection, sql: string, params: readonly unknown[], chunkSize: number, inTransaction: boolean): AsyncGenerator<unknown[][]> {
    const options = { sql, values: this.#values(params), rowsAsArray: true };
    const cmd = params.length ? c.conn.execute(options) : c.conn.query(options);
    const stream = cmd.stream({ highWaterMark: Math.max(1, chunkSize) });
    let chunk: unknown[][] = [];
    let done = false;
    try {
      for await (const row of stream) {
        chunk.push(row as unknown[]);
        if (chunk.length >= chunkSize) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
      done = true;
    } finally {
      // The protocol cannot abandon a result half-read: a pooled connection is dropped; a
      // transaction's connection is drained so the transaction can go on.
      if (!done && !inTransaction) c.broken = true;
    }
  }

  protected override wasNotSent(error: DatabaseError): boolean {
    const message = (error.cause as { message?: string } | undefined)?.message ?? '';
    return /closed state/i.test(message);
  }

  protected translateError(error: unknown, sql: string | undefined): DatabaseError {
    if (error instanceof DatabaseError) return error;
    const e = error as { code?: string; errno?: number; message?: string; sqlMessage?: string; fatal?: boolean };
    const errno = typeof e.errno === 'number' ? e.errno : 0;
    const code = e.code ?? '';
    const msg = `${e.message ?? String(error)} (database '${this.alias}')`;
    const opts = { alias: this.alias, sql, vendorCode: code || (errno ? String(errno) : undefined), cause: error };
    switch (errno) {
      case 1062: case 1586: return new IntegrityError(msg, 'db.integrity.unique', opts);
      case 1451: case 1452: case 1216: case 1217: return new IntegrityError(msg, 'db.integrity.foreign_key', opts);
      case 1048: case 1364: return new IntegrityError(msg, 'db.integrity.not_null', opts);
      case 3819: case 4025: return new IntegrityError(msg, 'db.integrity.check', opts);
      case 1406: case 1264: case 1292: case 1366: case 1265: case 1365: case 3140: return new DataError(msg, 'db.data', opts);
      case 1146: return new ProgrammingError(msg, 'db.programming.no_table', opts);
      case 1054: return new ProgrammingError(msg, 'db.programming.no_column', opts);
      case 1064: case 1149: return new ProgrammingError(msg, 'db.programming.syntax', opts);
      case 1213: return new OperationalError(msg, 'db.operational.deadlock', opts);
      case 1205: return new OperationalError(msg, 'db.operational.lock_timeout', opts);
      case 3572: return new OperationalError(msg, 'db.operational.lock_not_available', opts);
      case 1044: case 1045: case 1049: case 1040:
        return new OperationalError(`Cannot connect to MySQL for database '${this.alias}': ${e.message}`, 'db.operational.connection_failed', opts);
      case 1235: case 1178: return new NotSupportedError(msg, 'db.not_supported', opts);
      default: break;
    }
    if (LOST_ERRNO.has(errno) || LOST_CODES.has(code) || /closed state|connection lost|Connection was killed/i.test(e.message ?? '')) {
      return new OperationalError(msg, 'db.operational.connection_lost', opts);
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      return new OperationalError(`Cannot connect to MySQL for database '${this.alias}' at ${this.settings.HOST || '127.0.0.1'}:${this.settings.PORT ?? 3306}: ${e.message ?? code}`, 'db.operational.connection_failed', opts);
    }
    if (errno >= 1000 && errno < 2000) return new ProgrammingError(msg, 'db.programming', opts);
    if (errno >= 2000) return new OperationalError(msg, 'db.operational', opts);
    if (error instanceof TypeError || error instanceof RangeError) return new ProgrammingError(msg, 'db.programming.parameters', opts);
    return new DatabaseError(msg, 'db.error', opts);
  }
}
