import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { IntegrityError, ProgrammingError, DatabaseError } from '../../../src/db/utils.ts';
import type { TableSpec } from '../../../src/db/backends/base/schema.ts';

const people: TableSpec = {
  name: 'rt_person',
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'name', internalType: 'CharField', maxLength: 100, null: false, unique: true },
    { name: 'age', internalType: 'IntegerField', null: true },
  ],
};

for (const db of testDatabases()) {
  describe(`execution API on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      await h.connection.schemaEditor().createTable(people);
    });
    after(async () => h?.teardown());

    const q = (n: string) => h.connection.ops.quoteName(n);

    it('inserts with bound parameters and reports rowCount and the new id', async () => {
      const c = h.connection;
      const r = await c.execute(`INSERT INTO ${q('rt_person')} (${q('name')}, ${q('age')}) VALUES (?, ?)`, ['Ada', 36]);
      assert.equal(r.rowCount, 1);
      if (c.features.hasLastInsertId) assert.equal(r.lastInsertId, 1);
      const rows = await c.query(`SELECT ${q('id')}, ${q('name')}, ${q('age')} FROM ${q('rt_person')} WHERE ${q('name')} = ?`, ['Ada']);
      assert.deepEqual(rows.columns, ['id', 'name', 'age']);
      assert.deepEqual(rows.rows, [[1, 'Ada', 36]]);
    });

    it('stores injection attempts in values verbatim', async () => {
      const c = h.connection;
      const evil = `x'); DROP TABLE rt_person; -- ? $1 \\' "`;
      await c.execute(`INSERT INTO ${q('rt_person')} (${q('name')}) VALUES (?)`, [evil]);
      const r = await c.query(`SELECT ${q('name')} FROM ${q('rt_person')} WHERE ${q('name')} = ?`, [evil]);
      assert.deepEqual(r.rows, [[evil]]);
      const count = await c.query(`SELECT COUNT(*) FROM ${q('rt_person')}`);
      assert.equal(Number(count.rows[0]![0]), 2);
    });

    it('refuses identifiers outside the strict pattern', () => {
      assert.throws(() => h.connection.ops.quoteName('x"; DROP TABLE t; --'), (e: unknown) => e instanceof ProgrammingError && e.code === 'db.invalid_identifier');
      assert.throws(() => h.connection.ops.quoteName('a b'), /Invalid SQL identifier/);
      assert.throws(() => h.connection.ops.quoteName('x'.repeat(200)), (e: unknown) => e instanceof ProgrammingError && e.code === 'db.identifier_too_long');
    });

    it('maps a unique violation to IntegrityError with a stable code', async () => {
      const c = h.connection;
      await assert.rejects(
        c.execute(`INSERT INTO ${q('rt_person')} (${q('name')}) VALUES (?)`, ['Ada']),
        (e: unknown) => {
          assert.ok(e instanceof IntegrityError);
          assert.equal(e.code, 'db.integrity.unique');
          assert.equal(e.alias, 'default');
          assert.match(e.message, /Ada|unique|UNIQUE|Duplicate/);
          return true;
        },
      );
    });

    it('maps a missing table to ProgrammingError', async () => {
      await assert.rejects(h.connection.query(`SELECT * FROM ${q('rt_missing')}`), (e: unknown) => e instanceof ProgrammingError && e.code === 'db.programming.no_table');
    });

    it('maps a NOT NULL violation to IntegrityError', async () => {
      await assert.rejects(
        h.connection.execute(`INSERT INTO ${q('rt_person')} (${q('name')}) VALUES (?)`, [null]),
        (e: unknown) => e instanceof IntegrityError && e.code === 'db.integrity.not_null',
      );
    });

    it('streams rows in chunks of the requested size', async () => {
      const c = h.connection;
      for (let i = 0; i < 25; i++) await c.execute(`INSERT INTO ${q('rt_person')} (${q('name')}, ${q('age')}) VALUES (?, ?)`, [`p${i}`, i]);
      const sizes: number[] = [];
      let total = 0;
      for await (const chunk of c.stream(`SELECT ${q('age')} FROM ${q('rt_person')} WHERE ${q('age')} < ? ORDER BY ${q('age')}`, [25], 10)) {
        sizes.push(chunk.length);
        total += chunk.length;
      }
      assert.equal(total, 25);
      assert.deepEqual(sizes.slice(0, 2), [10, 10]);
    });

    it('releases the connection when a stream is abandoned early', async () => {
      const c = h.connection;
      for await (const chunk of c.stream(`SELECT ${q('age')} FROM ${q('rt_person')} ORDER BY ${q('age')}`, [], 5)) {
        assert.equal(chunk.length, 5);
        break;
      }
      const r = await c.query('SELECT 1');
      assert.equal(Number(r.rows[0]![0]), 1);
    });

    it('reports statements to query listeners', async () => {
      const seen: string[] = [];
      const off = h.connection.addQueryListener((e) => seen.push(e.sql));
      await h.connection.query('SELECT 2');
      await h.connection.query(`SELECT * FROM ${q('rt_nope')}`).catch(() => {});
      off();
      await h.connection.query('SELECT 3');
      assert.equal(seen.length, 2);
      assert.equal(seen[0], 'SELECT 2');
    });

    it('captures the statements of one async context only', async () => {
      const { captureQueries } = await import('../../../src/db/connections.ts');
      const { atomic } = await import('../../../src/db/transaction.ts');
      const [a, b] = await Promise.all([
        captureQueries(async () => {
          await h.connection.query('SELECT 10');
          const inner = await captureQueries(() => atomic(async () => h.connection.query('SELECT 11'), { using: h.connection }));
          assert.deepEqual(inner.queries.map((e) => e.sql), [h.connection.ops.startTransactionSql(), 'SELECT 11', 'COMMIT']);
          return 'a';
        }),
        captureQueries(async () => {
          await h.connection.query('SELECT 20');
          return 'b';
        }),
      ]);
      assert.equal(a.result, 'a');
      assert.deepEqual(a.queries.map((e) => e.sql), ['SELECT 10', h.connection.ops.startTransactionSql(), 'SELECT 11', 'COMMIT']);
      assert.deepEqual(b.queries.map((e) => e.sql), ['SELECT 20']);
    });

    it('wraps every driver error in DatabaseError', async () => {
      await assert.rejects(h.connection.query('SELEC nonsense'), (e: unknown) => e instanceof DatabaseError && e.code === 'db.programming.syntax');
    });
  });
}
