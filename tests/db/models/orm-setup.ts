// Shared setup for ORM tests: configure settings once, create a fresh `rt_m_` database per
// vendor, point the 'default' alias at it and create the given models' tables.
import { before } from 'node:test';
import { configure, isConfigured } from '../../../src/conf/index.ts';
import { useTestDatabase, type TestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { createModelTables } from '../../../src/db/models/index.ts';
import type { AnyModel } from '../../../src/db/models/schema-helpers.ts';

if (!isConfigured()) configure({ DEBUG: false, DATABASES: {} } as never);

/** Create a test database for `db` with the tables of `models`; return the handle getter. */
export function useOrmDatabase(db: TestDatabase, models: readonly AnyModel[]): () => TestDatabaseHandle {
  const handle = useTestDatabase(db, { prefix: 'rt_m_' });
  before(async () => {
    if (db.skip) return;
    await createModelTables(models);
  });
  return handle;
}
