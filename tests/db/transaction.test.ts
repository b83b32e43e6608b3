import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase, inTestTransaction } from '../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../src/test/databases.ts';
import { atomic, onCommit, setRollback, getRollback, isInAtomicBlock } from '../../src/db/transaction.ts';
import { TransactionManagementError, IntegrityError } from '../../src/db/utils.ts';

for (const db of testDatabases()) {
  describe(`transactions on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    const q = (n: string) => h.connection.ops.quoteName(n);
    const insert = (name: string) => h.connection.execute(`INSERT INTO ${q('rt_item')} (${q('name')}) VALUES (?)`, [name]);
    const names = async () => (await h.connection.query(`SELECT ${q('name')} FROM ${q('rt_item')} ORDER BY ${q('name')}`)).rows.map((r) => r[0]);
    const reset = () => h.connection.execute(`DELETE FROM ${q('rt_item')}`);

    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_', pool: { max: 4, acquireTimeoutMs: 2000 } });
      await h.connection.schemaEditor().createTable({
        name: 'rt_item',
        columns: [
          { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
          { name: 'name', internalType: 'CharField', maxLength: 50, null: false, unique: true },
        ],
      });
    });
    after(async () => h?.teardown());

    it('commits when the callback resolves and returns its value', async () => {
      await reset();
      const out = await atomic(async () => {
        await insert('a');
        assert.ok(isInAtomicBlock({ using: h.connection }));
        return 42;
      }, { using: h.connection });
      assert.equal(out, 42);
      assert.deepEqual(await names(), ['a']);
      assert.equal(isInAtomicBlock({ using: h.connection }), false);
    });

    it('rolls back and rethrows when the callback throws', async () => {
      await reset();
      await assert.rejects(atomic(async () => {
        await insert('a');
        throw new Error('boom');
      }, { using: h.connection }), /boom/);
      assert.deepEqual(await names(), []);
    });

    it('rolls back a failed nested block to its savepoint only', async () => {
      await reset();
      await atomic(async () => {
        await insert('outer');
        await assert.rejects(atomic(async () => {
          await insert('inner');
          await insert('outer'); // unique violation inside the savepoint
        }, { using: h.connection }), IntegrityError);
        await insert('after');
      }, { using: h.connection });
      assert.deepEqual(await names(), ['after', 'outer']);
    });

    it('keeps a successful nested block when the outer one commits', async () => {
      await reset();
      await atomic(async () => {
        await atomic(async () => insert('n1'), { using: h.connection });
        await atomic(async () => atomic(async () => insert('n2'), { using: h.connection }), { using: h.connection });
      }, { using: h.connection });
      assert.deepEqual(await names(), ['n1', 'n2']);
    });

    it('refuses a durable block nested in another atomic block', async () => {
      await atomic(async () => {
        await assert.rejects(atomic(async () => {}, { using: h.connection, durable: true }), (e: unknown) => e instanceof TransactionManagementError && e.code === 'db.durable_nested');
      }, { using: h.connection });
      await atomic(async () => {}, { using: h.connection, durable: true });
    });

    it('allows a durable block inside a test-wrapper transaction', async () => {
      await atomic(async () => {
        await atomic(async () => {}, { using: h.connection, durable: true });
      }, { using: h.connection, testWrapper: true });
    });

    it('rolls a test transaction back and never runs its onCommit callbacks', async () => {
      await reset();
      let ran = false;
      const out = await inTestTransaction(async () => {
        await insert('t1');
        await atomic(async () => insert('t2'), { using: h.connection, durable: true });
        await onCommit(() => { ran = true; }, { using: h.connection });
        assert.deepEqual(await names(), ['t1', 't2']);
        return 'ok';
      }, { using: h.connection });
      assert.equal(out, 'ok');
      assert.equal(ran, false);
      assert.deepEqual(await names(), []);
    });

    it('runs onCommit callbacks in order after the outermost commit', async () => {
      const calls: string[] = [];
      await atomic(async () => {
        await onCommit(() => calls.push('one'), { using: h.connection });
        await atomic(async () => {
          await onCommit(() => calls.push('two'), { using: h.connection });
        }, { using: h.connection });
        assert.deepEqual(calls, []);
      }, { using: h.connection });
      assert.deepEqual(calls, ['one', 'two']);
    });

    it('discards onCommit callbacks of rolled-back blocks', async () => {
      const calls: string[] = [];
      await atomic(async () => {
        await onCommit(() => calls.push('kept'), { using: h.connection });
        await atomic(async () => {
          await onCommit(() => calls.push('dropped'), { using: h.connection });
          throw new Error('inner');
        }, { using: h.connection }).catch(() => {});
      }, { using: h.connection });
      await atomic(async () => {
        await onCommit(() => calls.push('never'), { using: h.connection });
        throw new Error('outer');
      }, { using: h.connection }).catch(() => {});
      assert.deepEqual(calls, ['kept']);
    });

    it('runs onCommit immediately outside a transaction', async () => {
      let ran = false;
      await onCommit(() => { ran = true; }, { using: h.connection });
      assert.ok(ran);
    });

    it('rolls back without raising after setRollback(true)', async () => {
      await reset();
      const out = await atomic(async () => {
        await insert('x');
        setRollback(true, { using: h.connection });
        assert.equal(getRollback({ using: h.connection }), true);
        return 'done';
      }, { using: h.connection });
      assert.equal(out, 'done');
      assert.deepEqual(await names(), []);
    });

    it('refuses queries after an error in a block without savepoint until the block ends', async () => {
      await reset();
      await assert.rejects(atomic(async () => {
        await atomic(async () => {
          throw new Error('no savepoint');
        }, { using: h.connection, savepoint: false }).catch(() => {});
        await insert('y');
      }, { using: h.connection }), (e: unknown) => e instanceof TransactionManagementError && e.code === 'db.transaction_broken');
      assert.deepEqual(await names(), []);
    });

    it('keeps uncommitted rows of concurrent transactions apart', { skip: db.key === 'sqlite' ? 'SQLite serialises transactions on one connection (see the next test)' : false }, async () => {
      await reset();
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      let inserted!: () => void;
      const insertedP = new Promise<void>((r) => { inserted = r; });
      const writer = atomic(async () => {
        await insert('hidden');
        inserted();
        await gate;
      }, { using: h.connection });
      await insertedP;
      const seen = await atomic(async () => names(), { using: h.connection });
      assert.deepEqual(seen, []);
      assert.deepEqual(await names(), []);
      release();
      await writer;
      assert.deepEqual(await names(), ['hidden']);
    });

    it('serialises concurrent atomic blocks so they never interleave', async () => {
      await reset();
      const order: string[] = [];
      const block = (tag: string) => atomic(async () => {
        order.push(`${tag}:start`);
        await insert(tag);
        await new Promise((r) => setImmediate(r));
        order.push(`${tag}:end`);
      }, { using: h.connection });
      await Promise.all([block('p'), block('q')]);
      assert.deepEqual((await names()).sort(), ['p', 'q']);
      if (db.key === 'sqlite') assert.deepEqual(order, ['p:start', 'p:end', 'q:start', 'q:end']);
    });
  });
}
