// MySQL/MariaDB test databases: CREATE/DROP DATABASE through the configured connection.
import { BaseDatabaseCreation } from '../base/creation.ts';
import type { DatabaseSettings } from '../base/base.ts';

/**
 * Create and drop MySQL/MariaDB test databases (utf8mb4).
 *
 * @example
 * await conn.creation.createTestDatabase('rt_b_1234') // CREATE DATABASE `rt_b_1234` CHARACTER SET utf8mb4 ...
 */
export class MysqlCreation extends BaseDatabaseCreation {
  async createTestDatabase(name: string): Promise<DatabaseSettings> {
    await this.destroyTestDatabase(name);
    await this.connection.execute(`CREATE DATABASE ${this.connection.ops.quoteName(name, 'database name')} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return { ...this.connection.settings, NAME: name };
  }

  async destroyTestDatabase(name: string): Promise<void> {
    await this.connection.execute(`DROP DATABASE IF EXISTS ${this.connection.ops.quoteName(name, 'database name')}`);
  }
}
