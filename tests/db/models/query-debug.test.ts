import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from './orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { assertNumQueries, detectNPlusOne, QueryCountError } from '../../../src/db/models/index.ts';
import { captureQueries } from '../../../src/db/models/query-debug.ts';
import { Author, Book, pollsModels, libraryModels } from './polls-models.ts';

for (const db of testDatabases()) {
  describe(`query counting and N+1 detection on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    before(async () => {
      if (db.skip) return;
      for (let i = 0; i < 4; i++) {
        const a = await Author.objects.create({ name: `a${i}` });
        await Book.objects.create({ title: `b${i}`, author: a });
      }
    });

    it('counts queries and fails with the SQL listed', async () => {
      await assertNumQueries(1, () => Book.objects.selectRelated('author').then((bs) => bs.map((b) => b.author.name)));
      await assert.rejects(assertNumQueries(1, async () => {
        for (const b of await Book.objects.all()) await b.author;
      }), (e: unknown) => e instanceof QueryCountError && e.queries.length === 5 && /5 queries executed, 1 expected/.test(e.message));
      const { queries } = await captureQueries(() => Author.objects.prefetchRelated('books').then((as) => as.map((a) => a.books.all())));
      assert.equal(queries.length, 2);
    });

    it('reports a relation loaded per row in a loop, with the line that did it', async () => {
      const { reports } = await detectNPlusOne(async () => {
        for (const b of await Book.objects.all()) await b.author;
      });
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.model, 'library.Book');
      assert.equal(reports[0]!.relation, 'author');
      assert.match(reports[0]!.location, /query-debug\.test\.ts:\d+:\d+/);
      assert.match(reports[0]!.message, /selectRelated\('author'\)/);
      const reverse = await detectNPlusOne(async () => {
        for (const a of await Author.objects.all()) await a.books.all();
      });
      assert.equal(reverse.reports[0]!.relation, 'books');
      const clean = await detectNPlusOne(async () => {
        for (const b of await Book.objects.selectRelated('author')) void b.author.name;
        for (const a of await Author.objects.prefetchRelated('books')) await a.books.all();
      });
      assert.deepEqual(clean.reports, []);
    });
  });
}
