import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { Q, F, Exists, OuterRef, FieldError } from '../../../src/db/models/index.ts';
import { Author, Book, Publisher, Tag, Question, Choice, pollsModels, libraryModels } from '../models/polls-models.ts';

for (const db of testDatabases()) {
  describe(`lookups on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    before(async () => {
      if (db.skip) return;
      const ann = await Author.objects.create({ name: 'Ann Smith', age: 30, email: 'ann@example.com', data: { city: 'Oslo', tags: ['a'], nested: { n: 1 } } });
      const bob = await Author.objects.create({ name: 'bob jones', age: null, data: { city: 'Rome' } });
      await Author.objects.create({ name: 'Cy 100%_x', age: 50, mentor: ann });
      const pub = await Publisher.objects.create({ name: 'Pub' });
      const t1 = await Tag.objects.create({ label: 'sci' });
      const t2 = await Tag.objects.create({ label: 'fun' });
      const b1 = await Book.objects.create({ title: 'Alpha', pages: 100, author: ann, publisher: pub, published: '2023-03-15' });
      const b2 = await Book.objects.create({ title: 'beta', pages: 250, author: ann, published: '2024-07-01' });
      await Book.objects.create({ title: 'Gamma', pages: 40, author: bob, published: null });
      await b1.tags.add(t1, t2);
      await b2.tags.add(t2);
      const q = await Question.objects.create({ questionText: 'When?', pubDate: new Date(Date.UTC(2024, 1, 29, 13, 45, 30)) });
      await Choice.objects.create({ question: q, choiceText: 'Now', votes: 3 });
    });

    const titles = async (qs: PromiseLike<{ title: string }[]>) => (await qs).map((b) => b.title).sort();
    const names = async (qs: PromiseLike<{ name: string }[]>) => (await qs).map((b) => b.name).sort();

    it('filters with comparison lookups', async () => {
      assert.deepEqual(await titles(Book.objects.filter({ pages__gt: 100 })), ['beta']);
      assert.deepEqual(await titles(Book.objects.filter({ pages__gte: 100 })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ pages__lt: 100 })), ['Gamma']);
      assert.deepEqual(await titles(Book.objects.filter({ pages__lte: 100, pages__gt: 40 })), ['Alpha']);
      assert.deepEqual(await titles(Book.objects.filter({ pages__in: [40, 250, 999] })), ['Gamma', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ pages__in: [] })), []);
      assert.deepEqual(await titles(Book.objects.filter({ pages__range: [50, 300] })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ title: 'Alpha' })), ['Alpha']);
      assert.deepEqual(await titles(Book.objects.filter({ title__exact: 'Alpha' })), ['Alpha']);
    });

    it('filters with text lookups, escaping wildcards in values', async () => {
      assert.deepEqual(await names(Author.objects.filter({ name__icontains: 'SMITH' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ name__contains: 'Smith' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ name__iexact: 'BOB JONES' })), ['bob jones']);
      assert.deepEqual(await names(Author.objects.filter({ name__startswith: 'Ann' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ name__istartswith: 'ann' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ name__endswith: 'jones' })), ['bob jones']);
      assert.deepEqual(await names(Author.objects.filter({ name__iendswith: 'JONES' })), ['bob jones']);
      assert.deepEqual(await names(Author.objects.filter({ name__contains: '100%_' })), ['Cy 100%_x']);
      assert.deepEqual(await names(Author.objects.filter({ name__contains: '%' })), ['Cy 100%_x']);
      assert.deepEqual(await names(Author.objects.filter({ name__contains: '_' })), ['Cy 100%_x']);
      assert.deepEqual(await names(Author.objects.filter({ name__regex: '^[AB]nn' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ name__iregex: '^BOB' })), ['bob jones']);
    });

    it('treats null with exact, isnull and exclude like Django', async () => {
      assert.deepEqual(await names(Author.objects.filter({ age: null })), ['bob jones']);
      assert.deepEqual(await names(Author.objects.filter({ age__isnull: true })), ['bob jones']);
      assert.deepEqual(await names(Author.objects.filter({ age__isnull: false })), ['Ann Smith', 'Cy 100%_x']);
      // exclude keeps rows whose column is NULL
      assert.deepEqual(await names(Author.objects.exclude({ age: 30 })), ['Cy 100%_x', 'bob jones']);
      assert.deepEqual(await names(Author.objects.exclude({ age__gt: 40 })), ['Ann Smith', 'bob jones']);
    });

    it('extracts date parts and casts datetimes to dates', async () => {
      assert.deepEqual(await titles(Book.objects.filter({ published__year: 2024 })), ['beta']);
      assert.deepEqual(await titles(Book.objects.filter({ published__year__lt: 2024 })), ['Alpha']);
      assert.deepEqual(await titles(Book.objects.filter({ published__month: 3 })), ['Alpha']);
      assert.deepEqual(await titles(Book.objects.filter({ published__day: 1 })), ['beta']);
      assert.deepEqual(await titles(Book.objects.filter({ published__quarter: 3 })), ['beta']);
      assert.deepEqual(await titles(Book.objects.filter({ published__week_day: 4 })), ['Alpha']); // 2023-03-15 is a Wednesday
      assert.deepEqual(await titles(Book.objects.filter({ published__iso_week_day: 3 })), ['Alpha']);
      assert.deepEqual(await titles(Book.objects.filter({ published__week: 11 })), ['Alpha']);
      assert.deepEqual(await titles(Book.objects.filter({ published__gte: '2024-01-01' })), ['beta']);
      const q = Question.objects;
      assert.equal(await q.filter({ pubDate__date: '2024-02-29' }).count(), 1);
      assert.equal(await q.filter({ pubDate__year: 2024, pubDate__month: 2, pubDate__day: 29 }).count(), 1);
      assert.equal(await q.filter({ pubDate__hour: 13, pubDate__minute: 45, pubDate__second: 30 }).count(), 1);
      assert.equal(await q.filter({ pubDate__time__gte: '13:00:00' }).count(), 1);
      assert.equal(await q.filter({ pubDate__lte: new Date(Date.UTC(2024, 1, 29, 13, 45, 29)) }).count(), 0);
    });

    it('follows relations forwards, backwards and through many-to-many', async () => {
      assert.deepEqual(await titles(Book.objects.filter({ author__name__icontains: 'ann' })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ author__age__isnull: true })), ['Gamma']);
      assert.deepEqual(await titles(Book.objects.filter({ publisher__isnull: true })), ['Gamma', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ publisher__name: 'Pub' })), ['Alpha']);
      assert.deepEqual(await names(Author.objects.filter({ books__pages__gt: 200 })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ books__title__startswith: 'G' })), ['bob jones']);
      assert.deepEqual(await titles(Book.objects.filter({ tags__label: 'fun' })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ tags__label: 'sci' })), ['Alpha']);
      assert.deepEqual((await Tag.objects.filter({ books__title: 'beta' })).map((t) => t.label), ['fun']);
      assert.deepEqual(await names(Author.objects.filter({ mentor__name: 'Ann Smith' })), ['Cy 100%_x']);
      assert.deepEqual(await names(Author.objects.filter({ mentees__name__startswith: 'Cy' })), ['Ann Smith']);
      const ann = await Author.objects.get({ name: 'Ann Smith' });
      assert.deepEqual(await titles(Book.objects.filter({ author: ann })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ authorId: ann.pk })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ author__in: [ann] })), ['Alpha', 'beta']);
    });

    it('excludes across multi-valued relations with a subquery (no related row matches)', async () => {
      assert.deepEqual(await titles(Book.objects.exclude({ tags__label: 'sci' })), ['Gamma', 'beta']);
      assert.deepEqual(await names(Author.objects.exclude({ books__pages__gt: 200 })), ['Cy 100%_x', 'bob jones']);
    });

    it('combines Q objects with and, or and not', async () => {
      assert.deepEqual(await titles(Book.objects.filter(Q({ pages__lt: 50 }).or(Q({ title__startswith: 'A' })))), ['Alpha', 'Gamma']);
      assert.deepEqual(await titles(Book.objects.filter(Q({ pages__gt: 50 }).and(Q({ title__startswith: 'A' }).not()))), ['beta']);
      assert.deepEqual(await titles(Book.objects.filter(Q({ title: 'Alpha' }).not())), ['Gamma', 'beta']);
    });

    it('compares columns with F expressions', async () => {
      assert.deepEqual(await titles(Book.objects.filter({ pages__gt: F('author__age').mul(3) })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ pages__gt: F('author__age').mul(4) })), ['beta']);
      assert.deepEqual(await titles(Book.objects.filter({ pages: F('pages') })), ['Alpha', 'Gamma', 'beta']);
    });

    it('filters by subqueries with in, Exists and OuterRef', async () => {
      const young = Author.objects.filter({ age__lt: 40 });
      assert.deepEqual(await titles(Book.objects.filter({ author__in: young })), ['Alpha', 'beta']);
      assert.deepEqual(await titles(Book.objects.filter({ authorId__in: young.values('id') })), ['Alpha', 'beta']);
      const hasLong = Book.objects.filter({ author: new OuterRef('pk'), pages__gt: 200 });
      assert.deepEqual(await names(Author.objects.filter(new Exists(hasLong))), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter(new Exists(hasLong).not())), ['Cy 100%_x', 'bob jones']);
    });

    it('queries JSON keys and key presence', async () => {
      assert.deepEqual(await names(Author.objects.filter({ data__city: 'Oslo' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ data__nested__n: 1 })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ data__has_key: 'tags' })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ data__has_keys: ['city', 'tags'] })), ['Ann Smith']);
      assert.deepEqual(await names(Author.objects.filter({ data__has_any_keys: ['tags', 'city'] })), ['Ann Smith', 'bob jones']);
      assert.deepEqual(await names(Author.objects.filter({ data__city__icontains: 'rom' })), ['bob jones']);
    });

    it('rejects unknown fields and lookups with the model name and a suggestion', async () => {
      await assert.rejects(() => Promise.resolve(Book.objects.filter({ titel: 'x' } as never)), (e: unknown) => e instanceof FieldError && /library\.Book has no field 'titel'; did you mean 'title'\?/.test(e.message));
      await assert.rejects(() => Promise.resolve(Book.objects.filter({ title__icontain: 'x' } as never)), (e: unknown) => e instanceof FieldError && /Unsupported lookup 'icontain'.*did you mean 'icontains'/.test(e.message));
      await assert.rejects(() => Promise.resolve(Book.objects.filter({ author__nme: 'x' } as never)), /library\.Author has no field 'nme'; did you mean 'name'/);
      await assert.rejects(() => Promise.resolve(Book.objects.orderBy('-titl' as never)), /did you mean 'title'/);
    });

    it('never lets untrusted keys or values change the SQL', async () => {
      const evil = [
        'title; DROP TABLE library_book; --', 'title" OR 1=1 --', "title') OR ('1'='1", 'title__icontains\' OR 1=1', '__proto__', 'constructor',
      ];
      for (const k of evil) await assert.rejects(() => Promise.resolve(Book.objects.filter({ [k]: 'x' } as never)), FieldError);
      for (const k of evil) await assert.rejects(() => Promise.resolve(Book.objects.orderBy(k as never)), FieldError);
      for (const k of evil) assert.throws(() => Book.objects.values(k as never).sql(), FieldError);
      await assert.rejects(() => Promise.resolve(Book.objects.annotate({ ['x" FROM library_book; --']: F('pages') })), FieldError);
      await assert.rejects(Book.objects.aggregate({ ['a"; DROP TABLE x; --']: new (await import('../../../src/db/models/index.ts')).Count('*') }), FieldError);
      await assert.rejects(() => Promise.resolve(Author.objects.filter({ data__has_key: "x') OR 1=1 --" })), FieldError);
      // values are bound, so injection text is just data
      assert.equal(await Book.objects.filter({ title: "x' OR '1'='1" }).count(), 0);
      assert.equal(await Book.objects.filter({ title__icontains: "' OR 1=1 --" }).count(), 0);
      assert.equal(await Book.objects.count(), 3);
    });
  });
}
