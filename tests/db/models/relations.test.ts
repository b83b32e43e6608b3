import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from './orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { Model, fields, CASCADE, SET, Prefetch, ProtectedError, RestrictedError, preSave, postSave, preDelete, postDelete, m2mChanged, type RelatedManager, type ReverseOneToOne } from '../../../src/db/models/index.ts';
import { Author, Book, Publisher, Tag, Shelf, Question, Choice, pollsModels, libraryModels } from './polls-models.ts';

class Place extends Model.define<Place>()({
  name: fields.CharField({ maxLength: 50 }),
}, { appLabel: 'places' }) {
  declare restaurant: ReverseOneToOne<Restaurant>;
}
class Restaurant extends Model.define<Restaurant>()({
  place: fields.OneToOneField(Place, { onDelete: CASCADE, primaryKey: true }),
  servesPizza: fields.BooleanField({ default: false }),
}, { appLabel: 'places' }) {}
class Waiter extends Model.define<Waiter>()({
  restaurant: fields.ForeignKey(Restaurant, { onDelete: SET(null), null: true, relatedName: 'waiters' }),
  name: fields.CharField({ maxLength: 50 }),
}, { appLabel: 'places' }) {
  declare tips: RelatedManager<never>;
}

for (const db of testDatabases()) {
  describe(`relations on ${db.vendor}`, { skip: db.skip }, () => {
    const h = useOrmDatabase(db, [...pollsModels, ...libraryModels, Place, Restaurant, Waiter]);
    let queries: string[] = [];
    beforeEach(async () => {
      await Shelf.objects.all().delete();
      await Book.objects.all().delete();
      await Author.objects.all().delete();
      await Publisher.objects.all().delete();
      await Tag.objects.all().delete();
      await Question.objects.all().delete();
      await Place.objects.all().delete();
      queries = [];
    });
    const counting = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      queries = [];
      const off = h().connection.addQueryListener((e) => queries.push(e.sql));
      try {
        return [await fn(), queries.length];
      } finally {
        off();
      }
    };

    it('loads a forward relation explicitly, then from the cache', async () => {
      const q = await Question.objects.create({ questionText: 'q', pubDate: new Date() });
      const c = await Choice.objects.create({ question: q, choiceText: 'c' });
      const fresh = await Choice.objects.get({ pk: c.pk });
      assert.equal(fresh.questionId, q.pk);
      const [loaded, n] = await counting(async () => await fresh.question);
      assert.equal(loaded.questionText, 'q');
      assert.equal(n, 1);
      const [again, n2] = await counting(async () => await fresh.question);
      assert.equal(again, loaded);
      assert.equal(n2, 0);
    });

    it('joins forward relations with selectRelated (one query, typed as loaded)', async () => {
      const a = await Author.objects.create({ name: 'A' });
      const p = await Publisher.objects.create({ name: 'P' });
      await Book.objects.create({ title: 'x', author: a, publisher: p });
      await Book.objects.create({ title: 'y', author: a });
      const [books, n] = await counting(async () => await Book.objects.selectRelated('author', 'publisher').orderBy('title'));
      assert.equal(n, 1);
      assert.equal(books[0]!.author.name, 'A');
      assert.equal(books[0]!.publisher!.name, 'P');
      assert.equal(books[1]!.publisher, null);
      const [deep, n2] = await counting(async () => await Author.objects.create({ name: 'M' }).then(async (m) => {
        await Author.objects.filter({ name: 'A' }).update({ mentor: m });
        return Book.objects.selectRelated('author__mentor').get({ title: 'x' });
      }));
      assert.equal((await deep.author.mentor)!.name, 'M');
      assert.ok(n2 >= 1);
    });

    it('manages reverse foreign keys with add, create, remove, set and clear', async () => {
      const q = await Question.objects.create({ questionText: 'q', pubDate: new Date() });
      const c1 = await q.choices.create({ choiceText: 'one' } as never);
      assert.equal(c1.questionId, q.pk);
      assert.equal(await q.choices.count(), 1);
      const q2 = await Question.objects.create({ questionText: 'q2', pubDate: new Date() });
      await q2.choices.add(c1);
      assert.equal(await q.choices.count(), 0);
      assert.equal(await q2.choices.filter({ choiceText__startswith: 'o' }).count(), 1);
      const a = await Author.objects.create({ name: 'a' });
      const m1 = await Author.objects.create({ name: 'm1' });
      const m2 = await Author.objects.create({ name: 'm2' });
      await a.mentees.set([m1, m2]);
      assert.deepEqual((await a.mentees.orderBy('name')).map((x) => x.name), ['m1', 'm2']);
      await a.mentees.remove(m1);
      assert.deepEqual((await a.mentees.all()).map((x) => x.name), ['m2']);
      await a.mentees.clear();
      assert.equal(await a.mentees.count(), 0);
    });

    it('manages many-to-many from both sides and sends m2mChanged', async () => {
      const a = await Author.objects.create({ name: 'a' });
      const b = await Book.objects.create({ title: 'b', author: a });
      const [t1, t2, t3] = await Tag.objects.bulkCreate([{ label: 't1' }, { label: 't2' }, { label: 't3' }]);
      const actions: string[] = [];
      const off = m2mChanged.connect(({ action }) => { actions.push(action); });
      try {
        await b.tags.add(t1!, t2!);
        await b.tags.add(t1!);
        assert.deepEqual((await b.tags.all()).map((t) => t.label), ['t1', 't2']);
        assert.deepEqual((await t1!.books.all()).map((x) => x.title), ['b']);
        await b.tags.remove(t1!);
        await b.tags.set([t2!, t3!]);
        assert.deepEqual((await b.tags.all()).map((t) => t.label), ['t2', 't3']);
        await t3!.books.clear();
        assert.deepEqual((await b.tags.all()).map((t) => t.label), ['t2']);
        const made = await b.tags.create({ label: 'new' } as never);
        assert.equal(made.label, 'new');
        assert.equal(await b.tags.count(), 2);
      } finally {
        off();
      }
      assert.ok(actions.includes('preAdd') && actions.includes('postAdd') && actions.includes('postRemove') && actions.includes('postClear'));
    });

    it('prefetches reverse and many-to-many relations with one query each', async () => {
      const a1 = await Author.objects.create({ name: 'a1' });
      const a2 = await Author.objects.create({ name: 'a2' });
      const tags = await Tag.objects.bulkCreate([{ label: 'x' }, { label: 'y' }]);
      for (let i = 0; i < 4; i++) {
        const b = await Book.objects.create({ title: `b${i}`, author: i % 2 ? a1 : a2, pages: i });
        await b.tags.add(...tags.slice(0, (i % 2) + 1));
      }
      const [authors, n] = await counting(async () => {
        const list = await Author.objects.prefetchRelated('books', 'books__tags').orderBy('name');
        const out: string[] = [];
        for (const a of list) for (const b of await a.books.all()) out.push(`${a.name}:${b.title}:${(await b.tags.all()).map((t) => t.label).join('')}`);
        return out.sort();
      });
      assert.equal(n, 3);
      assert.deepEqual(authors, ['a1:b1:xy', 'a1:b3:xy', 'a2:b0:x', 'a2:b2:x']);
      const [custom, n2] = await counting(async () => {
        const list = await Author.objects.prefetchRelated(new Prefetch('books', Book.objects.filter({ pages__gte: 2 }), { toAttr: 'bigBooks' })).orderBy('name');
        return list.map((a) => (a as unknown as { bigBooks: Book[] }).bigBooks.map((b) => b.title));
      });
      assert.equal(n2, 2);
      assert.deepEqual(custom, [['b3'], ['b2']]);
      const [fwd, n3] = await counting(async () => {
        const books = await Book.objects.prefetchRelated('author').orderBy('title');
        return books.map((b) => (b.author as unknown as Author).name);
      });
      assert.equal(n3, 2);
      assert.deepEqual(fwd, ['a2', 'a1', 'a2', 'a1']);
    });

    it('cascades deletes, protects, restricts and sets null/default as declared', async () => {
      const a = await Author.objects.create({ name: 'a' });
      const mentee = await Author.objects.create({ name: 'm', mentor: a });
      const p = await Publisher.objects.create({ name: 'p' });
      const b = await Book.objects.create({ title: 'b', author: a, publisher: p });
      await assert.rejects(p.delete(), ProtectedError);
      const s = await Shelf.objects.create({ name: 's', book: b, fallback: b });
      await assert.rejects(b.delete(), RestrictedError);
      await s.delete();
      const s2 = await Shelf.objects.create({ name: 's2', fallback: b });
      const [n, per] = await a.delete();
      assert.equal(per['library.Book'], 1);
      assert.equal(per['library.Author'], 1);
      assert.ok(n >= 2);
      assert.equal((await Author.objects.get({ pk: mentee.pk })).mentorId, null);
      assert.equal((await Shelf.objects.get({ pk: s2.pk })).fallbackId, null);
      await p.delete();
    });

    it('handles one-to-one relations and SET(value) on delete', async () => {
      const place = await Place.objects.create({ name: 'Demon Dogs' });
      const r = await Restaurant.objects.create({ place, servesPizza: true });
      assert.equal(r.pk, place.pk);
      const w = await Waiter.objects.create({ restaurant: r, name: 'Joe' });
      const loaded = await (await Place.objects.get({ pk: place.pk })).restaurant;
      assert.equal(loaded!.servesPizza, true);
      assert.equal((await Place.objects.filter({ restaurant__servesPizza: true })).length, 1);
      await place.delete();
      assert.equal(await Restaurant.objects.count(), 0);
      assert.equal((await Waiter.objects.get({ pk: w.pk })).restaurantId, null);
    });

    it('sends save and delete signals with the model as sender', async () => {
      const seen: string[] = [];
      const offs = [
        preSave.connect(({ instance }) => { seen.push(`preSave:${(instance as Publisher).name}`); }, { sender: Publisher }),
        postSave.connect(({ created }) => { seen.push(`postSave:${created}`); }, { sender: Publisher }),
        preDelete.connect(() => { seen.push('preDelete'); }, { sender: Publisher }),
        postDelete.connect(() => { seen.push('postDelete'); }, { sender: Publisher }),
      ];
      try {
        const p = await Publisher.objects.create({ name: 'sig' });
        p.name = 'sig2';
        await p.save();
        await p.delete();
        assert.equal(p.pk, null);
      } finally {
        for (const off of offs) off();
      }
      assert.deepEqual(seen, ['preSave:sig', 'postSave:true', 'preSave:sig2', 'postSave:false', 'preDelete', 'postDelete']);
    });

    it('refuses to save an object whose related object is unsaved', async () => {
      const a = new Author({ name: 'unsaved' });
      const b = new Book({ title: 't', author: a });
      await assert.rejects(b.save(), /unsaved related object 'author'/);
    });
  });
}
