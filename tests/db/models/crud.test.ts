import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from './orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { Decimal } from '../../../src/utils/decimal.ts';
import { Question, Choice, Author, Book, Publisher, Tag, Shelf, pollsModels, libraryModels } from './polls-models.ts';
import { ObjectDoesNotExist } from '../../../src/core/exceptions.ts';
import { ValidationError } from '../../../src/core/exceptions.ts';

const day = (d: number) => new Date(Date.UTC(2024, 0, d, 12, 0, 0));

for (const db of testDatabases()) {
  describe(`model CRUD on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    beforeEach(async () => {
      await Shelf.objects.all().delete();
      await Book.objects.all().delete();
      await Author.objects.all().delete();
      await Publisher.objects.all().delete();
      await Tag.objects.all().delete();
      await Question.objects.all().delete();
    });

    it('inserts on first save, updates afterwards and sets the pk', async () => {
      const q = new Question({ questionText: 'What?', pubDate: day(1) });
      assert.equal(q.pk, null);
      await q.save();
      assert.equal(typeof q.pk, 'number');
      q.questionText = 'Why?';
      await q.save();
      const again = await Question.objects.get({ pk: q.pk });
      assert.equal(again.questionText, 'Why?');
      assert.ok(again.pubDate instanceof Date);
      assert.equal(again.pubDate.toISOString(), day(1).toISOString());
      assert.equal(await Question.objects.count(), 1);
    });

    it('saves only updateFields and refreshes from the database', async () => {
      const q = await Question.objects.create({ questionText: 'a', pubDate: day(1) });
      q.questionText = 'b';
      q.pubDate = day(2);
      await q.save({ updateFields: ['pubDate'] });
      await q.refreshFromDb();
      assert.equal(q.questionText, 'a');
      assert.equal(q.pubDate.getTime(), day(2).getTime());
    });

    it('raises the model DoesNotExist and MultipleObjectsReturned from get()', async () => {
      await assert.rejects(Question.objects.get({ pk: 999 }), (e: unknown) => e instanceof Question.DoesNotExist && e instanceof ObjectDoesNotExist);
      await Question.objects.create({ questionText: 'x', pubDate: day(1) });
      await Question.objects.create({ questionText: 'x', pubDate: day(2) });
      await assert.rejects(Question.objects.get({ questionText: 'x' }), Question.MultipleObjectsReturned);
    });

    it('returns instances with the methods written on the class', async () => {
      await Question.objects.create({ questionText: 'recent', pubDate: new Date(Date.now() - 1000) });
      const [q] = await Question.objects.all();
      assert.equal(q!.wasPublishedRecently(), true);
    });

    it('gets or creates, and updates or creates', async () => {
      const [a, created] = await Author.objects.getOrCreate({ name: 'Ann' }, { defaults: { age: 30 } });
      assert.equal(created, true);
      assert.equal(a.age, 30);
      const [a2, created2] = await Author.objects.getOrCreate({ name: 'Ann' });
      assert.equal(created2, false);
      assert.equal(a2.pk, a.pk);
      const [u, c3] = await Author.objects.updateOrCreate({ name: 'Ann' }, { defaults: { age: 31 } });
      assert.equal(c3, false);
      assert.equal(u.age, 31);
      assert.equal((await Author.objects.get({ name: 'Ann' })).age, 31);
      const [, c4] = await Author.objects.updateOrCreate({ name: 'Bob' }, { defaults: { age: 5 } });
      assert.equal(c4, true);
    });

    it('bulk creates with primary keys and bulk updates chosen fields', async () => {
      const made = await Author.objects.bulkCreate([{ name: 'a', age: 1 }, { name: 'b', age: 2 }, { name: 'c', age: 3 }]);
      assert.ok(made.every((m) => typeof m.pk === 'number'));
      assert.equal(new Set(made.map((m) => m.pk)).size, 3);
      for (const m of made) m.age = (m.age ?? 0) * 10;
      const n = await Author.objects.bulkUpdate(made, ['age']);
      assert.equal(n, 3);
      assert.deepEqual(await Author.objects.orderBy('name').valuesList('age', { flat: true }), [10, 20, 30]);
    });

    it('skips conflicting rows in bulkCreate with ignoreConflicts', async () => {
      await Publisher.objects.create({ name: 'dup' });
      await Publisher.objects.bulkCreate([{ name: 'dup' }, { name: 'fresh' }], { ignoreConflicts: true });
      assert.deepEqual((await Publisher.objects.orderBy('name').valuesList('name', { flat: true })), ['dup', 'fresh']);
    });

    it('updates rows in SQL with F expressions and returns the count', async () => {
      const q = await Question.objects.create({ questionText: 'q', pubDate: day(1) });
      await Choice.objects.bulkCreate([{ question: q, choiceText: 'a', votes: 1 }, { question: q, choiceText: 'b', votes: 5 }]);
      const { F } = await import('../../../src/db/models/index.ts');
      const n = await Choice.objects.filter({ votes__lt: 3 }).update({ votes: F('votes').add(10) });
      assert.equal(n, 1);
      assert.deepEqual(await Choice.objects.orderBy('choiceText').valuesList('votes', { flat: true }), [11, 5]);
      const n2 = await Choice.objects.filter({ question__questionText: 'q' }).update({ votes: 0 });
      assert.equal(n2, 2);
    });

    it('orders, reverses, slices and picks first/last/earliest/latest', async () => {
      for (const [t, d] of [['c', 3], ['a', 1], ['b', 2]] as const) await Question.objects.create({ questionText: t, pubDate: day(d) });
      assert.deepEqual((await Question.objects.all()).map((q) => q.questionText), ['c', 'b', 'a']);
      assert.deepEqual((await Question.objects.orderBy('questionText')).map((q) => q.questionText), ['a', 'b', 'c']);
      assert.deepEqual((await Question.objects.orderBy('questionText').reverse()).map((q) => q.questionText), ['c', 'b', 'a']);
      assert.deepEqual((await Question.objects.orderBy('questionText').slice(1, 3)).map((q) => q.questionText), ['b', 'c']);
      assert.deepEqual((await Question.objects.orderBy('questionText').slice(1)).map((q) => q.questionText), ['b', 'c']);
      assert.equal((await Question.objects.orderBy('questionText').first())!.questionText, 'a');
      assert.equal((await Question.objects.orderBy('questionText').last())!.questionText, 'c');
      assert.equal((await Question.objects.earliest()).questionText, 'a');
      assert.equal((await Question.objects.latest()).questionText, 'c');
      assert.equal((await Question.objects.latest('-pubDate')).questionText, 'a');
      assert.equal(await Question.objects.none().count(), 0);
      assert.deepEqual(await Question.objects.none(), []);
      assert.equal((await Question.objects.orderBy('?')).length, 3);
    });

    it('returns typed value rows and tuples', async () => {
      const a = await Author.objects.create({ name: 'Ann', age: 40 });
      await Book.objects.create({ title: 'T', author: a, pages: 10 });
      const rows = await Book.objects.values('title', 'author__name', 'authorId', 'pages');
      assert.deepEqual(rows, [{ title: 'T', author__name: 'Ann', authorId: a.pk, pages: 10 }]);
      const tuples = await Book.objects.valuesList('title', 'pages');
      assert.deepEqual(tuples, [['T', 10]]);
      const all = await Author.objects.values();
      assert.equal(all[0]!['name' as never], 'Ann');
    });

    it('counts, checks existence and membership, and maps ids in bulk', async () => {
      const a = await Author.objects.create({ name: 'A' });
      const b = await Author.objects.create({ name: 'B' });
      assert.equal(await Author.objects.exists(), true);
      assert.equal(await Author.objects.filter({ name: 'Z' }).exists(), false);
      assert.equal(await Author.objects.filter({ name: 'A' }).contains(a), true);
      assert.equal(await Author.objects.filter({ name: 'A' }).contains(b), false);
      const m = await Author.objects.inBulk([a.pk, b.pk]);
      assert.equal(m.get(a.pk)!.name, 'A');
      assert.equal(m.size, 2);
      assert.equal(await Author.objects.orderBy('name').slice(0, 1).count(), 1);
    });

    it('streams rows in chunks with for await', async () => {
      await Author.objects.bulkCreate(Array.from({ length: 25 }, (_, i) => ({ name: `n${String(i).padStart(2, '0')}` })));
      const names: string[] = [];
      for await (const a of Author.objects.orderBy('name').iterator(10)) names.push(a.name);
      assert.equal(names.length, 25);
      assert.equal(names[24], 'n24');
      let n = 0;
      for await (const _ of Author.objects.all()) n++;
      assert.equal(n, 25);
    });

    it('keeps decimals exact and round-trips JSON, dates and nulls', async () => {
      const a = await Author.objects.create({ name: 'D', rating: new Decimal('123.45'), data: { k: [1, 'two'], n: null } });
      const b = await Book.objects.create({ title: 'x', author: a, price: new Decimal('0.10'), published: '2024-02-29' });
      const a2 = await Author.objects.get({ pk: a.pk });
      assert.ok(a2.rating instanceof Decimal);
      assert.equal(a2.rating!.toString(), '123.45');
      assert.deepEqual(a2.data, { k: [1, 'two'], n: null });
      assert.equal(a2.age, null);
      const b2 = await Book.objects.get({ pk: b.pk });
      assert.equal(b2.published, '2024-02-29');
      assert.equal(b2.price!.toString(), '0.10');
    });

    it('validates with fullClean, including uniqueness', async () => {
      await Author.objects.create({ name: 'U', email: 'u@example.com' });
      const dup = new Author({ name: 'V', email: 'u@example.com' });
      await assert.rejects(dup.fullClean(), (e: unknown) => e instanceof ValidationError && 'email' in e.errorDict);
      const bad = new Book({ title: '', status: 'z' as never, author: undefined as never });
      await assert.rejects(bad.fullClean({ exclude: ['author'] }), (e: unknown) => e instanceof ValidationError && 'title' in e.errorDict && 'status' in e.errorDict);
      await new Author({ name: 'W', email: 'w@example.com' }).fullClean();
    });

    it('deletes querysets with counts per model', async () => {
      const a = await Author.objects.create({ name: 'A' });
      await Book.objects.create({ title: '1', author: a });
      await Book.objects.create({ title: '2', author: a });
      const [n, per] = await Author.objects.filter({ name: 'A' }).delete();
      assert.equal(n, 3);
      assert.deepEqual(per, { 'library.Book': 2, 'library.Author': 1 });
      void Tag;
    });
  });
}
