// The write fast paths of save()/create(): the one-row INSERT compiled once per model and
// connection, the pk read back (RETURNING or the driver's last insert id), signals, errors as
// rejections, transactions and a second alias.
import { describe, it, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from './orm-setup.ts';
import { testDatabases, useTestDatabase } from '../../../src/test/databases.ts';
import { Model, fields, createModelTables } from '../../../src/db/models/index.ts';
import { preSave, postSave } from '../../../src/db/models/signals.ts';
import { FieldError } from '../../../src/db/models/errors.ts';
import { IntegrityError } from '../../../src/db/utils.ts';
import { atomic, onCommit, setRollback } from '../../../src/db/transaction.ts';
import { connections } from '../../../src/db/connections.ts';
import type { QueryEvent } from '../../../src/db/backends/base/base.ts';

class WItem extends Model.define<WItem>()({
  name: fields.CharField({ maxLength: 50, unique: true }),
  qty: fields.IntegerField({ dbDefault: 7 }),
  note: fields.CharField({ maxLength: 20, default: 'n' }),
}, { appLabel: 'writepath', dbTable: 'rt_w_item' }) {}

class WCode extends Model.define<WCode>()({
  code: fields.CharField({ maxLength: 10, primaryKey: true }),
  label: fields.CharField({ maxLength: 20 }),
}, { appLabel: 'writepath', dbTable: 'rt_w_code' }) {}

const saveCalls: string[] = [];
class WCustom extends Model.define<WCustom>()({
  label: fields.CharField({ maxLength: 20 }),
}, { appLabel: 'writepath', dbTable: 'rt_w_custom' }) {
  override async save(options: Parameters<Model['save']>[0] = {}): Promise<void> {
    saveCalls.push(`${this.label}:${String(options.forceInsert)}:${String(options.using)}`);
    this.label = this.label.toUpperCase();
    await super.save(options);
  }
}

const models = [WItem, WCode, WCustom];

/** The statements run on `alias` while `fn` runs. */
async function capture(alias: string, fn: () => Promise<unknown>): Promise<QueryEvent[]> {
  const events: QueryEvent[] = [];
  const off = connections.get(alias).addQueryListener((e) => events.push(e));
  try {
    await fn();
  } finally {
    off();
  }
  return events;
}

for (const db of testDatabases()) {
  describe(`save()/create() write path on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, models);
    useTestDatabase(db, { prefix: 'rt_w2_', alias: 'other' });
    before(async () => {
      if (!db.skip) await createModelTables(models, 'other');
    });
    beforeEach(async () => {
      for (const alias of ['default', 'other']) for (const m of models) await m.objects.using(alias).all().delete();
      saveCalls.length = 0;
    });

    it('assigns the auto pk on create() and save(), one statement per insert', async () => {
      const events = await capture('default', async () => {
        const a = await WItem.objects.create({ name: 'a', qty: 1 });
        const b = new WItem({ name: 'b', qty: 2 });
        await b.save();
        assert.equal(typeof a.pk, 'number');
        assert.equal(typeof b.pk, 'number');
        assert.ok((b.pk as number) > (a.pk as number));
        assert.equal(a.pk, a.id);
      });
      assert.equal(events.length, 2);
      // SQLite reads the new pk from the driver (no RETURNING); PostgreSQL returns it.
      assert.equal(/RETURNING/i.test(events[0]!.sql), db.vendor === 'postgresql');
      const rows = await WItem.objects.orderBy('id').valuesList('id', 'name', 'qty');
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.map((r) => r[1]), ['a', 'b']);
      const a = await WItem.objects.get({ name: 'a' });
      assert.equal(a.qty, 1);
      assert.equal(a.note, 'n');
    });

    it('keeps the cached INSERT right when a field is given or left to its database default', async () => {
      const first = await WItem.objects.create({ name: 'dflt1' });
      const given = await WItem.objects.create({ name: 'given', qty: 3 });
      const second = await WItem.objects.create({ name: 'dflt2' });
      const third = await WItem.objects.create({ name: 'given2', qty: 0 });
      const qty = async (pk: unknown) => (await WItem.objects.get({ pk: pk as number })).qty;
      assert.equal(await qty(first.pk), 7);
      assert.equal(await qty(given.pk), 3);
      assert.equal(await qty(second.pk), 7);
      assert.equal(await qty(third.pk), 0);
      // An explicit pk is written as given, and the next insert gets an auto pk again.
      const explicit = await WItem.objects.create({ id: 100000, name: 'explicit', qty: 1 });
      assert.equal(explicit.pk, 100000);
      assert.equal((await WItem.objects.get({ pk: 100000 })).name, 'explicit');
      const after = await WItem.objects.create({ name: 'after' });
      assert.equal(typeof after.pk, 'number');
      assert.notEqual(after.pk, 100000);
      assert.equal((await WItem.objects.get({ pk: after.pk as number })).name, 'after');
      // A model whose pk is not automatic: the pk is a bound column.
      const c = await WCode.objects.create({ code: 'x1', label: 'one' });
      assert.equal(c.pk, 'x1');
      assert.equal((await WCode.objects.get({ pk: 'x1' })).label, 'one');
    });

    it('sends preSave and postSave with the same arguments when receivers are connected', async () => {
      const seen: unknown[][] = [];
      const offs = [
        preSave.connect(async ({ instance, raw, using, updateFields }) => {
          await new Promise((r) => setTimeout(r, 1));
          seen.push(['pre', instance, (instance as WItem).pk, raw, using, updateFields]);
        }, { sender: WItem }),
        postSave.connect(({ instance, created, raw, using, updateFields }) => {
          seen.push(['post', instance, (instance as WItem).pk, created, raw, using, updateFields]);
        }, { sender: WItem }),
      ];
      try {
        const a = await WItem.objects.create({ name: 's', qty: 1 });
        assert.deepEqual(seen, [['pre', a, null, false, 'default', null], ['post', a, a.pk, true, false, 'default', null]]);
        seen.length = 0;
        a.qty = 2;
        await a.save({ updateFields: ['qty'] });
        assert.deepEqual(seen, [['pre', a, a.pk, false, 'default', ['qty']], ['post', a, a.pk, false, false, 'default', ['qty']]]);
        seen.length = 0;
        const b = await WItem.objects.using('other').create({ name: 's2' });
        assert.deepEqual(seen.map((s) => [s[0], s[1] === b, s.at(-2)]), [['pre', true, 'other'], ['post', true, 'other']]);
        // Another sender's receivers are not called.
        seen.length = 0;
        await WCode.objects.create({ code: 'nosig', label: 'x' });
        assert.deepEqual(seen, []);
      } finally {
        for (const off of offs) off();
      }
      // A failing preSave receiver stops the save (rejection, no row).
      const off = preSave.connect(() => { throw new Error('refused'); }, { sender: WItem });
      try {
        await assert.rejects(WItem.objects.create({ name: 'refused' }), /refused/);
      } finally {
        off();
      }
      assert.equal(await WItem.objects.filter({ name: 'refused' }).count(), 0);
    });

    it('rejects (never throws) on an IntegrityError and leaves no row', async () => {
      await WItem.objects.create({ name: 'dup' });
      let p: Promise<unknown> | undefined;
      assert.doesNotThrow(() => { p = WItem.objects.create({ name: 'dup' }); });
      assert.ok(p instanceof Promise);
      await assert.rejects(p!, (e: unknown) => e instanceof IntegrityError);
      let s: Promise<unknown> | undefined;
      assert.doesNotThrow(() => { s = new WItem({ name: 'dup' }).save(); });
      await assert.rejects(s!, (e: unknown) => e instanceof IntegrityError);
      assert.equal(await WItem.objects.filter({ name: 'dup' }).count(), 1);
      // Bad save() options reject too.
      let u: Promise<unknown> | undefined;
      const a = await WItem.objects.get({ name: 'dup' });
      assert.doesNotThrow(() => { u = a.save({ updateFields: ['nope'] }); });
      await assert.rejects(u!, (e: unknown) => e instanceof FieldError);
      // Inside a transaction the failed insert leaves the block usable through a savepoint.
      await atomic(async () => {
        await assert.rejects(atomic(() => WItem.objects.create({ name: 'dup' })), (e: unknown) => e instanceof IntegrityError);
        await WItem.objects.create({ name: 'after-dup' });
      });
      assert.equal(await WItem.objects.filter({ name: 'after-dup' }).count(), 1);
    });

    it('undoes the inserts of an atomic block that throws or is marked for rollback', async () => {
      const made: WItem[] = [];
      await assert.rejects(atomic(async () => {
        for (let i = 0; i < 5; i++) made.push(await WItem.objects.create({ name: `tx${i}`, qty: i }));
        throw new Error('boom');
      }), /boom/);
      assert.equal(made.length, 5);
      assert.ok(made.every((m) => typeof m.pk === 'number'));
      assert.equal(await WItem.objects.count(), 0);
      await atomic(async () => {
        await WItem.objects.create({ name: 'marked' });
        setRollback(true);
      });
      assert.equal(await WItem.objects.count(), 0);
      await atomic(async () => {
        for (let i = 0; i < 3; i++) await WItem.objects.create({ name: `ok${i}` });
      });
      assert.equal(await WItem.objects.count(), 3);
    });

    it('updates through save(), inserts again when the row is gone, and honours force options', async () => {
      const a = await WItem.objects.create({ name: 'u', qty: 1 });
      a.qty = 5;
      a.name = 'u2';
      const events = await capture('default', () => a.save());
      assert.equal(events.length, 1);
      assert.match(events[0]!.sql, /^UPDATE/);
      const fresh = await WItem.objects.get({ pk: a.pk as number });
      assert.deepEqual([fresh.name, fresh.qty], ['u2', 5]);
      // The row vanished: a plain save() inserts it again under the same pk.
      await WItem.objects.filter({ pk: a.pk as number }).delete();
      await a.save();
      assert.equal((await WItem.objects.get({ pk: a.pk as number })).name, 'u2');
      await WItem.objects.filter({ pk: a.pk as number }).delete();
      await assert.rejects(a.save({ forceUpdate: true }), (e: unknown) => e instanceof FieldError && /did not affect any rows/.test(e.message));
      await assert.rejects(new WItem({ name: 'nopk' }).save({ forceUpdate: true }), (e: unknown) => e instanceof FieldError && /without a primary key/.test(e.message));
      // forceInsert on an existing pk is an IntegrityError.
      const b = await WItem.objects.create({ name: 'fi' });
      await assert.rejects(b.save({ forceInsert: true }), (e: unknown) => e instanceof IntegrityError);
      // A model whose only non-pk field is... none: save() of WCode updates its label.
      const c = await WCode.objects.create({ code: 'k', label: 'one' });
      c.label = 'two';
      await c.save();
      assert.equal((await WCode.objects.get({ pk: 'k' })).label, 'two');
    });

    it('writes only updateFields (by name or attname) and nothing for an empty list', async () => {
      const a = await WItem.objects.create({ name: 'uf', qty: 1, note: 'a' });
      a.qty = 9;
      a.note = 'changed';
      await a.save({ updateFields: ['qty'] });
      let fresh = await WItem.objects.get({ pk: a.pk as number });
      assert.deepEqual([fresh.qty, fresh.note], [9, 'a']);
      a.qty = 10;
      await a.save({ updateFields: ['note', 'qty'] });
      fresh = await WItem.objects.get({ pk: a.pk as number });
      assert.deepEqual([fresh.qty, fresh.note], [10, 'changed']);
      const none = await capture('default', () => a.save({ updateFields: [] }));
      assert.equal(none.length, 0);
      await WItem.objects.filter({ pk: a.pk as number }).delete();
      await assert.rejects(a.save({ updateFields: ['qty'] }), (e: unknown) => e instanceof FieldError && /did not affect any rows/.test(e.message));
    });

    it('QuerySet.update() returns the row count and rejects (never throws) on errors', async () => {
      const a = await WItem.objects.create({ name: 'qu1', qty: 1 });
      await WItem.objects.create({ name: 'qu2', qty: 2 });
      const p = WItem.objects.filter({ pk: a.pk as number }).update({ qty: 11 });
      assert.ok(p instanceof Promise);
      assert.equal(await p, 1);
      assert.equal(await WItem.objects.filter({ qty__lt: 100 }).update({ note: 'all' }), 2);
      assert.equal(await WItem.objects.filter({ name: 'none' }).update({ qty: 0 }), 0);
      assert.deepEqual(await WItem.objects.orderBy('name').valuesList('qty', { flat: true }), [11, 2]);
      let bad: Promise<unknown> | undefined;
      assert.doesNotThrow(() => { bad = WItem.objects.all().update({ nope: 1 } as never); });
      await assert.rejects(bad!, (e: unknown) => e instanceof FieldError);
      assert.doesNotThrow(() => { bad = WItem.objects.filter({ pk: a.pk as number }).update({ name: 'qu2' }); });
      await assert.rejects(bad!, (e: unknown) => e instanceof IntegrityError);
      assert.equal((await WItem.objects.get({ pk: a.pk as number })).name, 'qu1');
    });

    it('writes an instance to the alias it was created on or is saved to (cache per connection)', async () => {
      const onDefault = await WItem.objects.create({ name: 'd', qty: 1 });
      const onOther = await WItem.objects.using('other').create({ name: 'o', qty: 2 });
      assert.equal(typeof onOther.pk, 'number');
      const otherEvents = await capture('other', async () => {
        const defaultEvents = await capture('default', async () => {
          await WItem.objects.using('other').create({ name: 'o2' });
          onOther.qty = 3;
          await onOther.save(); // updates on the alias it came from
          const moved = new WItem({ name: 'moved', qty: 4 });
          await moved.save({ using: 'other' });
          assert.equal(typeof moved.pk, 'number');
        });
        assert.equal(defaultEvents.length, 0);
      });
      assert.equal(otherEvents.length, 3);
      assert.deepEqual(await WItem.objects.orderBy('name').valuesList('name', { flat: true }), ['d']);
      assert.deepEqual(await WItem.objects.using('other').orderBy('name').valuesList('name', { flat: true }), ['moved', 'o', 'o2']);
      assert.equal((await WItem.objects.using('other').get({ name: 'o' })).qty, 3);
      assert.equal((await WItem.objects.using('other').get({ name: 'o2' })).qty, 7);
      onDefault.qty = 8;
      await onDefault.save();
      assert.equal((await WItem.objects.get({ name: 'd' })).qty, 8);
    });

    it('calls an overridden save() from create()', async () => {
      const a = await WCustom.objects.create({ label: 'x' });
      const b = await WCustom.objects.using('other').create({ label: 'y' });
      assert.deepEqual(saveCalls, ['x:true:undefined', 'y:true:other']);
      assert.equal((await WCustom.objects.get({ pk: a.pk as number })).label, 'X');
      assert.equal((await WCustom.objects.using('other').get({ pk: b.pk as number })).label, 'Y');
    });

    it('rolls back, rejects and releases the connection when COMMIT itself fails', { skip: db.vendor === 'mysql' ? 'MySQL has no deferred constraints to fail a COMMIT' : false }, async () => {
      const conn = connections.get('default');
      const q = (n: string) => conn.ops.quoteName(n);
      await conn.execute(`CREATE TABLE ${q('rt_w_parent')} (${q('id')} INTEGER PRIMARY KEY)`);
      await conn.execute(`CREATE TABLE ${q('rt_w_child')} (${q('id')} INTEGER PRIMARY KEY, ${q('parent_id')} INTEGER REFERENCES ${q('rt_w_parent')} (${q('id')})${db.vendor === 'postgresql' ? ' DEFERRABLE INITIALLY DEFERRED' : ''})`);
      try {
        const ran: string[] = [];
        const events = await capture('default', async () => {
          await assert.rejects(atomic(async () => {
            if (db.vendor === 'sqlite') await conn.execute('PRAGMA defer_foreign_keys = ON');
            await conn.execute(`INSERT INTO ${q('rt_w_child')} (${q('id')}, ${q('parent_id')}) VALUES (1, 999)`);
            await WItem.objects.create({ name: 'lost' });
            await onCommit(() => { ran.push('onCommit'); });
          }), (e: unknown) => e instanceof IntegrityError);
        });
        assert.deepEqual(ran, []);
        assert.ok(events.some((e) => e.sql === 'COMMIT' && e.error instanceof IntegrityError));
        assert.equal(await WItem.objects.filter({ name: 'lost' }).count(), 0);
        assert.deepEqual((await conn.query(`SELECT COUNT(*) FROM ${q('rt_w_child')}`)).rows.map((r) => Number(r[0])), [0]);
        // The alias works normally afterwards, in and out of transactions.
        await atomic(async () => { await WItem.objects.create({ name: 'next' }); });
        assert.equal(await WItem.objects.filter({ name: 'next' }).count(), 1);
      } finally {
        await conn.execute(`DROP TABLE ${q('rt_w_child')}`);
        await conn.execute(`DROP TABLE ${q('rt_w_parent')}`);
      }
    });

    it('commits a synchronous callback and runs onCommit callbacks after the commit', async () => {
      const ran: string[] = [];
      const result = await atomic(() => {
        void onCommit(() => { ran.push('after'); });
        ran.push('inside');
        return 42;
      });
      assert.equal(result, 42);
      assert.deepEqual(ran, ['inside', 'after']);
      await assert.rejects(atomic(() => { throw new Error('sync boom'); }), /sync boom/);
      let unknown: Promise<unknown> | undefined;
      assert.doesNotThrow(() => { unknown = atomic(() => 1, { using: 'no-such-alias' }); });
      await assert.rejects(unknown!, /no-such-alias/);
      const made = await atomic(async () => {
        const a = await WItem.objects.create({ name: 'c1' });
        return atomic(async () => [a, await WItem.objects.create({ name: 'c2' })]);
      });
      assert.equal(made.length, 2);
      assert.equal(await WItem.objects.count(), 2);
    });
  });
}
