// Database errors (one hierarchy for every driver, with stable codes), identifier validation,
// and the database router that picks an alias for reads, writes, relations and migrations.
// Layer 3a: imported by the backends, the connection registry and the model layer.

/** Extra facts attached to a database error. */
export interface DatabaseErrorOptions {
  /** The connection alias the statement ran on. */
  alias?: string | undefined;
  /** The SQL text (never the parameter values, which may hold secrets). */
  sql?: string | undefined;
  /** The driver's own error code (`'23505'`, `'ER_DUP_ENTRY'`, `'SQLITE_CONSTRAINT_UNIQUE'`). */
  vendorCode?: string | undefined;
  /** The driver error this one wraps. */
  cause?: unknown;
}

/**
 * Base class of every error raised by a database operation (PEP 249's hierarchy, as in Django).
 * `code` is stable across drivers, `vendorCode` is the driver's own code.
 *
 * @example
 * try { await conn.execute('INSERT ...', [1]); }
 * catch (e) { if (e instanceof IntegrityError && e.code === 'db.integrity.unique') ... }
 */
export class DatabaseError extends Error {
  /** Stable, driver-independent error code (`'db.integrity.unique'`, `'db.pool_timeout'`, ...). */
  readonly code: string;
  readonly alias: string | undefined;
  readonly sql: string | undefined;
  readonly vendorCode: string | undefined;

  constructor(message: string, code = 'db.error', options: DatabaseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.alias = options.alias;
    this.sql = options.sql;
    this.vendorCode = options.vendorCode;
  }
}

/**
 * Raise when the driver itself misbehaves or cannot be loaded.
 *
 * @example
 * await conn.query('SELECT 1') // without the driver installed: InterfaceError code 'db.driver_missing'
 */
export class InterfaceError extends DatabaseError {}
/**
 * Raise for bad data: out-of-range numbers, strings too long, invalid dates.
 *
 * @example
 * await conn.execute('INSERT INTO "t" ("code") VALUES (?)', ['x'.repeat(500)]) // DataError code 'db.data' (MySQL strict mode)
 */
export class DataError extends DatabaseError {}
/**
 * Raise for problems outside the program's control: lost connections, pool timeouts, locks.
 *
 * @example
 * catch (e) { if (e instanceof OperationalError && e.code === 'db.pool_timeout') ... }
 */
export class OperationalError extends DatabaseError {}
/**
 * Raise when a constraint fails: unique, foreign key, not null, check.
 *
 * @example
 * catch (e) { if (e instanceof IntegrityError && e.code === 'db.integrity.unique') form.addError('email', 'Taken'); }
 */
export class IntegrityError extends DatabaseError {}
/**
 * Raise when the database reports an internal problem.
 *
 * @example
 * catch (e) { if (e instanceof InternalError) log.error(e.vendorCode); }
 */
export class InternalError extends DatabaseError {}
/**
 * Raise for SQL errors: syntax, missing table or column, invalid identifiers.
 *
 * @example
 * await conn.query('SELECT * FROM "nope"') // ProgrammingError code 'db.programming.no_table'
 */
export class ProgrammingError extends DatabaseError {}
/**
 * Raise when a feature is not available on this database.
 *
 * @example
 * editor.addIndex(spec, { name: 'i', columns: ['a'], condition }) // MySQL: NotSupportedError code 'db.not_supported.partial_index'
 */
export class NotSupportedError extends DatabaseError {}
/**
 * Raise when transactions are misused (durable block nested, commit inside atomic, ...).
 *
 * @example
 * await atomic(() => atomic(fn, { durable: true })) // TransactionManagementError code 'db.durable_nested'
 */
export class TransactionManagementError extends ProgrammingError {}

const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Check that `name` is a safe SQL identifier (ASCII letter or `_` first, then letters, digits,
 * `_`; at most `maxLength` characters) and return it. Every table, column, index, constraint,
 * alias and savepoint name passes here before it is quoted.
 *
 * Differs from Django: Django quotes any name; Reinhardt refuses names outside this pattern so
 * no caller string can ever reach SQL text.
 *
 * @example
 * validateIdentifier('polls_question')        // 'polls_question'
 * validateIdentifier('x"; DROP TABLE t; --')  // throws ProgrammingError code 'db.invalid_identifier'
 */
export function validateIdentifier(name: string, what = 'identifier', maxLength = 128): string {
  if (typeof name !== 'string' || !IDENTIFIER_RE.test(name)) {
    throw new ProgrammingError(
      `Invalid SQL ${what} ${JSON.stringify(name)}: use ASCII letters, digits and '_' only, ` +
        `starting with a letter or '_'`,
      'db.invalid_identifier',
    );
  }
  if (name.length > maxLength) {
    throw new ProgrammingError(
      `SQL ${what} '${name}' is ${name.length} characters long; this database allows at most ` +
        `${maxLength}. Choose a shorter name (e.g. Meta dbTable or dbColumn).`,
      'db.identifier_too_long',
    );
  }
  return name;
}

/** Hints passed to routers; `instance` is the model instance involved, when there is one. */
export interface RouterHints {
  instance?: unknown;
  [key: string]: unknown;
}

/**
 * A database router (settings.DATABASE_ROUTERS entry). Every method is optional; returning
 * `undefined` passes the decision to the next router.
 *
 * @example
 * const replicaRouter: DatabaseRouter = {
 *   dbForRead: () => 'replica',
 *   dbForWrite: () => 'default',
 *   allowRelation: () => true,
 *   allowMigrate: (db) => db === 'default',
 * };
 */
export interface DatabaseRouter {
  dbForRead?(model: unknown, hints: RouterHints): string | undefined | null;
  dbForWrite?(model: unknown, hints: RouterHints): string | undefined | null;
  allowRelation?(a: unknown, b: unknown, hints?: RouterHints): boolean | undefined | null;
  allowMigrate?(db: string, appLabel: string, modelName?: string, hints?: RouterHints): boolean | undefined | null;
}

/**
 * Ask the configured routers, in order, which database to use; fall back to the alias the
 * instance was loaded from (via the resolver the model layer registers), then `'default'`.
 *
 * @example
 * const router = new ConnectionRouter(() => settings.DATABASE_ROUTERS);
 * router.dbForRead(Question, {})  // 'replica'
 */
export class ConnectionRouter {
  #routers: () => readonly DatabaseRouter[];
  #instanceDb: (instance: unknown) => string | undefined = () => undefined;

  constructor(routers: () => readonly DatabaseRouter[] | undefined) {
    this.#routers = () => routers() ?? [];
  }

  /** Register how to read the alias a model instance was loaded from (the model layer calls this). */
  setInstanceDbResolver(fn: (instance: unknown) => string | undefined): void {
    this.#instanceDb = fn;
  }

  #route(method: 'dbForRead' | 'dbForWrite', model: unknown, hints: RouterHints): string {
    for (const r of this.#routers()) {
      const fn = r[method];
      if (!fn) continue;
      const alias = fn.call(r, model, hints);
      if (alias) return alias;
    }
    if (hints.instance !== undefined) {
      const db = this.#instanceDb(hints.instance);
      if (db) return db;
    }
    return 'default';
  }

  /** Return the alias to read `model` from. */
  dbForRead(model: unknown, hints: RouterHints = {}): string {
    return this.#route('dbForRead', model, hints);
  }

  /** Return the alias to write `model` to. */
  dbForWrite(model: unknown, hints: RouterHints = {}): string {
    return this.#route('dbForWrite', model, hints);
  }

  /** Return whether a relation between instances `a` and `b` is allowed (same database by default). */
  allowRelation(a: unknown, b: unknown, hints: RouterHints = {}): boolean {
    for (const r of this.#routers()) {
      if (!r.allowRelation) continue;
      const allow = r.allowRelation(a, b, hints);
      if (allow !== undefined && allow !== null) return allow;
    }
    return (this.#instanceDb(a) ?? 'default') === (this.#instanceDb(b) ?? 'default');
  }

  /** Return whether migrations for `appLabel` (and `modelName`) may run on alias `db`. */
  allowMigrate(db: string, appLabel: string, modelName?: string, hints: RouterHints = {}): boolean {
    for (const r of this.#routers()) {
      if (!r.allowMigrate) continue;
      const allow = r.allowMigrate(db, appLabel, modelName, hints);
      if (allow !== undefined && allow !== null) return allow;
    }
    return true;
  }
}
