import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import type { ColumnSpec } from '../../../src/db/backends/base/schema.ts';

// Types whose column type maps back to the same internal type on every database.
const sameEverywhere: ColumnSpec[] = [
  { name: 'c_char', internalType: 'CharField', maxLength: 30, null: false },
  { name: 'c_text', internalType: 'TextField', null: true },
  { name: 'c_int', internalType: 'IntegerField', null: true },
  { name: 'c_big', internalType: 'BigIntegerField', null: true },
  { name: 'c_small', internalType: 'SmallIntegerField', null: true },
  { name: 'c_bool', internalType: 'BooleanField', null: false, dbDefault: { sql: '?', params: [false] } },
  { name: 'c_date', internalType: 'DateField', null: true },
  { name: 'c_dt', internalType: 'DateTimeField', null: true },
  { name: 'c_time', internalType: 'TimeField', null: true },
  { name: 'c_dec', internalType: 'DecimalField', maxDigits: 8, decimalPlaces: 3, null: true },
  { name: 'c_float', internalType: 'FloatField', null: true },
  { name: 'c_bin', internalType: 'BinaryField', null: true },
  { name: 'c_json', internalType: 'JSONField', null: true },
];

for (const db of testDatabases()) {
  describe(`introspection for inspectdb on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      await h.connection.schemaEditor().createTable({
        name: 'rt_types',
        comment: 'all the types',
        columns: [{ name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true }, ...sameEverywhere],
      });
    });
    after(async () => h?.teardown());

    it('maps column types back to field internal types', async () => {
      const cols = await h.connection.introspection.getColumns('rt_types');
      const got = Object.fromEntries(cols.map((c) => [c.name, c.internalType]));
      for (const spec of sameEverywhere) assert.equal(got[spec.name], spec.internalType, `${spec.name} (${cols.find((c) => c.name === spec.name)?.dataType})`);
      assert.ok(got['id'] === 'BigAutoField' || got['id'] === 'AutoField');
    });

    it('reports sizes, nullability and defaults', async () => {
      const cols = Object.fromEntries((await h.connection.introspection.getColumns('rt_types')).map((c) => [c.name, c]));
      assert.equal(cols['c_char']!.maxLength, 30);
      assert.equal(cols['c_char']!.null, false);
      assert.equal(cols['c_text']!.null, true);
      assert.equal(cols['c_dec']!.maxDigits, 8);
      assert.equal(cols['c_dec']!.decimalPlaces, 3);
      assert.notEqual(cols['c_bool']!.default, null);
      assert.equal(cols['id']!.autoIncrement, true);
      assert.equal(cols['c_int']!.autoIncrement ?? false, false);
    });

    it('lists tables with their kind', async () => {
      const tables = await h.connection.introspection.getTables();
      const t = tables.find((x) => x.name === 'rt_types');
      assert.equal(t?.type, 'table');
      if (h.connection.features.supportsComments) assert.equal(t?.comment, 'all the types');
    });
  });
}
