import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { createConnection } from '../../../src/db/connections.ts';
import { atomic } from '../../../src/db/transaction.ts';
import { OperationalError } from '../../../src/db/utils.ts';

for (const db of testDatabases()) {
  describe(`pool on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_', pool: { max: 1, acquireTimeoutMs: 150 } });
    });
    after(async () => h?.teardown());

    it('fails with a clear error naming the alias when no connection frees up in time', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      let held!: () => void;
      const heldP = new Promise<void>((r) => { held = r; });
      const holder = atomic(async () => {
        held();
        await gate;
      }, { using: h.connection });
      await heldP;
      await assert.rejects(h.connection.query('SELECT 1'), (e: unknown) => {
        assert.ok(e instanceof OperationalError);
        assert.equal(e.code, 'db.pool_timeout');
        assert.match(e.message, /database 'default'/);
        assert.match(e.message, /POOL\.max/);
        return true;
      });
      release();
      await holder;
      assert.equal(Number((await h.connection.query('SELECT 1')).rows[0]![0]), 1);
    });

    it('closes idle connections on close() and reopens on the next query', async () => {
      await h.connection.query('SELECT 1');
      assert.equal(h.connection.poolStats.open, 1);
      await h.connection.close();
      assert.equal(h.connection.poolStats.open, 0);
      assert.equal(Number((await h.connection.query('SELECT 1')).rows[0]![0]), 1);
    });

    it('lets a transaction finish when the pool is closed under it, then reopens', async () => {
      const c = h.connection;
      await atomic(async () => {
        await c.query('SELECT 1');
        await c.close();
        await c.query('SELECT 2');
      }, { using: c });
      assert.equal(c.poolStats.open, 0);
      assert.equal(Number((await c.query('SELECT 3')).rows[0]![0]), 3);
      assert.equal(c.poolStats.open, 1);
    });

    it('recovers when the server kills the connection', { skip: db.key === 'sqlite' ? 'SQLite has no server connection to kill' : false }, async () => {
      const c = h.connection;
      const idSql = db.key === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()';
      const before = Number((await c.query(idSql)).rows[0]![0]);
      const admin = createConnection('admin', { ...db.settings, POOL: { max: 1 } });
      try {
        if (db.key === 'postgres') await admin.query('SELECT pg_terminate_backend(?)', [before]);
        else await admin.execute(`KILL ${Math.trunc(before)}`);
      } finally {
        await admin.close();
      }
      // The very next statement succeeds on a fresh connection.
      const after = Number((await c.query(idSql)).rows[0]![0]);
      assert.notEqual(after, before);
      assert.equal(c.poolStats.open, 1);
    });

    it('never applies a write twice when its connection was killed', { skip: db.key === 'sqlite' ? 'SQLite has no server connection to kill' : false }, async () => {
      const c = h.connection;
      const q = (n: string) => c.ops.quoteName(n);
      await c.schemaEditor().createTable({ name: 'rt_once', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'v', internalType: 'IntegerField', null: false }] });
      const idSql = db.key === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()';
      const id = Number((await c.query(idSql)).rows[0]![0]);
      const admin = createConnection('admin', { ...db.settings, POOL: { max: 1 } });
      try {
        if (db.key === 'postgres') await admin.query('SELECT pg_terminate_backend(?)', [id]);
        else await admin.execute(`KILL ${Math.trunc(id)}`);
      } finally {
        await admin.close();
      }
      const outcome = await c.execute(`INSERT INTO ${q('rt_once')} (${q('v')}) VALUES (?)`, [1]).then(() => 'applied', (e: unknown) => {
        assert.ok(e instanceof OperationalError && e.code === 'db.operational.connection_lost');
        return 'failed';
      });
      const count = Number((await c.query(`SELECT COUNT(*) FROM ${q('rt_once')}`)).rows[0]![0]);
      assert.equal(count, outcome === 'applied' ? 1 : 0);
    });

    it('fails a transaction whose connection is killed, then recovers', { skip: db.key === 'sqlite' ? 'SQLite has no server connection to kill' : false }, async () => {
      const c = h.connection;
      const idSql = db.key === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()';
      await assert.rejects(atomic(async () => {
        const id = Number((await c.query(idSql)).rows[0]![0]);
        const admin = createConnection('admin', { ...db.settings, POOL: { max: 1 } });
        try {
          if (db.key === 'postgres') await admin.query('SELECT pg_terminate_backend(?)', [id]);
          else await admin.execute(`KILL ${Math.trunc(id)}`);
        } finally {
          await admin.close();
        }
        await c.query('SELECT 1');
      }, { using: c }), (e: unknown) => e instanceof OperationalError);
      assert.equal(Number((await c.query('SELECT 1')).rows[0]![0]), 1);
    });
  });
}
