// The compiled-query cache keyed by query shape (src/db/models/query-shape.ts): a repeated shape
// reuses SQL and re-binds its own values; different shapes never share SQL; values never reach
// the cached SQL text; models and connections (time zone) have their own entries.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { Q, F, Count, Max, Model, fields, CASCADE, Exists, OuterRef, type QuerySet } from '../../../src/db/models/index.ts';
import { connections, createConnection, captureQueries } from '../../../src/db/connections.ts';
import { compileSelect } from '../../../src/db/models/db-access.ts';
import { QueryBuilder } from '../../../src/db/models/query-builder.ts';
import { queryShape, shapeEntries } from '../../../src/db/models/query-shape.ts';
import { SqlCompiler } from '../../../src/db/sql/compiler.ts';
import { Author, Book, Publisher, Tag, Question, Choice, pollsModels, libraryModels } from '../models/polls-models.ts';

type Conn = Parameters<typeof compileSelect>[1];
type AnyQs = QuerySet<any, any, any>;

/** Compile without any cache: resolve and compile the query from scratch. */
function fresh(qs: AnyQs, conn: Conn): { sql: string; params: unknown[] } {
  const c = new SqlCompiler(conn).compile(new QueryBuilder(qs.query.clone(), conn).build().node);
  return { sql: c.sql, params: c.params };
}

/** Compile through the cache (a clone, so the per-Query memo does not answer). */
function cached(qs: AnyQs, conn: Conn): { sql: string; params: unknown[] } {
  const c = compileSelect(qs.query.clone(), conn);
  return { sql: c.sql, params: c.params };
}

// Pairs of querysets with the same shape and different values.
const sameShape = (): [AnyQs, AnyQs][] => [
  [Book.objects.filter({ pk: 1 }), Book.objects.filter({ pk: 2 })],
  [Book.objects.filter({ title: 'Alpha' }).orderBy('-pages').slice(0, 2), Book.objects.filter({ title: 'beta' }).orderBy('-pages').slice(0, 5)],
  [Book.objects.orderBy('pages').slice(1, 2), Book.objects.orderBy('pages').slice(2, 9)],
  [Book.objects.filter({ pages__in: [1, 2, 3] }), Book.objects.filter({ pages__in: [40, 100, 250] })],
  [Book.objects.filter({ pages__in: new Set([1, null, 3]) as never }), Book.objects.filter({ pages__in: new Set([100, null, 250]) as never })],
  [Book.objects.filter({ pages__range: [1, 50] }), Book.objects.filter({ pages__range: [50, 300] })],
  [Author.objects.filter({ name__icontains: 'sm' }), Author.objects.filter({ name__icontains: '100%_' })],
  [Author.objects.exclude({ books__title: 'Alpha' }), Author.objects.exclude({ books__title: 'Gamma' })],
  [Book.objects.selectRelated('author').filter(Q({ pages__gt: 1 }).or(Q({ title__startswith: 'A' }).not())), Book.objects.selectRelated('author').filter(Q({ pages__gt: 200 }).or(Q({ title__startswith: 'G' }).not()))],
  [Book.objects.values('authorId').annotate({ n: new Count('id'), top: new Max('pages') }).filter({ n__gte: 1 }), Book.objects.values('authorId').annotate({ n: new Count('id'), top: new Max('pages') }).filter({ n__gte: 2 })],
  [Question.objects.filter({ pubDate__lt: new Date(Date.UTC(2030, 0, 1)) }), Question.objects.filter({ pubDate__lt: new Date(Date.UTC(2000, 0, 1)) })],
  [Book.objects.filter({ published__gte: '2024-01-01' }).only('title'), Book.objects.filter({ published__gte: '2020-01-01' }).only('title')],
  [Choice.objects.filter({ question: 1 }), Choice.objects.filter({ question: 2 })],
  [Book.objects.filter({ pages__gt: 1 }).orderBy(F('pages').desc({ nullsFirst: true })), Book.objects.filter({ pages__gt: 9 }).orderBy(F('pages').desc({ nullsFirst: true }))],
];

// Querysets that differ only in shape (each must compile to its own SQL).
const shapes = (): AnyQs[] => [
  Book.objects.filter({ pages__gt: 1 }),
  Book.objects.filter({ pages__gte: 1 }),
  Book.objects.filter({ pages: 1 }),
  Book.objects.filter({ pages__gt: 1 }).filter({ pages__lt: 9 }),
  Book.objects.filter({ pages__gt: 1, title: 'x' }),
  Book.objects.exclude({ pages__gt: 1 }),
  Book.objects.filter(Q({ pages__gt: 1 }).not()),
  Book.objects.filter(Q({ pages__gt: 1 }).or(Q({ title: 'x' }))),
  Book.objects.filter(Q({ pages__gt: 1 }).and(Q({ title: 'x' }))),
  Book.objects.filter({ publisher: null }),
  Book.objects.filter({ publisher__isnull: true }),
  Book.objects.filter({ publisher__isnull: false }),
  Book.objects.filter({ pages__in: [1] }),
  Book.objects.filter({ pages__in: [1, 2] }),
  Book.objects.filter({ pages__in: [1, null] as never }),
  Book.objects.filter({ pages__in: [] }),
  Book.objects.filter({ pages__gt: 1 }).orderBy('pages'),
  Book.objects.filter({ pages__gt: 1 }).orderBy('-pages'),
  Book.objects.filter({ pages__gt: 1 }).orderBy('-pages').reverse(),
  Book.objects.filter({ pages__gt: 1 }).orderBy(F('pages').desc()),
  Book.objects.filter({ pages__gt: 1 }).orderBy(F('pages').desc({ nullsLast: true })),
  Book.objects.filter({ pages__gt: 1 }).orderBy(F('pages').asc()),
  Book.objects.filter({ pages__gt: 1 }).orderBy(F('pages')),
  Book.objects.filter({ pages__gt: 1 }).slice(0, 3),
  Book.objects.filter({ pages__gt: 1 }).slice(2, 3),
  Book.objects.filter({ pages__gt: 1 }).slice(2),
  Book.objects.filter({ pages__gt: 1 }).selectRelated('author'),
  Book.objects.filter({ pages__gt: 1 }).selectRelated('author', 'publisher'),
  Book.objects.filter({ pages__gt: 1 }).only('title'),
  Book.objects.filter({ pages__gt: 1 }).defer('title'),
  Book.objects.filter({ pages__gt: 1 }).values('title'),
  Book.objects.filter({ pages__gt: 1 }).valuesList('title'),
  Book.objects.filter({ pages__gt: 1 }).values('title').distinct(),
  Book.objects.filter({ pages__gt: 1 }).annotate({ n: new Count('tags') }),
  Book.objects.filter({ pages__gt: 1 }).annotate({ n: new Count('tags', { distinct: true }) }),
  Book.objects.filter({ author__name: 'x' }),
  Book.objects.filter({ author: 1 }),
  Book.objects.filter({ tags__label: 'x' }),
  Book.objects.filter({ tags: 1 }),
];

for (const db of testDatabases()) {
  describe(`query shape cache on ${db.vendor}`, { skip: db.skip }, () => {
    const handle = useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    const conn = () => connections.get('default') as unknown as Conn;
    before(async () => {
      if (db.skip) return;
      const ann = await Author.objects.create({ name: 'Ann Smith', age: 30, data: { city: 'Oslo' } });
      const bob = await Author.objects.create({ name: 'bob jones', age: null });
      await Author.objects.create({ name: 'Cy 100%_x', age: 50 });
      const pub = await Publisher.objects.create({ name: 'Pub' });
      const t1 = await Tag.objects.create({ label: 'sci' });
      const b1 = await Book.objects.create({ title: 'Alpha', pages: 100, author: ann, publisher: pub, published: '2023-03-15' });
      await Book.objects.create({ title: 'beta', pages: 250, author: ann, published: '2024-07-01' });
      await Book.objects.create({ title: 'Gamma', pages: 40, author: bob, published: null });
      await b1.tags.add(t1);
      const q = await Question.objects.create({ questionText: 'When?', pubDate: new Date(Date.UTC(2024, 1, 29, 13, 45, 30)) });
      await Choice.objects.create({ question: q, choiceText: 'Now', votes: 3 });
    });

    it('reuses one entry for a repeated shape and binds each query\'s own values', async () => {
      for (const [a, b] of sameShape()) {
        const keyA = queryShape(a.query)?.key;
        assert.ok(keyA, `expected a shape key for ${a.sql().sql}`);
        assert.equal(queryShape(b.query)?.key, keyA);
        const first = cached(a, conn());
        assert.ok(shapeEntries(conn().ops, a.model.meta).has(keyA), `not cached: ${first.sql}`);
        const second = cached(b, conn());
        // SQLite writes LIMIT/OFFSET values into the SQL, so there another slice is another text.
        const inlinesLimits = conn().ops.limitOffsetSql(1, 0).params.length === 0;
        if (!(inlinesLimits && b.query.isSliced)) assert.equal(second.sql, first.sql);
        // The cached statement gives exactly what a fresh compile of each query gives.
        assert.deepEqual(first, fresh(a, conn()));
        assert.deepEqual(second, fresh(b, conn()));
      }
    });

    it('answers with the right rows for every value of a cached shape', async () => {
      for (let i = 0; i < 2; i++) {
        assert.deepEqual((await Book.objects.filter({ title: 'Alpha' })).map((b) => b.pages), [100]);
        assert.deepEqual((await Book.objects.filter({ title: 'beta' })).map((b) => b.pages), [250]);
        assert.equal((await Book.objects.get({ pk: (await Book.objects.get({ title: 'Gamma' })).pk })).title, 'Gamma');
        assert.deepEqual((await Book.objects.filter({ pages__in: [40, 250] }).orderBy('pages')).map((b) => b.title), ['Gamma', 'beta']);
        assert.deepEqual((await Book.objects.filter({ pages__in: [100, 250] }).orderBy('pages')).map((b) => b.title), ['Alpha', 'beta']);
        assert.deepEqual((await Book.objects.orderBy('pages').slice(1, 2)).map((b) => b.title), ['Alpha']);
        assert.deepEqual((await Book.objects.orderBy('pages').slice(2, 3)).map((b) => b.title), ['beta']);
        assert.deepEqual((await Author.objects.filter({ name__contains: '%' })).map((a) => a.name), ['Cy 100%_x']);
        assert.deepEqual((await Author.objects.filter({ name__contains: 'Smith' })).map((a) => a.name), ['Ann Smith']);
      }
    });

    it('gives every shape its own SQL, equal to a fresh compile', async () => {
      const list = shapes();
      const keys = list.map((qs) => queryShape(qs.query)?.key);
      for (const k of keys) assert.ok(k);
      assert.equal(new Set(keys).size, list.length, 'two shapes share a key');
      // Twice: the second round is answered from the cache.
      for (let round = 0; round < 2; round++) {
        const sqls = list.map((qs) => cached(qs, conn()));
        // (Some different shapes compile alike, e.g. `publisher: null` and `publisher__isnull: true`.)
        list.forEach((qs, i) => assert.deepEqual(sqls[i], fresh(qs, conn()), `shape ${i}: ${sqls[i]!.sql}`));
      }
      for (const qs of list) await qs; // every shape also runs
    });

    it('reuses count() and aggregate() statements per shape', async () => {
      const entries = shapeEntries(conn().ops, Book.meta);
      const aggKeys = () => [...entries.keys()].filter((k) => k.startsWith('aggregate|'));
      const before = aggKeys().length;
      for (let i = 0; i < 2; i++) {
        assert.equal(await Book.objects.filter({ pages__gt: 50 }).count(), 2);
        assert.equal(await Book.objects.filter({ pages__gt: 200 }).count(), 1);
        assert.deepEqual(await Book.objects.filter({ pages__lt: 200 }).aggregate({ top: new Max('pages'), n: new Count('id') }), { top: 100, n: 2 });
        assert.deepEqual(await Book.objects.filter({ pages__lt: 90 }).aggregate({ top: new Max('pages'), n: new Count('id') }), { top: 40, n: 1 });
        // Sliced: a derived table with its own LIMIT, compiled every time.
        assert.equal(await Book.objects.orderBy('pages').slice(0, 2).count(), 2);
        assert.equal(await Book.objects.orderBy('pages').slice(2, 9).count(), 1);
      }
      assert.equal(aggKeys().length, before + 2);
    });

    it('never writes a value into cached SQL', async () => {
      const evil = "x' OR '1'='1";
      assert.equal((await Book.objects.filter({ title: evil })).length, 0);
      assert.equal((await Book.objects.filter({ title: evil })).length, 0);
      assert.equal((await Author.objects.filter({ name__icontains: "' OR 1=1 --" })).length, 0);
      assert.equal((await Book.objects.filter({ title: 'Alpha' })).length, 1);
      for (const e of shapeEntries(conn().ops, Book.meta).values()) {
        assert.ok(!e.sql.includes('OR \'1\''), e.sql);
        assert.ok(!e.sql.includes('Alpha'), e.sql);
      }
      for (const e of shapeEntries(conn().ops, Author.meta).values()) assert.ok(!e.sql.includes('1=1'), e.sql);
    });

    it('does not keep shapes whose values shape the SQL or that it cannot key', async () => {
      const entries = shapeEntries(conn().ops, Author.meta);
      const notKept: AnyQs[] = [
        Author.objects.filter({ data__city: 'Oslo' }),
        Author.objects.filter({ data__has_key: 'city' }),
        Author.objects.filter({ age__gt: F('id') }),
        Author.objects.filter(new Exists(Book.objects.filter({ author: new OuterRef('pk') }))),
        Author.objects.filter({ pk__in: Author.objects.filter({ age: 30 }).values('pk') }),
        Author.objects.annotate({ n: new Count('books', { filter: Q({ books__pages__gt: 50 }) }) }),
      ];
      const results = [];
      for (const qs of notKept) {
        const before = entries.size;
        results.push((await qs).length);
        assert.equal(entries.size, before, `kept: ${qs.sql().sql}`);
      }
      assert.deepEqual(results.slice(0, 2), [1, 1]);
      assert.equal((await Author.objects.filter({ data__city: 'Rome' })).length, 0);
      assert.equal((await Author.objects.filter({ data__has_key: 'nope' })).length, 0);
    });

    it('reuses write statements (insert, save, update, bulkUpdate) and binds each call\'s values', async () => {
      const keys = () => [...shapeEntries(conn().ops, Book.meta).keys()].filter((k) => /^(insert|save|update|bulkUpdate)\|/.test(k));
      const ann = await Author.objects.get({ name: 'Ann Smith' });
      const bob = await Author.objects.get({ name: 'bob jones' });
      const pub = await Publisher.objects.get({ name: 'Pub' });
      const x = await Book.objects.create({ title: "x' OR '1'='1", pages: 7, author: ann, price: null });
      const y = await Book.objects.create({ title: 'y', pages: 8, author: bob, price: null });
      x.pages = 70;
      x.publisherId = pub.pk;
      await x.save();
      y.pages = 80;
      await y.save();
      assert.equal(await Book.objects.filter({ pk: x.pk }).update({ title: 'x2', author: bob }), 1);
      assert.equal(await Book.objects.filter({ pk: y.pk }).update({ title: 'y2', author: ann }), 1);
      assert.equal(await Book.objects.filter({ pk__in: [x.pk, y.pk] }).update({ price: F('pages') }), 2);
      assert.equal(await Book.objects.filter({ pk__in: [x.pk, y.pk] }).update({ pages: F('pages').add(1) }), 2);
      const [x1, y1] = [await Book.objects.get({ pk: x.pk }), await Book.objects.get({ pk: y.pk })];
      assert.deepEqual([x1.title, x1.pages, x1.authorId, x1.publisherId, Number(x1.price)], ['x2', 71, bob.pk, pub.pk, 70]);
      assert.deepEqual([y1.title, y1.pages, y1.authorId, y1.publisherId, Number(y1.price)], ['y2', 81, ann.pk, null, 80]);
      x1.pages = 5; y1.pages = 6;
      assert.equal(await Book.objects.bulkUpdate([x1, y1], ['pages']), 2);
      x1.pages = 50; y1.pages = 60;
      assert.equal(await Book.objects.bulkUpdate([y1, x1], ['pages']), 2);
      assert.deepEqual((await Book.objects.filter({ pk__in: [x.pk, y.pk] }).orderBy('pk')).map((b) => b.pages), [50, 60]);
      const kinds = keys().map((k) => k.split('|')[0]);
      const count = (kind: string) => kinds.filter((k) => k === kind).length;
      // create() keeps its one-row INSERT in its own cache (persistence.ts), not as a shape;
      // both saves share one shape; the two bulkUpdates another. F('pages').add(1) has no
      // shape key: that update is not kept.
      assert.deepEqual([count('insert'), count('save'), count('update'), count('bulkUpdate')], [0, 1, 2, 1], kinds.join(' '));
      for (const k of keys()) assert.ok(!shapeEntries(conn().ops, Book.meta).get(k)!.sql.includes("'1'='1"));
      await Book.objects.filter({ pk__in: [x.pk, y.pk] }).delete();
    });

    it('runs a one-statement bulkCreate without a transaction and several statements in one', async () => {
      const one = await captureQueries(() => Tag.objects.bulkCreate([{ label: 'bc1' }, { label: 'bc2' }]));
      assert.equal(one.queries.length, 1, one.queries.map((q) => q.sql).join(' ; '));
      assert.match(one.queries[0]!.sql, /^INSERT/);
      assert.equal(await Tag.objects.filter({ label__in: ['bc1', 'bc2'] }).count(), 2);
      // Two statements (batchSize 1); the second violates the unique label: nothing stays.
      await assert.rejects(Tag.objects.bulkCreate([{ label: 'bc3' }, { label: 'bc1' }], { batchSize: 1 }));
      assert.equal(await Tag.objects.filter({ label: 'bc3' }).count(), 0);
      await Tag.objects.filter({ label__in: ['bc1', 'bc2'] }).delete();
    });

    it('keeps separate entries per model: a same-table model with other fields gets its own SQL', async () => {
      class BookTitleOnly extends Model.define<BookTitleOnly>()({ title: fields.CharField({ maxLength: 200 }) }, { appLabel: 'shapecache', dbTable: Book.meta.dbTable }) {}
      const full = Book.objects.filter({ title: 'Alpha' });
      const slim = BookTitleOnly.objects.filter({ title: 'Alpha' });
      assert.equal(queryShape(slim.query)?.key, queryShape(full.query)?.key);
      await full;
      const rows = await slim;
      assert.deepEqual(cached(slim, conn()), fresh(slim, conn()));
      assert.notEqual(cached(slim, conn()).sql, cached(full, conn()).sql);
      assert.deepEqual(Object.keys(rows[0]!), ['id', 'title']);
    });

    it('starts a model over when it gains a field or a reverse relation after queries were cached', async () => {
      class Lonely extends Model.define<Lonely>()({ name: fields.CharField({ maxLength: 20 }) }, { appLabel: 'shapecache', dbTable: 'shapecache_lonely' }) {}
      await Lonely.objects.filter({ name: 'a' }).sql();
      const entries = shapeEntries(conn().ops, Lonely.meta);
      assert.equal(entries.size, 1);
      class Friend extends Model.define<Friend>()({ lonely: fields.ForeignKey(Lonely, { onDelete: CASCADE, relatedName: 'friends' }) }, { appLabel: 'shapecache', dbTable: 'shapecache_friend' }) {}
      void Friend.meta; // preparing Friend adds the reverse relation 'friends' to Lonely
      assert.ok(Lonely.meta.findReverse('friends'));
      assert.notEqual(shapeEntries(conn().ops, Lonely.meta), entries);
      assert.equal(shapeEntries(conn().ops, Lonely.meta).size, 0);
    });

    it('keeps separate entries per connection (time zone settings bind differently)', { skip: db.vendor !== 'sqlite' }, async () => {
      const other = createConnection('shape_tz', handle().settings, { USE_TZ: false, TIME_ZONE: 'Asia/Tokyo' }) as unknown as Conn;
      try {
        const at = (d: Date) => Question.objects.filter({ pubDate__lt: d });
        const d1 = new Date(Date.UTC(2024, 0, 1, 12)), d2 = new Date(Date.UTC(2025, 0, 1, 12));
        cached(at(d1), conn());
        const here = cached(at(d2), conn());
        const there = cached(at(d2), other);
        assert.deepEqual(there, fresh(at(d2), other));
        assert.deepEqual(here, fresh(at(d2), conn()));
        assert.notDeepEqual(there.params, here.params);
        assert.notEqual(shapeEntries(other.ops, Question.meta), shapeEntries(conn().ops, Question.meta));
      } finally {
        await (other as unknown as { close(): Promise<void> }).close();
      }
    });
  });
}
