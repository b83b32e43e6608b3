// `filter({ key: value }).update({...})` on a manager's queryset finds its cached statement by a
// short key (filter key, value kind, assigned names: src/db/models/unique-get.ts
// updateShapeKeys) instead of building the query's shape again. These tests check that every
// variation still gets its own, correct statement on every database.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { Model, fields, CASCADE, F, FieldError } from '../../../src/db/models/index.ts';
import { connections, captureQueries } from '../../../src/db/connections.ts';
import { updateShapeKeys } from '../../../src/db/models/unique-get.ts';

class UkShelf extends Model.define<UkShelf>()({
  name: fields.CharField({ maxLength: 20 }),
}, { appLabel: 'updatekey' }) {}

class UkBook extends Model.define<UkBook>()({
  code: fields.CharField({ maxLength: 20, unique: true }),
  title: fields.CharField({ maxLength: 50 }),
  pages: fields.IntegerField(),
  shelf: fields.ForeignKey(UkShelf, { onDelete: CASCADE, null: true }),
}, { appLabel: 'updatekey' }) {}

class UkStamped extends Model.define<UkStamped>()({
  n: fields.IntegerField(),
  touched: fields.DateTimeField({ autoNow: true }),
}, { appLabel: 'updatekey' }) {}

for (const db of testDatabases()) {
  describe(`filter({ key }).update() on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [UkShelf, UkBook, UkStamped]);
    let a: UkBook, b: UkBook, s1: UkShelf;
    beforeEach(async () => {
      if (db.skip) return;
      await UkBook.objects.all().delete();
      s1 = await UkShelf.objects.create({ name: 's1' });
      a = await UkBook.objects.create({ code: 'a', title: 'A', pages: 10, shelf: null });
      b = await UkBook.objects.create({ code: 'b', title: 'B', pages: 20, shelf: null });
    });

    const rows = async () => (await UkBook.objects.orderBy('code').valuesList('code', 'title', 'pages', 'shelfId')) as unknown[][];

    it('updates only the row named, again and again, with each set of names getting its own statement', async () => {
      for (let i = 0; i < 3; i++) {
        assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ pages: 100 + i }), 1);
        assert.equal(await UkBook.objects.filter({ pk: b.pk }).update({ title: `T${i}` }), 1);
        assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ title: `U${i}`, pages: 7 }), 1);
        assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ pages: 8, title: `V${i}` }), 1);
      }
      assert.deepEqual(await rows(), [['a', 'V2', 8, null], ['b', 'T2', 20, null]]);
      const keys = updateShapeKeys(connections.get('default').ops, UkBook.meta);
      assert.ok(keys.size >= 3, `short keys remembered: ${keys.size}`);
    });

    it('converts the filter value as the general path does (a string for an integer pk) and by other keys', async () => {
      assert.equal(await UkBook.objects.filter({ pk: String(a.pk) as never }).update({ pages: 31 }), 1);
      assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ pages: 32 }), 1);
      assert.equal(await UkBook.objects.filter({ code: 'b' }).update({ pages: 33 }), 1);
      assert.equal(await UkBook.objects.filter({ pages__gte: 32 }).update({ title: 'big' }), 2);
      assert.equal(await UkBook.objects.filter({ pages__gte: 33 }).update({ title: 'bigger' }), 1);
      assert.equal(await UkBook.objects.filter({ code: 'zzz' }).update({ pages: 1 }), 0);
      assert.deepEqual(await rows(), [['a', 'big', 32, null], ['b', 'bigger', 33, null]]);
    });

    it('leaves expressions, several conditions, exclude() and foreign keys correct', async () => {
      await UkBook.objects.filter({ pk: a.pk }).update({ pages: 1 });
      assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ pages: F('pages').add(5) as never }), 1);
      assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ pages: F('pages').add(5) as never }), 1);
      assert.equal(await UkBook.objects.exclude({ pk: a.pk }).update({ pages: 2 }), 1);
      assert.equal(await UkBook.objects.filter({ pk: a.pk, code: 'b' }).update({ pages: 3 }), 0);
      assert.equal(await UkBook.objects.filter({ pk: a.pk }).filter({ code: 'a' }).update({ pages: 12 }), 1);
      assert.equal(await UkBook.objects.filter({ pk: b.pk }).update({ shelf: s1 }), 1);
      assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ shelfId: s1.pk }), 1);
      assert.equal(await UkBook.objects.filter({ pk: a.pk }).update({ shelf: null }), 1);
      assert.deepEqual(await rows(), [['a', 'A', 12, null], ['b', 'B', 2, s1.pk]]);
    });

    it('still refuses a name that is not a field after valid updates were remembered', async () => {
      await UkBook.objects.filter({ pk: a.pk }).update({ pages: 5, title: 'x' });
      await assert.rejects(UkBook.objects.filter({ pk: a.pk }).update({ 'pages|5:title': 6 } as never), FieldError);
      await assert.rejects(UkBook.objects.filter({ pk: a.pk }).update({ nope: 6 } as never), FieldError);
      assert.deepEqual(await rows(), [['a', 'x', 5, null], ['b', 'B', 20, null]]);
    });

    it('runs one UPDATE per call and sets an autoNow field to the time of each call', async () => {
      const st = await UkStamped.objects.create({ n: 1 });
      const first = (await UkStamped.objects.get({ pk: st.pk })).touched as Date;
      await new Promise((r) => setTimeout(r, 15));
      const { queries } = await captureQueries(() => UkStamped.objects.filter({ pk: st.pk }).update({ n: 2 }));
      assert.equal(queries.length, 1);
      assert.match(queries[0]!.sql, /^UPDATE /);
      const second = (await UkStamped.objects.get({ pk: st.pk })).touched as Date;
      await new Promise((r) => setTimeout(r, 15));
      await UkStamped.objects.filter({ pk: st.pk }).update({ n: 3 });
      const third = await UkStamped.objects.get({ pk: st.pk });
      assert.ok(second.getTime() > first.getTime(), 'autoNow moved on the first update');
      assert.ok((third.touched as Date).getTime() > second.getTime(), 'autoNow moved again (not a cached time)');
      assert.equal(third.n, 3);
    });
  });
}
