import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { createConnection, connections } from '../../../src/db/connections.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { prepareModels, Count } from '../../../src/db/models/index.ts';
import { Book, Author, libraryModels, pollsModels } from '../models/polls-models.ts';

prepareModels(...libraryModels);
const settingsFor = { sqlite: { ENGINE: 'sqlite', NAME: ':memory:' }, postgresql: { ENGINE: 'postgresql', NAME: 'x' }, mysql: { ENGINE: 'mysql', NAME: 'x' } } as const;

// One query, compiled for each vendor by the same compiler: only the backend hooks differ.
const cases: { name: string; qs: () => { sql(): { sql: string; params: unknown[] } }; sql: Record<keyof typeof settingsFor, string>; params: unknown[]; sqliteParams?: unknown[] }[] = [
  {
    name: 'icontains with an escaped wildcard, only(), slice',
    qs: () => Book.objects.filter({ title__icontains: 'x%' }).only('title').slice(0, 5),
    sql: {
      sqlite: `SELECT "t0"."id", "t0"."title" FROM "library_book" "t0" WHERE "t0"."title" LIKE ? ESCAPE '\\' ORDER BY "t0"."title" ASC LIMIT 5`,
      postgresql: `SELECT "t0"."id", "t0"."title" FROM "library_book" "t0" WHERE "t0"."title"::text ILIKE ? ORDER BY "t0"."title" ASC LIMIT ?`,
      mysql: 'SELECT `t0`.`id`, `t0`.`title` FROM `library_book` `t0` WHERE `t0`.`title` LIKE ? ORDER BY `t0`.`title` ASC LIMIT ?',
    },
    params: ['%x\\%%', 5],
    // SQLite writes LIMIT values into the SQL (a bound LIMIT costs it a replan per run).
    sqliteParams: ['%x\\%%'],
  },
  {
    name: 'a date part and a lookup across a relation',
    qs: () => Book.objects.filter({ published__year: 2024, author__name__startswith: 'A' }).values('title'),
    sql: {
      sqlite: `SELECT "t0"."title" AS "title" FROM "library_book" "t0" INNER JOIN "library_author" "t1" ON "t0"."author_id" = "t1"."id" WHERE (reinhardt_date_extract('year', "t0"."published") = ? AND "t1"."name" GLOB ?) ORDER BY "t0"."title" ASC`,
      postgresql: `SELECT "t0"."title" AS "title" FROM "library_book" "t0" INNER JOIN "library_author" "t1" ON "t0"."author_id" = "t1"."id" WHERE (CAST(EXTRACT(YEAR FROM "t0"."published") AS integer) = ? AND "t1"."name"::text LIKE ?) ORDER BY "t0"."title" ASC`,
      mysql: 'SELECT `t0`.`title` AS `title` FROM `library_book` `t0` INNER JOIN `library_author` `t1` ON `t0`.`author_id` = `t1`.`id` WHERE (EXTRACT(YEAR FROM `t0`.`published`) = ? AND `t1`.`name` LIKE BINARY ?) ORDER BY `t0`.`title` ASC',
    },
    params: [2024, null],
  },
  {
    name: 'an aggregate annotation filtered in HAVING',
    qs: () => Author.objects.values('name').annotate({ n: new Count('books') }).filter({ n__gt: 1 }),
    sql: {
      sqlite: `SELECT "t0"."name" AS "name", COUNT("t1"."id") AS "n" FROM "library_author" "t0" LEFT JOIN "library_book" "t1" ON "t0"."id" = "t1"."author_id" GROUP BY "t0"."name" HAVING COUNT("t1"."id") > ?`,
      postgresql: `SELECT "t0"."name" AS "name", COUNT("t1"."id") AS "n" FROM "library_author" "t0" LEFT JOIN "library_book" "t1" ON "t0"."id" = "t1"."author_id" GROUP BY "t0"."name" HAVING COUNT("t1"."id") > ?`,
      mysql: 'SELECT `t0`.`name` AS `name`, COUNT(`t1`.`id`) AS `n` FROM `library_author` `t0` LEFT JOIN `library_book` `t1` ON `t0`.`id` = `t1`.`author_id` GROUP BY `t0`.`name` HAVING COUNT(`t1`.`id`) > ?',
    },
    params: [1],
  },
];

describe('the shared SQL compiler', () => {
  for (const c of cases) {
    it(`compiles ${c.name} for each vendor`, () => {
      try {
        for (const [vendor, s] of Object.entries(settingsFor)) {
          connections.setConnection('default', createConnection('default', s as never));
          const out = c.qs().sql();
          assert.equal(out.sql, c.sql[vendor as keyof typeof settingsFor], vendor);
          if (c.params[1] !== null) assert.deepEqual(out.params, vendor === 'sqlite' ? (c.sqliteParams ?? c.params) : c.params, vendor);
        }
      } finally {
        connections.unsetConnection('default');
      }
    });
  }
});

for (const db of testDatabases()) {
  describe(`the compiled statements run on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    it('executes every compiled case', async () => {
      const a = await Author.objects.create({ name: 'Ann' });
      await Book.objects.create({ title: 'x% off', author: a, published: '2024-05-05' });
      await Book.objects.create({ title: 'y', author: a });
      const results = [];
      for (const c of cases) results.push(await (c.qs() as unknown as PromiseLike<unknown[]>));
      assert.equal(results[0]!.length, 1);
      assert.deepEqual(results[1], [{ title: 'x% off' }]);
      assert.deepEqual(results[2], [{ name: 'Ann', n: 2 }]);
    });
  });
}
