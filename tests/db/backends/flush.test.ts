import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { atomic } from '../../../src/db/transaction.ts';

for (const db of testDatabases()) {
  describe(`flush and sequence reset on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    const q = (n: string) => h.connection.ops.quoteName(n);
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      const ed = h.connection.schemaEditor();
      await ed.createTable({ name: 'rt_p', columns: [{ name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true }, { name: 'n', internalType: 'IntegerField', null: true }] });
      await ed.createTable({ name: 'rt_c', columns: [{ name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true }, { name: 'p_id', internalType: 'BigIntegerField', null: false, references: { table: 'rt_p', column: 'id' } }] });
    });
    after(async () => h?.teardown());

    const newId = async () => {
      const c = h.connection;
      if (c.features.supportsReturning) return Number((await c.query(`INSERT INTO ${q('rt_p')} (${q('n')}) VALUES (?) ${c.ops.returningSql(['id'])}`, [0])).rows[0]![0]);
      return Number((await c.execute(`INSERT INTO ${q('rt_p')} (${q('n')}) VALUES (?)`, [0])).lastInsertId);
    };

    it('moves the id sequence past explicitly inserted ids', async () => {
      const c = h.connection;
      await c.execute(`INSERT INTO ${q('rt_p')} (${q('id')}, ${q('n')}) VALUES (?, ?)`, [5, 1]);
      for (const sql of c.ops.sequenceResetSql('rt_p', 'id')) await c.query(sql);
      assert.equal(await newId(), 6);
    });

    it('empties related tables in any order and restarts ids', async () => {
      const c = h.connection;
      await c.execute(`INSERT INTO ${q('rt_c')} (${q('p_id')}) VALUES (?)`, [5]);
      const statements = c.ops.sqlFlush(['rt_p', 'rt_c'], true);
      if (c.features.canRollbackDdl) await atomic(async () => { for (const s of statements) await c.execute(s); }, { using: c });
      else for (const s of statements) await c.execute(s);
      assert.equal(Number((await c.query(`SELECT COUNT(*) FROM ${q('rt_p')}`)).rows[0]![0]), 0);
      assert.equal(Number((await c.query(`SELECT COUNT(*) FROM ${q('rt_c')}`)).rows[0]![0]), 0);
      assert.equal(await newId(), 1);
    });
  });
}
