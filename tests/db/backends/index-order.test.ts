// Index columns keep their sort order (`orders`), so a model's `fields: ['-pubDate']` index is
// created descending on every database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import type { TableSpec } from '../../../src/db/backends/base/schema.ts';

const table: TableSpec = {
  name: 'rt_event',
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'kind', internalType: 'CharField', maxLength: 10, null: false },
    { name: 'at', internalType: 'DateTimeField', null: false },
  ],
};

for (const db of testDatabases()) {
  describe(`index column order on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
    });
    after(async () => h?.teardown());

    it('creates descending columns with DESC and runs the statement', async () => {
      const index = { name: 'rt_event_kind_at_idx', columns: ['kind', 'at'], orders: ['ASC', 'DESC'] as ('ASC' | 'DESC')[] };
      const collector = h.connection.schemaEditor({ collectSql: true });
      await collector.addIndex(table, index);
      const q = (n: string) => h.connection.ops.quoteName(n);
      assert.equal(collector.collectedSql.join('\n').replace(/;$/, ''), `CREATE INDEX ${q('rt_event_kind_at_idx')} ON ${q('rt_event')} (${q('kind')}, ${q('at')} DESC)`);
      const editor = h.connection.schemaEditor();
      await editor.createTable(table);
      await editor.addIndex(table, index);
      const names = Object.values(await h.connection.introspection.getConstraints('rt_event')).map((c) => c.name);
      assert.ok(names.includes('rt_event_kind_at_idx'));
      await editor.deleteTable('rt_event');
    });
  });
}
