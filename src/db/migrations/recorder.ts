// The record of applied migrations: the `reinhardt_migrations` table (created on first use),
// the partial progress of a migration on a database without transactional DDL, and the lock
// that keeps two `migrate` runs from colliding.

import type { MigrationConnection, TableSpec } from './db-types.ts';
import { MigrationError } from './errors.ts';

/** The table that records applied migrations. */
export const RECORDER_TABLE = 'reinhardt_migrations';

const TABLE_SPEC: TableSpec = {
  name: RECORDER_TABLE,
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'app', internalType: 'CharField', null: false, maxLength: 255 },
    { name: 'name', internalType: 'CharField', null: false, maxLength: 255 },
    { name: 'applied', internalType: 'DateTimeField', null: false },
    // NULL: fully applied. A number: operations done of a migration that stopped half-way.
    { name: 'progress', internalType: 'IntegerField', null: true },
  ],
};

/** One row of the recorder table. */
export interface AppliedMigration {
  app: string;
  name: string;
  applied: unknown;
  /** Operations applied of a migration that stopped half-way; `null` when complete. */
  progress: number | null;
}

/**
 * Read and write the applied-migrations table of one connection.
 *
 * @example
 * const recorder = new MigrationRecorder(connections.get('default'));
 * await recorder.ensureSchema();
 * await recorder.recordApplied('polls', '0001_initial');
 * await recorder.appliedKeys(); // Set { 'polls.0001_initial' }
 */
export class MigrationRecorder {
  readonly connection: MigrationConnection;
  #hasTable = false;

  constructor(connection: MigrationConnection) {
    this.connection = connection;
  }

  #q(name: string): string {
    return this.connection.ops.quoteName(name);
  }

  /** Return whether the recorder table exists. */
  async hasTable(): Promise<boolean> {
    if (this.#hasTable) return true;
    this.#hasTable = (await this.connection.introspection.tableNames()).includes(RECORDER_TABLE);
    return this.#hasTable;
  }

  /** Create the recorder table when it does not exist (safe when two runs race). */
  async ensureSchema(): Promise<void> {
    if (await this.hasTable()) return;
    try {
      await this.connection.schemaEditor().createTable(TABLE_SPEC);
    } catch (error) {
      this.#hasTable = false;
      if (!(await this.hasTable())) {
        throw new MigrationError(`Could not create the ${RECORDER_TABLE} table: ${(error as Error).message}`, 'migrations.recorder', { cause: error });
      }
    }
    this.#hasTable = true;
  }

  /** Return every recorded row (complete and partial). */
  async rows(): Promise<AppliedMigration[]> {
    if (!(await this.hasTable())) return [];
    const q = (n: string) => this.#q(n);
    const r = await this.connection.query(`SELECT ${q('app')}, ${q('name')}, ${q('applied')}, ${q('progress')} FROM ${q(RECORDER_TABLE)} ORDER BY ${q('id')}`);
    return r.rows.map((row) => ({
      app: String(row[0]),
      name: String(row[1]),
      applied: row[2],
      progress: row[3] === null || row[3] === undefined ? null : Number(row[3]),
    }));
  }

  /** Return the `app.name` keys of fully applied migrations. */
  async appliedKeys(): Promise<Set<string>> {
    return new Set((await this.rows()).filter((r) => r.progress === null).map((r) => `${r.app}.${r.name}`));
  }

  /** Return `app.name` -> operations done, for migrations that stopped half-way. */
  async partial(): Promise<Map<string, number>> {
    return new Map((await this.rows()).filter((r) => r.progress !== null).map((r) => [`${r.app}.${r.name}`, r.progress!]));
  }

  #now(): unknown {
    // Plain UTC text every driver and column type accepts.
    return new Date().toISOString().slice(0, 19).replace('T', ' ');
  }

  /** Record a migration as fully applied (replacing any partial progress). */
  async recordApplied(app: string, name: string): Promise<void> {
    await this.ensureSchema();
    await this.#delete(app, name);
    const q = (n: string) => this.#q(n);
    await this.connection.execute(
      `INSERT INTO ${q(RECORDER_TABLE)} (${q('app')}, ${q('name')}, ${q('applied')}) VALUES (?, ?, ?)`,
      [app, name, this.#now()],
    );
  }

  /** Record that `done` operations of a migration are applied (non-transactional DDL). */
  async recordProgress(app: string, name: string, done: number): Promise<void> {
    await this.ensureSchema();
    await this.#delete(app, name);
    const q = (n: string) => this.#q(n);
    await this.connection.execute(
      `INSERT INTO ${q(RECORDER_TABLE)} (${q('app')}, ${q('name')}, ${q('applied')}, ${q('progress')}) VALUES (?, ?, ?, ?)`,
      [app, name, this.#now(), done],
    );
  }

  /** Remove a migration's record (unapplied). */
  async recordUnapplied(app: string, name: string): Promise<void> {
    await this.ensureSchema();
    await this.#delete(app, name);
  }

  async #delete(app: string, name: string): Promise<void> {
    const q = (n: string) => this.#q(n);
    await this.connection.execute(`DELETE FROM ${q(RECORDER_TABLE)} WHERE ${q('app')} = ? AND ${q('name')} = ?`, [app, name]);
  }

  /** Remove every record (used by tests). */
  async flush(): Promise<void> {
    if (await this.hasTable()) await this.connection.execute(`DELETE FROM ${this.#q(RECORDER_TABLE)}`);
  }

  /**
   * Take the migrate lock for the duration of `fn`, so a second `migrate` on the same database
   * waits instead of colliding. PostgreSQL: an advisory lock; MySQL: `GET_LOCK`; SQLite: each
   * migration's transaction starts by taking the write lock (see `claimWriteLock`).
   */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = this.connection.ops.namedLockSql('reinhardt_migrate');
    if (!lock) return fn();
    const max = this.connection.settings.POOL?.max;
    if (max !== undefined && max < 2) {
      throw new MigrationError(
        `migrate holds a lock on one connection while it migrates on another; DATABASES['${this.connection.alias}'].POOL.max is ${max}, set it to at least 2`,
        'migrations.pool_too_small',
      );
    }
    const held = await this.connection.acquireConnection();
    let broken = false;
    try {
      await this.connection.executeOn(held, lock.acquire);
      try {
        return await fn();
      } finally {
        try {
          await this.connection.executeOn(held, lock.release);
        } catch {
          broken = true;
        }
      }
    } finally {
      this.connection.releaseConnection(held, broken);
    }
  }

  /**
   * Inside a migration's transaction, take the database write lock before reading what is
   * applied (a no-op write), so concurrent runs serialize on SQLite too.
   */
  async claimWriteLock(): Promise<void> {
    await this.ensureSchema();
    await this.connection.execute(`DELETE FROM ${this.#q(RECORDER_TABLE)} WHERE 1 = 0`);
  }
}
