// Prepared statements are cached per connection by SQL text (better-sqlite3 statements on
// SQLite, named statements on PostgreSQL, mysql2's cache on MySQL): results must stay right
// for other parameters, other SQL texts, and after the schema changes under a cached statement.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { createConnection } from '../../../src/db/connections.ts';
import { atomic } from '../../../src/db/transaction.ts';
import { NotSupportedError, ProgrammingError } from '../../../src/db/utils.ts';
import type { BaseDatabaseWrapper } from '../../../src/db/backends/base/base.ts';

for (const db of testDatabases()) {
  describe(`statement cache on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_', pool: { max: 1 } });
    });
    after(async () => h?.teardown());

    const q = (n: string) => h.connection.ops.quoteName(n);
    const int = (v: unknown) => Number(v);

    async function freshTable(c: BaseDatabaseWrapper, name: string, qtyType: string): Promise<void> {
      await c.execute(`DROP TABLE IF EXISTS ${q(name)}`);
      await c.execute(`CREATE TABLE ${q(name)} (${q('id')} INTEGER NOT NULL PRIMARY KEY, ${q('qty')} ${qtyType} NOT NULL)`);
    }

    it('runs one SQL text with different parameters and returns each one its own rows', async () => {
      const c = h.connection;
      await freshTable(c, 'rt_sc_a', 'INTEGER');
      await c.execute(`INSERT INTO ${q('rt_sc_a')} (${q('id')}, ${q('qty')}) VALUES (?, ?), (?, ?)`, [1, 10, 2, 20]);
      const sql = `SELECT ${q('qty')} FROM ${q('rt_sc_a')} WHERE ${q('id')} = ?`;
      assert.deepEqual((await c.query(sql, [1])).rows.map((r) => r.map(int)), [[10]]);
      assert.deepEqual((await c.query(sql, [2])).rows.map((r) => r.map(int)), [[20]]);
      assert.deepEqual((await c.query(sql, [3])).rows, []);
      assert.deepEqual((await c.query(sql, [1])).rows.map((r) => r.map(int)), [[10]]);
    });

    it('reads 64-bit integers exactly from a cached statement whatever the earlier rows held', { skip: db.vendor !== 'sqlite' ? 'SQLite reads integers as doubles first' : false }, async () => {
      const c = h.connection;
      await freshTable(c, 'rt_sc_big', 'INTEGER');
      await c.execute(`INSERT INTO ${q('rt_sc_big')} (${q('id')}, ${q('qty')}) VALUES (?, ?), (?, ?), (?, ?)`, [1, 7, 2, 9007199254740993n, 3, -9223372036854775808n]);
      const sql = `SELECT ${q('id')}, ${q('qty')} FROM ${q('rt_sc_big')} WHERE ${q('id')} = ?`;
      // Small values first (numbers), then values a double would round, then small ones again.
      assert.deepEqual((await c.query(sql, [1])).rows, [[1, 7]]);
      assert.deepEqual((await c.query(sql, [2])).rows, [[2, 9007199254740993n]]);
      assert.deepEqual((await c.query(sql, [3])).rows, [[3, -9223372036854775808n]]);
      assert.deepEqual((await c.query(sql, [1])).rows, [[1, 7]]);
      // 2^53 itself is beyond the safe range: it too comes back as a bigint.
      assert.deepEqual((await c.query(`SELECT ${q('qty')} + 0 FROM ${q('rt_sc_big')} WHERE ${q('id')} = ?`, [2])).rows, [[9007199254740993n]]);
      assert.deepEqual((await c.query('SELECT ? + 0', [9007199254740992n])).rows, [[9007199254740992n]]);
      // A large float stays a float; RETURNING (a write) reads exactly too.
      assert.deepEqual((await c.query('SELECT 1e300')).rows, [[1e300]]);
      const ret = await c.query(`INSERT INTO ${q('rt_sc_big')} (${q('id')}, ${q('qty')}) VALUES (?, ?) RETURNING ${q('qty')}`, [4, 9223372036854775807n]);
      assert.deepEqual(ret.rows, [[9223372036854775807n]]);
    });

    it('keeps statements of different SQL texts apart, with their own column names', async () => {
      const c = h.connection;
      const one = await c.query(`SELECT ${q('id')} FROM ${q('rt_sc_a')} WHERE ${q('id')} = ?`, [2]);
      const two = await c.query(`SELECT ${q('qty')}, ${q('id')} FROM ${q('rt_sc_a')} WHERE ${q('id')} = ?`, [2]);
      assert.deepEqual(one.columns, ['id']);
      assert.deepEqual(one.rows.map((r) => r.map(int)), [[2]]);
      assert.deepEqual(two.columns, ['qty', 'id']);
      assert.deepEqual(two.rows.map((r) => r.map(int)), [[20, 2]]);
    });

    it('returns the new columns of a cached SELECT * after a column is added', async () => {
      const c = h.connection;
      await freshTable(c, 'rt_sc_b', 'INTEGER');
      await c.execute(`INSERT INTO ${q('rt_sc_b')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 5]);
      const sql = `SELECT * FROM ${q('rt_sc_b')} WHERE ${q('id')} = ?`;
      const qualified = `SELECT ${q('rt_sc_b')}.* FROM ${q('rt_sc_b')} WHERE ${q('id')} = ?`;
      const count = `SELECT COUNT(*) AS ${q('n')} FROM ${q('rt_sc_b')}`;
      for (const text of [sql, qualified]) assert.deepEqual((await c.query(text, [1])).columns, ['id', 'qty']);
      assert.deepEqual((await c.query(count)).columns, ['n']);
      await c.execute(`ALTER TABLE ${q('rt_sc_b')} ADD COLUMN ${q('note')} VARCHAR(20) NULL`);
      await c.execute(`UPDATE ${q('rt_sc_b')} SET ${q('note')} = ? WHERE ${q('id')} = ?`, ['hi', 1]);
      for (const text of [sql, qualified]) {
        const r = await c.query(text, [1]);
        assert.deepEqual(r.columns, ['id', 'qty', 'note']);
        assert.deepEqual(r.rows.map((row) => [int(row[0]), int(row[1]), row[2]]), [[1, 5, 'hi']]);
      }
      assert.deepEqual((await c.query(count)).columns, ['n']);
    });

    it('returns the new columns of a cached SELECT * after another connection adds a column', async () => {
      const c = h.connection;
      await freshTable(c, 'rt_sc_g', 'INTEGER');
      await c.execute(`INSERT INTO ${q('rt_sc_g')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 5]);
      const texts = [`SELECT * FROM ${q('rt_sc_g')} WHERE ${q('id')} = ?`, `SELECT ${q('rt_sc_g')}.* FROM ${q('rt_sc_g')} WHERE ${q('id')} = ?`];
      for (let i = 0; i < 2; i++) for (const text of texts) assert.deepEqual((await c.query(text, [1])).columns, ['id', 'qty']);
      const other = createConnection('other_g', { ...h.settings, POOL: { max: 1 } });
      try {
        await other.execute(`ALTER TABLE ${q('rt_sc_g')} ADD COLUMN ${q('note')} VARCHAR(20) NULL`);
      } finally {
        await other.close();
      }
      for (const text of texts) {
        const r = await c.query(text, [1]);
        assert.deepEqual(r.columns, ['id', 'qty', 'note']);
        assert.equal(r.rows[0]!.length, 3);
      }
    });

    it('returns values of the new type when a table is recreated under a cached statement', async () => {
      const c = h.connection;
      const sql = `SELECT ${q('id')}, ${q('qty')} FROM ${q('rt_sc_c')} WHERE ${q('id')} = ?`;
      await freshTable(c, 'rt_sc_c', 'INTEGER');
      await c.execute(`INSERT INTO ${q('rt_sc_c')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 7]);
      assert.deepEqual((await c.query(sql, [1])).rows.map((r) => r.map(int)), [[1, 7]]);
      await freshTable(c, 'rt_sc_c', 'VARCHAR(10)');
      await c.execute(`INSERT INTO ${q('rt_sc_c')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 'seven']);
      const r = await c.query(sql, [1]);
      assert.equal(r.rows[0]![1], 'seven');
    });

    it('keeps a statement cached inside a transaction right after the transaction changed the table', { skip: db.key === 'mysql' ? 'MySQL commits DDL implicitly' : false }, async () => {
      const c = h.connection;
      const sql = `SELECT ${q('id')}, ${q('qty')} FROM ${q('rt_sc_d')} WHERE ${q('id')} = ?`;
      await freshTable(c, 'rt_sc_d', 'INTEGER');
      await c.execute(`INSERT INTO ${q('rt_sc_d')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 3]);
      await atomic(async () => {
        assert.deepEqual((await c.query(sql, [1])).rows.map((r) => r.map(int)), [[1, 3]]);
        await freshTable(c, 'rt_sc_d', 'VARCHAR(10)');
        await c.execute(`INSERT INTO ${q('rt_sc_d')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 'three']);
        assert.equal((await c.query(sql, [1])).rows[0]![1], 'three');
      }, { using: c });
    });

    it('reports the new spelling of a column renamed through this connection', { skip: db.key !== 'sqlite' ? 'SQLite reports a bare column under its declared name' : false }, async () => {
      const c = h.connection;
      await freshTable(c, 'rt_sc_f', 'INTEGER');
      const sql = `SELECT qty FROM ${q('rt_sc_f')}`;
      assert.deepEqual((await c.query(sql)).columns, ['qty']);
      await c.execute(`ALTER TABLE ${q('rt_sc_f')} RENAME COLUMN ${q('qty')} TO ${q('QTY')}`);
      assert.deepEqual((await c.query(sql)).columns, ['QTY']);
    });

    describe('PostgreSQL named statements', { skip: db.key !== 'postgres' ? 'PostgreSQL only' : false }, () => {
      const prepared = async (c: BaseDatabaseWrapper) => Number((await c.query(`SELECT COUNT(*) FROM pg_prepared_statements WHERE name LIKE 'rt_s%'`)).rows[0]![0]);

      it('prepares a statement when it runs again and keeps at most OPTIONS.statementCacheSize', async () => {
        const c = createConnection('small', { ...h.settings, POOL: { max: 1 }, OPTIONS: { statementCacheSize: 2 } });
        try {
          const pid = (await c.query('SELECT pg_backend_pid()')).rows[0]![0];
          for (const n of [1, 2, 3]) assert.equal(Number((await c.query(`SELECT ${n} + ?::int`, [n])).rows[0]![0]), 2 * n);
          assert.equal(await prepared(c), 0);
          for (const n of [1, 2, 3, 1]) assert.equal(Number((await c.query(`SELECT ${n} + ?::int`, [n])).rows[0]![0]), 2 * n);
          assert.equal(await prepared(c), 2);
          // The count query, run a second time, is prepared too: it and the most recent statement remain.
          assert.equal(await prepared(c), 2);
          const kept = (await c.query(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'rt_s%' ORDER BY statement`)).rows.map((r) => r[0]);
          assert.equal(kept.length, 2);
          assert.ok(kept.some((t) => String(t).startsWith('SELECT 3 + $1')), String(kept));
          assert.equal((await c.query('SELECT pg_backend_pid()')).rows[0]![0], pid);
        } finally {
          await c.close();
        }
      });

      it('prepares nothing with statementCacheSize 0, and refuses a bad size', async () => {
        const c = createConnection('none', { ...h.settings, POOL: { max: 1 }, OPTIONS: { statementCacheSize: 0 } });
        try {
          assert.equal(Number((await c.query('SELECT 1 + ?::int', [1])).rows[0]![0]), 2);
          assert.equal(await prepared(c), 0);
        } finally {
          await c.close();
        }
        assert.throws(() => createConnection('bad', { ...h.settings, OPTIONS: { statementCacheSize: -1 } }), (e: unknown) => e instanceof ProgrammingError && e.code === 'db.invalid_option');
      });

      it('keeps the connection when a cached statement that failed to parse is evicted', async () => {
        const c = createConnection('evict', { ...h.settings, POOL: { max: 1 }, OPTIONS: { statementCacheSize: 1 } });
        try {
          const pid = (await c.query('SELECT pg_backend_pid()')).rows[0]![0];
          for (let i = 0; i < 2; i++) await assert.rejects(c.query('SELECT nope FROM nowhere WHERE x = ?', [1]), ProgrammingError);
          for (let i = 0; i < 2; i++) assert.equal(Number((await c.query('SELECT 2 + ?::int', [1])).rows[0]![0]), 3);
          assert.equal((await c.query('SELECT pg_backend_pid()')).rows[0]![0], pid);
        } finally {
          await c.close();
        }
      });

      it('evicts a statement that never parsed inside a transaction without aborting it', async () => {
        const c = createConnection('evict_tx', { ...h.settings, POOL: { max: 1 }, OPTIONS: { statementCacheSize: 2 } });
        const bad = 'SELECT nope FROM nowhere WHERE x = ?';
        try {
          await assert.rejects(c.query(bad, [1]), ProgrammingError);
          await atomic(async () => {
            // Its second run names it; the parse fails and the savepoint rolls back.
            await assert.rejects(atomic(() => c.query(bad, [1]), { using: c }), ProgrammingError);
            // Naming these two texts evicts the statement that never parsed; the transaction goes on.
            for (const n of [2, 3]) for (let i = 0; i < 2; i++) assert.equal(Number((await c.query(`SELECT ${n} + ?::int`, [i])).rows[0]![0]), n + i);
            assert.equal(Number((await c.query('SELECT 4 + ?::int', [1])).rows[0]![0]), 5);
          }, { using: c });
          assert.equal(Number((await c.query('SELECT 5 + ?::int', [1])).rows[0]![0]), 6);
          assert.equal(await prepared(c), 2);
        } finally {
          await c.close();
        }
      });

      it('prepares again when another connection changed the result columns, retrying outside a transaction', async () => {
        const c = h.connection;
        await freshTable(c, 'rt_sc_e', 'INTEGER');
        await c.execute(`INSERT INTO ${q('rt_sc_e')} (${q('id')}, ${q('qty')}) VALUES (?, ?)`, [1, 4]);
        const sql = `SELECT * FROM ${q('rt_sc_e')} WHERE ${q('id')} = ?`;
        for (let i = 0; i < 2; i++) assert.deepEqual((await c.query(sql, [1])).columns, ['id', 'qty']);
        const other = createConnection('other', { ...h.settings, POOL: { max: 1 } });
        try {
          await other.execute(`ALTER TABLE ${q('rt_sc_e')} ADD COLUMN ${q('note')} VARCHAR(20) NULL`);
          for (let i = 0; i < 2; i++) assert.deepEqual((await c.query(sql, [1])).columns, ['id', 'qty', 'note']);
          await other.execute(`ALTER TABLE ${q('rt_sc_e')} ADD COLUMN ${q('more')} INTEGER NULL`);
          // Inside a transaction the error has aborted it: it surfaces, and the block rolls back.
          await assert.rejects(
            atomic(() => c.query(sql, [1]), { using: c }),
            (e: unknown) => e instanceof NotSupportedError && /cached plan must not change result type/.test(e.message),
          );
          assert.deepEqual((await c.query(sql, [1])).columns, ['id', 'qty', 'note', 'more']);
        } finally {
          await other.close();
        }
      });
    });
  });
}
