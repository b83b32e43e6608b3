import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';

for (const db of testDatabases()) {
  describe(`JSON SQL on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    const q = (n: string) => h.connection.ops.quoteName(n);
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      const c = h.connection;
      await c.schemaEditor().createTable({
        name: 'rt_doc',
        columns: [
          { name: 'id', internalType: 'AutoField', null: false, primaryKey: true },
          { name: 'data', internalType: 'JSONField', null: true },
        ],
      });
      const docs = [{ a: { b: 'x' }, list: [10, 20] }, { a: { b: 'y' }, c: null }, { z: 1, "we'ird": true }];
      for (const d of docs) await c.execute(`INSERT INTO ${q('rt_doc')} (${q('data')}) VALUES (?)`, [c.ops.adaptValue('JSONField', d)]);
    });
    after(async () => h?.teardown());

    const ids = async (where: { sql: string; params: unknown[] }) =>
      (await h.connection.query(`SELECT ${q('id')} FROM ${q('rt_doc')} WHERE ${where.sql} ORDER BY ${q('id')}`, where.params)).rows.map((r) => Number(r[0]));

    it('finds rows having a key, including keys whose value is null', async () => {
      const ops = h.connection.ops;
      assert.deepEqual(await ids(ops.jsonHasKeySql(q('data'), 'a')), [1, 2]);
      assert.deepEqual(await ids(ops.jsonHasKeySql(q('data'), 'c')), [2]);
      assert.deepEqual(await ids(ops.jsonHasKeySql(q('data'), "we'ird")), [3]);
    });

    it('combines keys with hasKeys all/any', async () => {
      const ops = h.connection.ops;
      assert.deepEqual(await ids(ops.jsonHasKeysSql(q('data'), ['a', 'c'], 'all')), [2]);
      assert.deepEqual(await ids(ops.jsonHasKeysSql(q('data'), ['c', 'z'], 'any')), [2, 3]);
    });

    it('extracts nested values as text for comparisons', async () => {
      const ops = h.connection.ops;
      const e = ops.jsonExtractTextSql(q('data'), ['a', 'b']);
      assert.deepEqual(await ids({ sql: `${e.sql} = ?`, params: [...e.params, 'y'] }), [2]);
      const item = ops.jsonExtractTextSql(q('data'), ['list', 1]);
      const r = await h.connection.query(`SELECT ${item.sql} FROM ${q('rt_doc')} WHERE ${q('id')} = ?`, [...item.params, 1]);
      assert.equal(String(r.rows[0]![0]), '20');
    });

    it('extracts nested JSON values', async () => {
      const ops = h.connection.ops;
      const e = ops.jsonExtractSql(q('data'), ['a']);
      const r = await h.connection.query(`SELECT ${e.sql} FROM ${q('rt_doc')} WHERE ${q('id')} = ?`, [...e.params, 1]);
      assert.deepEqual(ops.convertValue('JSONField', r.rows[0]![0]), { b: 'x' });
      const leaf = ops.jsonExtractSql(q('data'), ['a', 'b']);
      const r2 = await h.connection.query(`SELECT ${leaf.sql} FROM ${q('rt_doc')} WHERE ${q('id')} = ?`, [...leaf.params, 1]);
      assert.equal(ops.convertValue('JSONField', r2.rows[0]![0]), 'x');
    });
  });
}
