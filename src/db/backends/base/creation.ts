// Creating and dropping test databases (Django's `creation`). The test helper in
// src/test/databases.ts drives it; a vendor overrides how a database is made and removed.
import type { BaseDatabaseWrapper, DatabaseSettings } from './base.ts';

/**
 * Create and destroy whole databases for tests.
 *
 * @example
 * const settings = await conn.creation.createTestDatabase('rt_b_1a2b');
 * ...; await conn.creation.destroyTestDatabase('rt_b_1a2b');
 */
export abstract class BaseDatabaseCreation {
  protected connection: BaseDatabaseWrapper;

  constructor(connection: BaseDatabaseWrapper) {
    this.connection = connection;
  }

  /** Create database `name` (dropping a leftover of the same name) and return settings for it. */
  abstract createTestDatabase(name: string): Promise<DatabaseSettings>;

  /** Drop database `name` (no error if it is already gone). */
  abstract destroyTestDatabase(name: string): Promise<void>;
}
