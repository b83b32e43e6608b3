// Named unique constraints survive every path on every database: created with the table, added
// later, carried through table changes (SQLite rebuilds), and removable by name afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { IntegrityError } from '../../../src/db/utils.ts';
import type { TableSpec } from '../../../src/db/backends/base/schema.ts';

const base: TableSpec = {
  name: 'rt_gadget',
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'code', internalType: 'CharField', maxLength: 20, null: false },
    { name: 'maker', internalType: 'CharField', maxLength: 20, null: false },
    { name: 'note', internalType: 'CharField', maxLength: 20, null: true },
  ],
  constraints: [{ kind: 'unique', name: 'rt_gadget_code_uniq', columns: ['code'] }],
};

for (const db of testDatabases()) {
  describe(`unique constraints on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
    });
    after(async () => h?.teardown());

    const insert = (code: string, maker: string) =>
      h.connection.execute(`INSERT INTO ${h.connection.ops.quoteName('rt_gadget')} (${['code', 'maker'].map((c) => h.connection.ops.quoteName(c)).join(', ')}) VALUES (?, ?)`, [code, maker]);
    const names = async () => Object.values(await h.connection.introspection.getConstraints('rt_gadget')).filter((c) => c.unique && !c.primaryKey).map((c) => c.name).sort();

    it('keeps created and added unique constraints through a column change, then drops them by name', async () => {
      const editor = h.connection.schemaEditor();
      await editor.createTable(base);
      const withMaker: TableSpec = { ...base, constraints: [...base.constraints!, { kind: 'unique', name: 'rt_gadget_maker_note_uniq', columns: ['maker', 'note'] }] };
      await editor.addConstraint(base, withMaker.constraints![1]!);
      assert.deepEqual(await names(), ['rt_gadget_code_uniq', 'rt_gadget_maker_note_uniq']);

      // A change SQLite cannot ALTER in place: the table is rebuilt.
      const note = withMaker.columns[3]!;
      await editor.alterColumn(withMaker, note, { ...note, maxLength: 40 });
      const altered: TableSpec = { ...withMaker, columns: [...withMaker.columns.slice(0, 3), { ...note, maxLength: 40 }] };
      assert.deepEqual(await names(), ['rt_gadget_code_uniq', 'rt_gadget_maker_note_uniq']);
      await insert('a', 'm');
      await assert.rejects(insert('a', 'n'), IntegrityError);

      await editor.removeConstraint(altered, altered.constraints![0]!);
      await editor.removeConstraint({ ...altered, constraints: [altered.constraints![1]!] }, altered.constraints![1]!);
      assert.deepEqual(await names(), []);
      await insert('a', 'n');
      await editor.deleteTable('rt_gadget');
    });
  });
}
