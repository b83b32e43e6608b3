import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { atomic } from '../../../src/db/transaction.ts';
import { IntegrityError, ProgrammingError } from '../../../src/db/utils.ts';
import type { QueryEvent } from '../../../src/db/backends/base/base.ts';
import type { TableSpec } from '../../../src/db/backends/base/schema.ts';

const items: TableSpec = {
  name: 'rt_now_item',
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'name', internalType: 'CharField', maxLength: 50, null: false, unique: true },
  ],
};

/** Await a result that may or may not be a promise, as the ORM's callers of executeNow/queryNow do. */
const settle = async <T>(r: T | Promise<T>): Promise<T> => (r instanceof Promise ? await r : r);

for (const db of testDatabases()) {
  describe(`executeNow / queryNow on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      await h.connection.schemaEditor().createTable(items);
    });
    after(async () => h?.teardown());
    const q = (n: string) => h.connection.ops.quoteName(n);

    it('runs statements and returns the same results as execute/query', async () => {
      const c = h.connection;
      const w = await settle(c.executeNow(`INSERT INTO ${q('rt_now_item')} (${q('name')}) VALUES (?)`, ['a']));
      assert.equal(w.rowCount, 1);
      const r = await settle(c.queryNow(`SELECT ${q('name')} FROM ${q('rt_now_item')} WHERE ${q('name')} = ?`, ['a']));
      assert.deepEqual(r.rows, [['a']]);
      assert.deepEqual(r, await c.query(`SELECT ${q('name')} FROM ${q('rt_now_item')} WHERE ${q('name')} = ?`, ['a']));
    });

    it('answers synchronously exactly when the driver is synchronous', async () => {
      const c = h.connection;
      const r = c.queryNow('SELECT 1');
      assert.equal(r instanceof Promise, db.vendor !== 'sqlite');
      await settle(r);
      await atomic(async () => {
        const inTx = c.queryNow('SELECT 1');
        assert.equal(inTx instanceof Promise, db.vendor !== 'sqlite');
        await settle(inTx);
      }, { using: h.connection });
    });

    it('translates errors and reports them to query listeners', async () => {
      const c = h.connection;
      const events: QueryEvent[] = [];
      const off = c.addQueryListener((e) => events.push(e));
      try {
        const sql = `INSERT INTO ${q('rt_now_item')} (${q('name')}) VALUES (?)`;
        await settle(c.executeNow(sql, ['dup']));
        let caught: unknown;
        try {
          await settle(c.executeNow(sql, ['dup']));
        } catch (e) {
          caught = e;
        }
        assert.ok(caught instanceof IntegrityError, `expected IntegrityError, got ${String(caught)}`);
        await assert.rejects(async () => settle(c.queryNow('SELECT * FROM rt_no_such_table')), ProgrammingError);
        assert.equal(events.length, 3);
        assert.equal(events[0]!.error, undefined);
        for (const e of events) assert.ok(e.durationMs >= 0 && e.durationMs < 60_000, `duration ${e.durationMs}`);
        assert.ok(events[1]!.error instanceof IntegrityError);
        assert.ok(events[2]!.error instanceof ProgrammingError);
        assert.equal(events[2]!.sql, 'SELECT * FROM rt_no_such_table');
      } finally {
        off();
      }
    });

    it('reports a duration of 0, not the time since start-up, to a listener added while a statement ran', async () => {
      const c = h.connection;
      const events: QueryEvent[] = [];
      const pending = c.queryNow('SELECT 1');
      const off = c.addQueryListener((e) => events.push(e));
      await settle(pending);
      off();
      assert.equal(events.length, db.vendor === 'sqlite' ? 0 : 1);
      if (events.length) assert.equal(events[0]!.durationMs, 0);
    });

    it('execute() still rejects (never throws synchronously) on a synchronous driver failure', () => {
      const c = h.connection;
      let p: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        p = c.execute('SELECT * FROM rt_no_such_table');
      });
      return assert.rejects(p!, ProgrammingError);
    });
  });
}
