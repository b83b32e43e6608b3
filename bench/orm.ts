// ORM benchmark: the same nine operations with the raw driver, Reinhardt's ORM, Drizzle, Kysely
// and TypeORM, on SQLite and PostgreSQL, in one run. Prints ops/sec and ratios vs the raw
// driver and vs each peer. Run: node --import tsx bench/orm.ts [sqlite|postgres]
// Each contender runs each operation for BENCH_WARM_MS (default half of BENCH_MS) before it is
// timed, so the JIT has compiled every contender's path (a fixed handful of calls favoured the
// smallest code: the raw driver), and the operations are measured in BENCH_ROUNDS interleaved
// rounds (default 3), each contender keeping its best: a burst of load from elsewhere on the
// machine then costs one round, not one contender.
import 'reflect-metadata';
import { configure } from '../dist/conf/index.js';
configure({ DEBUG: false, DATABASES: {} } as never);
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../dist/test/databases.js';
import { connections } from '../dist/db/connections.js';
import { atomic } from '../dist/db/transaction.js';
import { Model, fields, CASCADE, Count, Prefetch, type RelatedManager, type ManyRelatedManager } from '../dist/db/models/index.js';
import Database from 'better-sqlite3';
import pg from 'pg';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sqliteTable, integer as sInt, text as sText } from 'drizzle-orm/sqlite-core';
import { pgTable, bigserial, bigint as pBig, integer as pInt, varchar as pVarchar } from 'drizzle-orm/pg-core';
import { eq, inArray, desc, gt, count as dCount, sql as dsql } from 'drizzle-orm';
import { Kysely, SqliteDialect, PostgresDialect, sql as ksql } from 'kysely';
import { DataSource, EntitySchema, In, MoreThan } from 'typeorm';

// ---- Reinhardt models over the shared tables ----------------------------------------------
class BAuthor extends Model.define<BAuthor>()({
  name: fields.CharField({ maxLength: 100 }),
  age: fields.IntegerField(),
}, { appLabel: 'bench', dbTable: 'b_author' }) {
  declare books: RelatedManager<BBook>;
}
class BTag extends Model.define<BTag>()({ label: fields.CharField({ maxLength: 50 }) }, { appLabel: 'bench', dbTable: 'b_tag' }) {}
class BBook extends Model.define<BBook>()({
  title: fields.CharField({ maxLength: 200 }),
  pages: fields.IntegerField(),
  author: fields.ForeignKey(BAuthor, { onDelete: CASCADE, relatedName: 'books' }),
  tags: fields.ManyToManyField(BTag, { relatedName: 'books', dbTable: 'b_book_tags' }),
}, { appLabel: 'bench', dbTable: 'b_book' }) {}
class BItem extends Model.define<BItem>()({ name: fields.CharField({ maxLength: 50 }), qty: fields.IntegerField() }, { appLabel: 'bench', dbTable: 'b_item' }) {}
void (undefined as unknown as ManyRelatedManager<BBook>);

const AUTHORS = 100, BOOKS = 1000, TAGS = 20;
const MS = Number(process.env['BENCH_MS'] ?? 350);
const WARM_MS = Number(process.env['BENCH_WARM_MS'] ?? MS / 2);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

type Op = () => PromiseLike<unknown>;
type Suite = Record<string, Op>;
const OPS = ['insert one by one (tx)', 'bulk insert 100', 'get by pk', 'filter+order+limit', 'join (selectRelated) 50', 'm2m prefetch 50', 'aggregate per group', 'update one row', 'bulk update 50'] as const;

/** Operations per second of `fn` over `ms` milliseconds. */
async function rate(fn: Op, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  let now = start;
  do {
    await fn();
    n++;
    now = performance.now();
  } while (now - start < ms);
  return (n * 1000) / (now - start);
}

/** Warm `fn` up (first round only), then time it. */
async function measure(fn: Op, round: number): Promise<number> {
  if (round === 0) await rate(fn, WARM_MS);
  return rate(fn, MS);
}

const rnd = (n: number) => 1 + Math.floor(Math.random() * n);
let counter = 0;

async function run(which: 'sqlite' | 'postgres'): Promise<void> {
  const db = testDatabases().find((d) => d.key === which);
  if (!db || db.skip) { console.log(`${which}: skipped (${db?.skip || 'not selected'})`); return; }
  const h: TestDatabaseHandle = await setupTestDatabase(db, { prefix: 'rt_m_', pool: { max: 4 } });
  connections.setConnection('default', h.connection);
  const conn = h.connection;
  const q = (n: string) => conn.ops.quoteName(n);
  try {
    const editor = conn.schemaEditor();
    for (const m of [BAuthor, BTag, BBook, BItem]) await editor.createTable(m.meta.tableSpec(conn) as never);
    await editor.createTable((BBook.meta.manyToMany[0]!.through as unknown as typeof BItem).meta.tableSpec(conn) as never);
    await BAuthor.objects.bulkCreate(Array.from({ length: AUTHORS }, (_, i) => ({ name: `author ${i}`, age: 20 + (i % 50) })));
    await BTag.objects.bulkCreate(Array.from({ length: TAGS }, (_, i) => ({ label: `tag${i}` })));
    await BBook.objects.bulkCreate(Array.from({ length: BOOKS }, (_, i) => ({ title: `book ${i}`, pages: 50 + (i % 400), authorId: 1 + (i % AUTHORS) })));
    const links: string[] = [];
    for (let b = 1; b <= BOOKS; b++) for (let k = 0; k < 3; k++) links.push(`(${b}, ${1 + ((b + k * 7) % TAGS)})`);
    await conn.execute(`INSERT INTO ${q('b_book_tags')} (${q('b_book_id')}, ${q('b_tag_id')}) VALUES ${links.join(', ')}`);

    const suites: Record<string, Suite> = {};
    suites['Reinhardt'] = {
      'insert one by one (tx)': () => atomic(async () => { for (let i = 0; i < 10; i++) await BItem.objects.create({ name: `i${counter++}`, qty: i }); }),
      'bulk insert 100': () => BItem.objects.bulkCreate(Array.from({ length: 100 }, (_, i) => ({ name: `b${counter++}`, qty: i }))),
      'get by pk': () => BBook.objects.get({ pk: rnd(BOOKS) }),
      'filter+order+limit': () => BBook.objects.filter({ pages__gt: 200 }).orderBy('-pages').slice(0, 20),
      'join (selectRelated) 50': () => BBook.objects.selectRelated('author').filter({ pages__gt: rnd(300) }).orderBy('id').slice(0, 50),
      'm2m prefetch 50': () => BBook.objects.prefetchRelated('tags').orderBy('id').slice(0, 50),
      'aggregate per group': () => BBook.objects.values('authorId').annotate({ n: new Count('id') }),
      'update one row': () => BBook.objects.filter({ pk: rnd(BOOKS) }).update({ pages: rnd(400) }),
      'bulk update 50': async () => {
        const start = rnd(BOOKS - 50);
        const objs = Array.from({ length: 50 }, (_, i) => new BBook({ id: start + i, title: 'x', pages: rnd(400), authorId: 1 }));
        await BBook.objects.bulkUpdate(objs, ['pages']);
      },
    };
    void Prefetch;

    // ---- raw driver ----------------------------------------------------------------------------
    if (which === 'sqlite') {
      const raw = new Database(h.settings.NAME);
      raw.pragma('journal_mode = WAL');
      const insItem = raw.prepare('INSERT INTO b_item (name, qty) VALUES (?, ?) RETURNING id');
      const getBook = raw.prepare('SELECT id, title, pages, author_id FROM b_book WHERE id = ?');
      const filt = raw.prepare('SELECT id, title, pages, author_id FROM b_book WHERE pages > ? ORDER BY pages DESC LIMIT 20');
      const join = raw.prepare('SELECT b.id, b.title, b.pages, b.author_id, a.id, a.name, a.age FROM b_book b INNER JOIN b_author a ON b.author_id = a.id WHERE b.pages > ? ORDER BY b.id LIMIT 50');
      const books50 = raw.prepare('SELECT id, title, pages, author_id FROM b_book ORDER BY id LIMIT 50');
      const agg = raw.prepare('SELECT author_id, COUNT(id) FROM b_book GROUP BY author_id');
      const upd = raw.prepare('UPDATE b_book SET pages = ? WHERE id = ?');
      const tx = raw.transaction((rows: [string, number][]) => { for (const r of rows) insItem.get(...r); });
      suites['raw driver'] = {
        'insert one by one (tx)': async () => tx(Array.from({ length: 10 }, (_, i) => [`r${counter++}`, i] as [string, number])),
        'bulk insert 100': async () => {
          const rows = Array.from({ length: 100 }, (_, i) => [`r${counter++}`, i]);
          raw.prepare(`INSERT INTO b_item (name, qty) VALUES ${rows.map(() => '(?, ?)').join(', ')} RETURNING id`).all(...rows.flat());
        },
        'get by pk': async () => getBook.get(rnd(BOOKS)),
        'filter+order+limit': async () => filt.all(200),
        'join (selectRelated) 50': async () => (join.raw(true).all(rnd(300)) as unknown[][]).map((r) => ({ id: r[0], title: r[1], pages: r[2], author: { id: r[4], name: r[5], age: r[6] } })),
        'm2m prefetch 50': async () => {
          const bs = books50.all() as { id: number }[];
          const ids = bs.map((b) => b.id);
          const tags = raw.prepare(`SELECT t.id, t.label, bt.b_book_id FROM b_tag t INNER JOIN b_book_tags bt ON bt.b_tag_id = t.id WHERE bt.b_book_id IN (${ids.map(() => '?').join(',')})`).all(...ids);
          return [bs, tags];
        },
        'aggregate per group': async () => agg.all(),
        'update one row': async () => upd.run(rnd(400), rnd(BOOKS)),
        'bulk update 50': async () => {
          const start = rnd(BOOKS - 50);
          const ids = Array.from({ length: 50 }, (_, i) => start + i);
          raw.prepare(`UPDATE b_book SET pages = CASE ${ids.map(() => 'WHEN id = ? THEN ?').join(' ')} END WHERE id IN (${ids.map(() => '?').join(',')})`)
            .run(...ids.flatMap((id) => [id, rnd(400)]), ...ids);
        },
      };
      const dz = drizzleSqlite(raw);
      const tAuthor = sqliteTable('b_author', { id: sInt('id').primaryKey(), name: sText('name'), age: sInt('age') });
      const tBook = sqliteTable('b_book', { id: sInt('id').primaryKey(), title: sText('title'), pages: sInt('pages'), authorId: sInt('author_id') });
      const tTag = sqliteTable('b_tag', { id: sInt('id').primaryKey(), label: sText('label') });
      const tBT = sqliteTable('b_book_tags', { id: sInt('id').primaryKey(), bookId: sInt('b_book_id'), tagId: sInt('b_tag_id') });
      const tItem = sqliteTable('b_item', { id: sInt('id').primaryKey(), name: sText('name'), qty: sInt('qty') });
      suites['Drizzle'] = drizzleSuite(dz as never, { tAuthor, tBook, tTag, tBT, tItem }, true);
      const ky = new Kysely<KDB>({ dialect: new SqliteDialect({ database: new Database(h.settings.NAME) }) });
      suites['Kysely'] = kyselySuite(ky);
      suites['TypeORM'] = await typeormSuite(new DataSource({ type: 'better-sqlite3', database: h.settings.NAME, entities: entitySchemas(), logging: false }));
    } else {
      const pool = new pg.Pool({ host: h.settings.HOST, port: h.settings.PORT, user: h.settings.USER, database: h.settings.NAME, max: 4 });
      pool.on('error', () => {});
      pools.push(pool);
      const one = (text: string, values: unknown[]) => pool.query({ text, values });
      suites['raw driver'] = {
        'insert one by one (tx)': async () => {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            for (let i = 0; i < 10; i++) await c.query({ name: 'ins', text: 'INSERT INTO b_item (name, qty) VALUES ($1, $2) RETURNING id', values: [`r${counter++}`, i] });
            await c.query('COMMIT');
          } finally { c.release(); }
        },
        'bulk insert 100': async () => {
          const rows = Array.from({ length: 100 }, (_, i) => [`r${counter++}`, i]);
          await one(`INSERT INTO b_item (name, qty) VALUES ${rows.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(', ')} RETURNING id`, rows.flat());
        },
        'get by pk': () => pool.query({ name: 'get', text: 'SELECT id, title, pages, author_id FROM b_book WHERE id = $1', values: [rnd(BOOKS)] }),
        'filter+order+limit': () => pool.query({ name: 'filt', text: 'SELECT id, title, pages, author_id FROM b_book WHERE pages > $1 ORDER BY pages DESC LIMIT 20', values: [200] }),
        'join (selectRelated) 50': async () => (await pool.query({ name: 'join', rowMode: 'array', text: 'SELECT b.id, b.title, b.pages, b.author_id, a.id, a.name, a.age FROM b_book b INNER JOIN b_author a ON b.author_id = a.id WHERE b.pages > $1 ORDER BY b.id LIMIT 50', values: [rnd(300)] })).rows.map((r: unknown[]) => ({ id: r[0], title: r[1], author: { id: r[4], name: r[5] } })),
        'm2m prefetch 50': async () => {
          const bs = (await pool.query('SELECT id, title, pages, author_id FROM b_book ORDER BY id LIMIT 50')).rows;
          const tags = (await pool.query('SELECT t.id, t.label, bt.b_book_id FROM b_tag t INNER JOIN b_book_tags bt ON bt.b_tag_id = t.id WHERE bt.b_book_id = ANY($1)', [bs.map((b: { id: string }) => b.id)])).rows;
          return [bs, tags];
        },
        'aggregate per group': () => pool.query({ name: 'agg', text: 'SELECT author_id, COUNT(id) FROM b_book GROUP BY author_id' }),
        'update one row': () => pool.query({ name: 'upd', text: 'UPDATE b_book SET pages = $1 WHERE id = $2', values: [rnd(400), rnd(BOOKS)] }),
        'bulk update 50': async () => {
          const start = rnd(BOOKS - 50);
          const ids = Array.from({ length: 50 }, (_, i) => start + i);
          const vals = ids.flatMap((id) => [id, rnd(400)]);
          await one(`UPDATE b_book SET pages = CASE ${ids.map((_, i) => `WHEN id = $${i * 2 + 1} THEN $${i * 2 + 2}::integer`).join(' ')} END WHERE id IN (${ids.map((_, i) => `$${vals.length + i + 1}`).join(',')})`, [...vals, ...ids]);
        },
      };
      const dz = drizzlePg(pool);
      const tAuthor = pgTable('b_author', { id: bigserial('id', { mode: 'number' }).primaryKey(), name: pVarchar('name'), age: pInt('age') });
      const tBook = pgTable('b_book', { id: bigserial('id', { mode: 'number' }).primaryKey(), title: pVarchar('title'), pages: pInt('pages'), authorId: pBig('author_id', { mode: 'number' }) });
      const tTag = pgTable('b_tag', { id: bigserial('id', { mode: 'number' }).primaryKey(), label: pVarchar('label') });
      const tBT = pgTable('b_book_tags', { id: bigserial('id', { mode: 'number' }).primaryKey(), bookId: pBig('b_book_id', { mode: 'number' }), tagId: pBig('b_tag_id', { mode: 'number' }) });
      const tItem = pgTable('b_item', { id: bigserial('id', { mode: 'number' }).primaryKey(), name: pVarchar('name'), qty: pInt('qty') });
      suites['Drizzle'] = drizzleSuite(dz as never, { tAuthor, tBook, tTag, tBT, tItem }, false);
      const kpool = new pg.Pool({ host: h.settings.HOST, port: h.settings.PORT, user: h.settings.USER, database: h.settings.NAME, max: 4 });
      kpool.on('error', () => {});
      const ky = new Kysely<KDB>({ dialect: new PostgresDialect({ pool: kpool }) });
      suites['Kysely'] = kyselySuite(ky);
      suites['TypeORM'] = await typeormSuite(new DataSource({ type: 'postgres', host: h.settings.HOST, port: h.settings.PORT, username: h.settings.USER, database: h.settings.NAME, entities: entitySchemas(), logging: false, poolSize: 4 }));
    }

    const results: Record<string, Record<string, number>> = {};
    const order = ['raw driver', 'Reinhardt', 'Drizzle', 'Kysely', 'TypeORM'];
    const failed = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of OPS) {
        for (const name of order) {
          const fn = suites[name]?.[op];
          if (!fn || failed.has(`${name}/${op}`)) continue;
          try {
            const opsPerSec = await measure(fn, round);
            const row = (results[op] ??= {});
            row[name] = Math.max(row[name] ?? 0, opsPerSec);
          } catch (e) {
            failed.add(`${name}/${op}`);
            console.log(`  ${name} / ${op}: failed: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
    console.log(`\nORM benchmark on ${which} (ops/sec; ratio = raw driver / Reinhardt time, and Reinhardt vs each peer)`);
    console.log(['operation'.padEnd(26), ...order.map((n) => n.padStart(11)), '  raw/R', '  R/Drz', '  R/Kys', '  R/TORM'].join(''));
    for (const op of OPS) {
      const r = results[op] ?? {};
      const cells = order.map((n) => (r[n] === undefined ? '-' : r[n]!.toFixed(0)).padStart(11));
      const R = r['Reinhardt'] ?? NaN;
      const ratio = (x: number | undefined) => (x === undefined ? '-' : (R / x).toFixed(2) + 'x').padStart(7);
      console.log([op.padEnd(26), ...cells, ((r['raw driver'] ?? NaN) / R).toFixed(2).padStart(7) + 'x', ratio(r['Drizzle']), ratio(r['Kysely']), ratio(r['TypeORM'])].join(''));
    }
    await ky_destroy.pop()?.();
    await typeorm_destroy.pop()?.();
    for (const p of pools.splice(0)) await p.end();
  } finally {
    connections.unsetConnection('default');
    await h.teardown();
  }
}

interface KDB {
  b_author: { id: number; name: string; age: number };
  b_book: { id: number; title: string; pages: number; author_id: number };
  b_tag: { id: number; label: string };
  b_book_tags: { id: number; b_book_id: number; b_tag_id: number };
  b_item: { id: number | undefined; name: string; qty: number };
}
const ky_destroy: (() => Promise<void>)[] = [];
const pools: pg.Pool[] = [];
const typeorm_destroy: (() => Promise<void>)[] = [];

function drizzleSuite(dz: any, t: any, sqlite: boolean): Suite {
  const { tAuthor, tBook, tTag, tBT, tItem } = t;
  return {
    'insert one by one (tx)': sqlite
      // better-sqlite3 transactions in Drizzle are synchronous.
      ? async () => dz.transaction((tx: any) => { for (let i = 0; i < 10; i++) tx.insert(tItem).values({ name: `d${counter++}`, qty: i }).returning({ id: tItem.id }).all(); })
      : () => dz.transaction(async (tx: any) => { for (let i = 0; i < 10; i++) await tx.insert(tItem).values({ name: `d${counter++}`, qty: i }).returning({ id: tItem.id }); }),
    'bulk insert 100': () => dz.insert(tItem).values(Array.from({ length: 100 }, (_, i) => ({ name: `d${counter++}`, qty: i }))).returning({ id: tItem.id }),
    'get by pk': () => dz.select().from(tBook).where(eq(tBook.id, rnd(BOOKS))).limit(1),
    'filter+order+limit': () => dz.select().from(tBook).where(gt(tBook.pages, 200)).orderBy(desc(tBook.pages)).limit(20),
    'join (selectRelated) 50': () => dz.select().from(tBook).innerJoin(tAuthor, eq(tBook.authorId, tAuthor.id)).where(gt(tBook.pages, rnd(300))).orderBy(tBook.id).limit(50),
    'm2m prefetch 50': async () => {
      const bs = await dz.select().from(tBook).orderBy(tBook.id).limit(50);
      const tags = await dz.select({ id: tTag.id, label: tTag.label, bookId: tBT.bookId }).from(tTag).innerJoin(tBT, eq(tBT.tagId, tTag.id)).where(inArray(tBT.bookId, bs.map((b: any) => b.id)));
      return [bs, tags];
    },
    'aggregate per group': () => dz.select({ authorId: tBook.authorId, n: dCount(tBook.id) }).from(tBook).groupBy(tBook.authorId),
    'update one row': () => dz.update(tBook).set({ pages: rnd(400) }).where(eq(tBook.id, rnd(BOOKS))),
    'bulk update 50': async () => {
      const start = rnd(BOOKS - 50);
      const ids = Array.from({ length: 50 }, (_, i) => start + i);
      const cases = dsql.join(ids.map((id) => dsql`WHEN ${tBook.id} = ${id} THEN ${rnd(400)}`), dsql` `);
      await dz.update(tBook).set({ pages: dsql`CAST(CASE ${cases} END AS integer)` }).where(inArray(tBook.id, ids));
    },
  };
}

function kyselySuite(ky: Kysely<KDB>): Suite {
  ky_destroy.push(() => ky.destroy());
  return {
    'insert one by one (tx)': () => ky.transaction().execute(async (tx) => { for (let i = 0; i < 10; i++) await tx.insertInto('b_item').values({ name: `k${counter++}`, qty: i } as never).returning('id').execute(); }),
    'bulk insert 100': () => ky.insertInto('b_item').values(Array.from({ length: 100 }, (_, i) => ({ name: `k${counter++}`, qty: i })) as never).returning('id').execute(),
    'get by pk': () => ky.selectFrom('b_book').selectAll().where('id', '=', rnd(BOOKS)).executeTakeFirst(),
    'filter+order+limit': () => ky.selectFrom('b_book').selectAll().where('pages', '>', 200).orderBy('pages', 'desc').limit(20).execute(),
    'join (selectRelated) 50': () => ky.selectFrom('b_book as b').innerJoin('b_author as a', 'a.id', 'b.author_id').select(['b.id', 'b.title', 'b.pages', 'b.author_id', 'a.name', 'a.age']).where('b.pages', '>', rnd(300)).orderBy('b.id').limit(50).execute(),
    'm2m prefetch 50': async () => {
      const bs = await ky.selectFrom('b_book').selectAll().orderBy('id').limit(50).execute();
      const tags = await ky.selectFrom('b_tag as t').innerJoin('b_book_tags as bt', 'bt.b_tag_id', 't.id').select(['t.id', 't.label', 'bt.b_book_id']).where('bt.b_book_id', 'in', bs.map((b) => b.id)).execute();
      return [bs, tags];
    },
    'aggregate per group': () => ky.selectFrom('b_book').select(['author_id', (eb) => eb.fn.count('id').as('n')]).groupBy('author_id').execute(),
    'update one row': () => ky.updateTable('b_book').set({ pages: rnd(400) }).where('id', '=', rnd(BOOKS)).execute(),
    'bulk update 50': async () => {
      const start = rnd(BOOKS - 50);
      const ids = Array.from({ length: 50 }, (_, i) => start + i);
      const cases = ksql.join(ids.map((id) => ksql`WHEN id = ${id} THEN ${rnd(400)}`), ksql` `);
      await ky.updateTable('b_book').set({ pages: ksql`CAST(CASE ${cases} END AS integer)` as never }).where('id', 'in', ids).execute();
    },
  };
}

function entitySchemas() {
  const Author = new EntitySchema<any>({ name: 'Author', tableName: 'b_author', columns: { id: { type: Number, primary: true, generated: true }, name: { type: String }, age: { type: Number } } });
  const Tag = new EntitySchema<any>({ name: 'Tag', tableName: 'b_tag', columns: { id: { type: Number, primary: true, generated: true }, label: { type: String } } });
  const Book = new EntitySchema<any>({
    name: 'Book', tableName: 'b_book',
    columns: { id: { type: Number, primary: true, generated: true }, title: { type: String }, pages: { type: Number }, author_id: { type: Number } },
    relations: {
      author: { type: 'many-to-one', target: 'Author', joinColumn: { name: 'author_id' } },
      tags: { type: 'many-to-many', target: 'Tag', joinTable: { name: 'b_book_tags', joinColumn: { name: 'b_book_id' }, inverseJoinColumn: { name: 'b_tag_id' } } },
    },
  });
  const Item = new EntitySchema<any>({ name: 'Item', tableName: 'b_item', columns: { id: { type: Number, primary: true, generated: true }, name: { type: String }, qty: { type: Number } } });
  return [Author, Tag, Book, Item];
}

async function typeormSuite(ds: DataSource): Promise<Suite> {
  await ds.initialize();
  typeorm_destroy.push(() => ds.destroy());
  const books = ds.getRepository('Book');
  const items = ds.getRepository('Item');
  return {
    'insert one by one (tx)': () => ds.transaction(async (m) => { for (let i = 0; i < 10; i++) await m.insert('Item', { name: `t${counter++}`, qty: i }); }),
    'bulk insert 100': () => items.insert(Array.from({ length: 100 }, (_, i) => ({ name: `t${counter++}`, qty: i }))),
    'get by pk': () => books.findOneBy({ id: rnd(BOOKS) }),
    'filter+order+limit': () => books.find({ where: { pages: MoreThan(200) }, order: { pages: 'DESC' }, take: 20 }),
    'join (selectRelated) 50': () => books.find({ relations: { author: true }, where: { pages: MoreThan(rnd(300)) }, order: { id: 'ASC' }, take: 50 }),
    'm2m prefetch 50': () => books.find({ relations: { tags: true }, order: { id: 'ASC' }, take: 50, relationLoadStrategy: 'query' }),
    'aggregate per group': () => books.createQueryBuilder('b').select('b.author_id', 'author_id').addSelect('COUNT(b.id)', 'n').groupBy('b.author_id').getRawMany(),
    'update one row': () => books.update({ id: rnd(BOOKS) }, { pages: rnd(400) }),
    'bulk update 50': async () => {
      const start = rnd(BOOKS - 50);
      const objs = await books.findBy({ id: In(Array.from({ length: 50 }, (_, i) => start + i)) });
      for (const o of objs) o['pages'] = rnd(400);
      await books.save(objs);
    },
  };
}

const targets = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'postgres']) as ('sqlite' | 'postgres')[];
for (const t of targets) await run(t);
await connections.closeAll();
