// SQLite test databases: a file next to the configured one (or in the OS temp dir), or an
// in-memory database for ':memory:'.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseDatabaseCreation } from '../base/creation.ts';
import type { DatabaseSettings } from '../base/base.ts';

/**
 * Create and drop SQLite test databases (files in the temp dir, removed with their WAL files).
 *
 * @example
 * await conn.creation.createTestDatabase('rt_b_1234') // { ENGINE: 'sqlite', NAME: '/tmp/rt_b_1234.sqlite3' }
 */
export class SqliteCreation extends BaseDatabaseCreation {
  #path(name: string): string {
    return name === ':memory:' ? name : join(tmpdir(), `${name}.sqlite3`);
  }

  async createTestDatabase(name: string): Promise<DatabaseSettings> {
    await this.destroyTestDatabase(name);
    return { ...this.connection.settings, NAME: this.#path(name) };
  }

  async destroyTestDatabase(name: string): Promise<void> {
    const path = this.#path(name);
    if (path === ':memory:') return;
    await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(path + s, { force: true })));
  }
}
