import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { atomic } from '../../../src/db/transaction.ts';

for (const db of testDatabases()) {
  describe(`streams inside transactions on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    const q = (n: string) => h.connection.ops.quoteName(n);
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_', pool: { max: 2, acquireTimeoutMs: 3000 } });
      await h.connection.schemaEditor().createTable({ name: 'rt_n', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'v', internalType: 'IntegerField', null: false }] });
      const values = Array.from({ length: 500 }, (_, i) => i);
      await h.connection.execute(`INSERT INTO ${q('rt_n')} (${q('v')}) VALUES ${values.map(() => '(?)').join(', ')}`, values);
    });
    after(async () => h?.teardown());

    it('sees the transaction\'s own uncommitted rows and keeps working after an early break', async () => {
      await atomic(async () => {
        await h.connection.execute(`INSERT INTO ${q('rt_n')} (${q('v')}) VALUES (?)`, [1000]);
        let seen = 0;
        for await (const chunk of h.connection.stream(`SELECT ${q('v')} FROM ${q('rt_n')} ORDER BY ${q('v')} DESC`, [], 50)) {
          seen += chunk.length;
          assert.equal(chunk[0]![0], 1000);
          break;
        }
        assert.equal(seen, 50);
        const r = await h.connection.query(`SELECT COUNT(*) FROM ${q('rt_n')}`);
        assert.equal(Number(r.rows[0]![0]), 501);
        setTimeout(() => {}, 0);
      }, { using: h.connection });
      const r = await h.connection.query(`SELECT COUNT(*) FROM ${q('rt_n')}`);
      assert.equal(Number(r.rows[0]![0]), 501);
    });

    it('lets the loop body run other queries on the same alias while streaming', async () => {
      let chunks = 0;
      for await (const chunk of h.connection.stream(`SELECT ${q('v')} FROM ${q('rt_n')} ORDER BY ${q('v')}`, [], 200)) {
        chunks++;
        const r = await h.connection.query(`SELECT COUNT(*) FROM ${q('rt_n')} WHERE ${q('v')} <= ?`, [chunk.at(-1)![0]]);
        assert.equal(Number(r.rows[0]![0]), Math.min(chunks * 200, 501));
        await h.connection.execute(`UPDATE ${q('rt_n')} SET ${q('v')} = ${q('v')} WHERE ${q('id')} = ?`, [1]);
      }
      assert.equal(chunks, 3);
    });

    it('reads every row of a large result in order', async () => {
      let total = 0;
      let last = -1;
      for await (const chunk of h.connection.stream(`SELECT ${q('v')} FROM ${q('rt_n')} ORDER BY ${q('v')}`, [], 64)) {
        for (const row of chunk) {
          assert.ok(Number(row[0]) > last);
          last = Number(row[0]);
          total++;
        }
      }
      assert.equal(total, 501);
    });
  });
}

describe('SQLite stream as the first use of a new file database', { skip: testDatabases().some((d) => d.key === 'sqlite') ? false : 'sqlite is not selected by REINHARDT_TEST_DATABASES' }, () => {
  it('creates the file before reading through the read-only connection', async () => {
    const h = await setupTestDatabase('sqlite', { prefix: 'rt_b_' });
    try {
      const chunks: unknown[][][] = [];
      for await (const chunk of h.connection.stream('SELECT 1 UNION ALL SELECT 2', [], 1)) chunks.push(chunk);
      assert.deepEqual(chunks, [[[1]], [[2]]]);
    } finally {
      await h.teardown();
    }
  });
});
