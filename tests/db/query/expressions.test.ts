import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import {
  F, Q, Value, Count, Sum, Avg, Min, Max, StdDev, Variance, Case, When, Subquery, OuterRef, Exists,
  Coalesce, Lower, Upper, Length, Concat, Now, Trunc, Extract, Cast, Greatest, Least, Round, Abs,
  Window, RowNumber, Rank, DenseRank, Lag, Lead, FirstValue,
} from '../../../src/db/models/index.ts';
import { atomic } from '../../../src/db/transaction.ts';
import { Author, Book, Publisher, Tag, pollsModels, libraryModels } from '../models/polls-models.ts';

for (const db of testDatabases()) {
  describe(`expressions and aggregates on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    before(async () => {
      if (db.skip) return;
      const ann = await Author.objects.create({ name: 'Ann', age: 30 });
      const bob = await Author.objects.create({ name: 'Bob', age: 40 });
      await Author.objects.create({ name: 'Cy', age: null });
      const t = await Tag.objects.create({ label: 't' });
      const b1 = await Book.objects.create({ title: 'A', pages: 100, author: ann, published: '2024-03-15' });
      await Book.objects.create({ title: 'B', pages: 300, author: ann, published: '2024-05-01' });
      await Book.objects.create({ title: 'C', pages: 50, author: bob, published: '2023-01-09' });
      await b1.tags.add(t);
    });

    it('annotates counts over reverse relations, with distinct and filter', async () => {
      const rows = await Author.objects.annotate({ n: new Count('books') }).orderBy('name');
      assert.deepEqual(rows.map((a) => [a.name, a.n]), [['Ann', 2], ['Bob', 1], ['Cy', 0]]);
      const big = await Author.objects.annotate({ big: new Count('books', { filter: Q({ books__pages__gt: 60 }) }) }).orderBy('name');
      assert.deepEqual(big.map((a) => a.big), [2, 0, 0]);
      const d = await Author.objects.annotate({ n: new Count('books__author', { distinct: true }) }).filter({ n__gte: 1 }).orderBy('name');
      assert.deepEqual(d.map((a) => a.name), ['Ann', 'Bob']);
      const ordered = await Author.objects.annotate({ n: new Count('books') }).orderBy('-n', 'name').values('name', 'n');
      assert.deepEqual(ordered, [{ name: 'Ann', n: 2 }, { name: 'Bob', n: 1 }, { name: 'Cy', n: 0 }]);
    });

    it('aggregates over the whole query', async () => {
      const r = await Book.objects.aggregate({ total: new Sum('pages'), avg: new Avg('pages'), lo: new Min('pages'), hi: new Max('pages'), n: new Count('*') });
      assert.equal(r.total, 450);
      assert.equal(r.avg, 150);
      assert.equal(r.lo, 50);
      assert.equal(r.hi, 300);
      assert.equal(r.n, 3);
      // SQLite has no STDDEV_POP/VAR_POP functions (the backend registers none), so only the servers run these.
      if (db.vendor !== 'sqlite') {
        const sd = await Book.objects.aggregate({ sd: new StdDev('pages'), v: new Variance('pages') });
        assert.ok(Math.abs(sd.sd! - 108.01) < 0.1);
        assert.ok(Math.abs(sd.v! - 11666.67) < 1);
      }
      assert.equal((await Book.objects.filter({ pages__gt: 1000 }).aggregate({ s: new Sum('pages') })).s, null);
      assert.equal((await Book.objects.orderBy('pages').slice(0, 2).aggregate({ n: new Count('*') })).n, 2);
    });

    it('groups values() rows by the selected fields', async () => {
      const rows = await Book.objects.values('author__name').annotate({ total: new Sum('pages'), n: new Count('id') }).orderBy('author__name');
      assert.deepEqual(rows, [{ author__name: 'Ann', total: 400, n: 2 }, { author__name: 'Bob', total: 50, n: 1 }]);
      // annotate() before values() groups by row, as in Django
      const perBook = await Book.objects.annotate({ t: new Count('tags') }).values('author__name', 't').orderBy('author__name', 't');
      assert.deepEqual(perBook, [{ author__name: 'Ann', t: 0 }, { author__name: 'Ann', t: 1 }, { author__name: 'Bob', t: 0 }]);
    });

    it('evaluates Case/When, Value, Coalesce and arithmetic in annotations', async () => {
      const rows = await Book.objects.annotate({
        size: new Case([new When({ pages__gte: 200 }, Value('long')), new When({ pages__gte: 100 }, Value('medium'))], Value('short')),
        double: F('pages').mul(2),
        age: new Coalesce('author__age', Value(0)),
      }).orderBy('title');
      assert.deepEqual(rows.map((b) => [b.title, b.size, b.double, b.age]), [['A', 'medium', 200, 30], ['B', 'long', 600, 30], ['C', 'short', 100, 40]]);
    });

    it('runs text, math and date functions', async () => {
      const [r] = await Author.objects.filter({ name: 'Ann' }).annotate({
        lo: new Lower('name'), up: new Upper('name'), len: new Length('name'), c: new Concat('name', Value('-'), 'age'),
        g: new Greatest('age', Value(35)), l: new Least('age', Value(35)), rd: new Round(Value(2.567), 1), ab: new Abs(Value(-3)),
      });
      assert.deepEqual([r!.lo, r!.up, r!.len, r!.c, r!.g, r!.l, Number(r!.rd), Number(r!.ab)], ['ann', 'ANN', 3, 'Ann-30', 35, 30, 2.6, 3]);
      const years = await Book.objects.annotate({ y: new Extract('published', 'year'), m: new Trunc('published', 'month') }).orderBy('title').values('y', 'm');
      assert.deepEqual(years.map((x) => x.y), [2024, 2024, 2023]);
      assert.equal(String(years[0]!.m).slice(0, 10), '2024-03-01');
      const now = await Author.objects.annotate({ now: new Now() }).first();
      assert.ok(now!.now instanceof Date);
      const cast = await Book.objects.annotate({ s: new Cast('pages', 'CharField') }).orderBy('title').valuesList('s', { flat: true });
      assert.deepEqual(cast, ['100', '300', '50']);
    });

    it('uses subqueries with OuterRef and Exists in annotations', async () => {
      const longest = Book.objects.filter({ author: new OuterRef('pk') }).orderBy('-pages').values('title').slice(0, 1);
      const rows = await Author.objects.annotate({ top: new Subquery<string>(longest), has: new Exists(Book.objects.filter({ author: new OuterRef('pk') })) }).orderBy('name');
      assert.deepEqual(rows.map((a) => [a.name, a.top, Boolean(a.has)]), [['Ann', 'B', true], ['Bob', 'C', true], ['Cy', null, false]]);
    });

    it('computes window functions with partitions and ordering', async () => {
      const rows = await Book.objects.annotate({
        rn: new Window(new RowNumber(), { partitionBy: ['author'], orderBy: ['-pages'] }),
        rk: new Window(new Rank(), { orderBy: ['pages'] }),
        dr: new Window(new DenseRank(), { orderBy: ['author'] }),
        prev: new Window(new Lag('pages'), { orderBy: ['pages'] }),
        next: new Window(new Lead('pages'), { orderBy: ['pages'] }),
        first: new Window(new FirstValue('title'), { partitionBy: ['author'], orderBy: ['title'] }),
      }).orderBy('pages');
      assert.deepEqual(rows.map((b) => [b.title, Number(b.rn), Number(b.rk), Number(b.dr), b.prev, b.next, b.first]), [
        ['C', 1, 1, 2, null, 100, 'C'], ['A', 2, 2, 1, 50, 300, 'A'], ['B', 1, 3, 1, 100, null, 'A'],
      ]);
    });

    it('combines querysets with union, intersection and difference', async () => {
      const small = Book.objects.filter({ pages__lt: 150 });
      const ann = Book.objects.filter({ author__name: 'Ann' });
      assert.deepEqual((await small.union(ann).orderBy('title')).map((b) => b.title), ['A', 'B', 'C']);
      assert.deepEqual((await small.intersection(ann)).map((b) => b.title), ['A']);
      assert.deepEqual((await small.difference(ann)).map((b) => b.title), ['C']);
      assert.deepEqual(await small.values('title').unionAll(ann.values('title')).orderBy('title'), [{ title: 'A' }, { title: 'A' }, { title: 'B' }, { title: 'C' }]);
    });

    it('loads only or all-but some fields, and distinct rows', async () => {
      const [b] = await Book.objects.only('title').filter({ title: 'A' });
      assert.equal(b!.title, 'A');
      assert.equal((b as unknown as Record<string, unknown>)['pages'], undefined);
      const [d] = await Book.objects.defer('pages').filter({ title: 'A' });
      assert.equal((d as unknown as Record<string, unknown>)['pages'], undefined);
      assert.equal(d!.title, 'A');
      assert.deepEqual(await Book.objects.orderBy('authorId').distinct().valuesList('authorId', { flat: true }).then((x) => x.length), 2);
    });

    it('runs raw SQL into instances and explains queries', async () => {
      const q = (n: string) => Book.objects.model.meta.dbTable === n ? n : n;
      const rows = await Book.objects.raw(`SELECT * FROM ${db.vendor === 'mysql' ? '`library_book`' : '"library_book"'} WHERE pages > ? ORDER BY pages`, [60]);
      assert.deepEqual(rows.map((b) => b.title), ['A', 'B']);
      assert.ok(rows[0] instanceof Book);
      void q;
      const plan = await Book.objects.filter({ pages__gt: 1 }).explain();
      assert.ok(plan.length > 0);
      await assert.rejects(Book.objects.explain({ format: 'x; DROP TABLE t' }), /not supported|Unknown/);
    });

    it('locks rows with selectForUpdate inside a transaction and rolls back on exceptions', async () => {
      await assert.rejects(atomic(async () => {
        const b = await Book.objects.selectForUpdate().get({ title: 'A' });
        b.pages = 999;
        await b.save();
        await Publisher.objects.create({ name: 'in tx' });
        throw new Error('boom');
      }), /boom/);
      assert.equal((await Book.objects.get({ title: 'A' })).pages, 100);
      assert.equal(await Publisher.objects.filter({ name: 'in tx' }).count(), 0);
      await atomic(async () => {
        await Publisher.objects.create({ name: 'kept' });
      });
      assert.equal(await Publisher.objects.filter({ name: 'kept' }).count(), 1);
    });
  });
}
