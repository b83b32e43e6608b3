// PostgreSQL test databases: CREATE/DROP DATABASE through the configured database, which
// serves as the maintenance connection.
import { BaseDatabaseCreation } from '../base/creation.ts';
import type { DatabaseSettings } from '../base/base.ts';

/**
 * Create and drop PostgreSQL test databases.
 *
 * @example
 * await conn.creation.createTestDatabase('rt_b_1234') // CREATE DATABASE "rt_b_1234"
 */
export class PostgresqlCreation extends BaseDatabaseCreation {
  async createTestDatabase(name: string): Promise<DatabaseSettings> {
    await this.destroyTestDatabase(name);
    await this.connection.execute(`CREATE DATABASE ${this.connection.ops.quoteName(name, 'database name')}`);
    return { ...this.connection.settings, NAME: name };
  }

  async destroyTestDatabase(name: string): Promise<void> {
    await this.connection.execute(`DROP DATABASE IF EXISTS ${this.connection.ops.quoteName(name, 'database name')} WITH (FORCE)`);
  }
}
