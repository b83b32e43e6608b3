import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { DataError, IntegrityError, NotSupportedError } from '../../../src/db/utils.ts';
import type { ColumnSpec, TableSpec } from '../../../src/db/backends/base/schema.ts';

const parent: TableSpec = {
  name: 'rt_author',
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'name', internalType: 'CharField', maxLength: 50, null: false, unique: true },
    { name: 'rank', internalType: 'PositiveIntegerField', null: true },
  ],
};

const child = (): TableSpec => ({
  name: 'rt_book',
  columns: [
    { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
    { name: 'title', internalType: 'CharField', maxLength: 40, null: false, dbIndex: true },
    { name: 'pages', internalType: 'IntegerField', null: true },
    { name: 'author_id', internalType: 'BigIntegerField', null: false, dbIndex: true, references: { table: 'rt_author', column: 'id' } },
  ],
  indexes: [{ name: 'rt_book_title_pages_idx', columns: ['title', 'pages'] }],
  constraints: [{ kind: 'check', name: 'rt_book_pages_positive', check: { sql: '"pages" > ?', params: [0] } }],
  uniqueTogether: [['title', 'author_id']],
});

for (const db of testDatabases()) {
  describe(`schema editor and introspection on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let book: TableSpec;
    let author: TableSpec;
    const q = (n: string) => h.connection.ops.quoteName(n);
    // Check SQL in specs is written with double quotes; MySQL needs backquotes.
    const fixQuotes = (spec: TableSpec): TableSpec => db.key !== 'mysql' ? spec : {
      ...spec,
      constraints: spec.constraints?.map((c) => (c.check ? { ...c, check: { ...c.check, sql: c.check.sql.replace(/"/g, '`') } } : c)),
    };
    const columns = async (table: string) => Object.fromEntries((await h.connection.introspection.getColumns(table)).map((c) => [c.name, c]));
    const constraints = async (table: string) => h.connection.introspection.getConstraints(table);
    const titles = async () => (await h.connection.query(`SELECT ${q('title')} FROM ${q('rt_book')} ORDER BY ${q('id')}`)).rows.map((r) => r[0]);

    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      author = parent;
      book = fixQuotes(child());
      const editor = h.connection.schemaEditor();
      await editor.createTable(author);
      await editor.createTable(book);
      await h.connection.execute(`INSERT INTO ${q('rt_author')} (${q('name')}) VALUES (?), (?)`, ['Ann', 'Bob']);
      await h.connection.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?), (?, ?, ?)`, ['One', 10, 1, 'Two', 20, 2]);
    });
    after(async () => h?.teardown());

    it('creates tables that introspection reads back with internal types', async () => {
      const tables = await h.connection.introspection.tableNames();
      assert.ok(tables.includes('rt_author') && tables.includes('rt_book'));
      const cols = await columns('rt_book');
      assert.deepEqual(Object.keys(cols), ['id', 'title', 'pages', 'author_id']);
      assert.equal(cols['id']!.primaryKey, true);
      assert.match(cols['id']!.internalType, /AutoField$/);
      assert.equal(cols['title']!.internalType, 'CharField');
      assert.equal(cols['title']!.maxLength, 40);
      assert.equal(cols['title']!.null, false);
      assert.equal(cols['pages']!.internalType, 'IntegerField');
      assert.equal(cols['pages']!.null, true);
      assert.equal(await h.connection.introspection.getPrimaryKeyColumn('rt_book'), 'id');
    });

    it('creates named foreign keys, uniques, checks and indexes', async () => {
      const cons = await constraints('rt_book');
      const fks = await h.connection.introspection.getForeignKeys('rt_book');
      assert.equal(fks.length, 1);
      assert.deepEqual({ column: fks[0]!.column, table: fks[0]!.table, target: fks[0]!.targetColumn }, { column: 'author_id', table: 'rt_author', target: 'id' });
      assert.ok(cons['rt_book_pages_positive']?.check, 'named check');
      assert.ok(cons['rt_book_title_pages_idx']?.index, 'named index');
      assert.deepEqual(cons['rt_book_title_pages_idx']!.columns, ['title', 'pages']);
      const uniques = Object.values(cons).filter((c) => c.unique && !c.primaryKey).map((c) => c.columns.join(','));
      assert.ok(uniques.includes('title,author_id'), `unique together in ${uniques.join(' | ')}`);
      const authorCons = await constraints('rt_author');
      assert.ok(Object.values(authorCons).some((c) => c.unique && !c.primaryKey && c.columns.join() === 'name'));
    });

    it('enforces the constraints it created with IntegrityErrors', async () => {
      const c = h.connection;
      await assert.rejects(c.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?)`, ['Bad', 5, 999]),
        (e: unknown) => e instanceof IntegrityError && e.code === 'db.integrity.foreign_key');
      await assert.rejects(c.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?)`, ['Bad', -5, 1]),
        (e: unknown) => e instanceof IntegrityError && e.code === 'db.integrity.check');
      await assert.rejects(c.execute(`INSERT INTO ${q('rt_author')} (${q('name')}, ${q('rank')}) VALUES (?, ?)`, ['Neg', -1]),
        // MySQL's UNSIGNED column refuses the value before the check runs.
        (e: unknown) => (e instanceof IntegrityError && e.code === 'db.integrity.check') || (db.key === 'mysql' && e instanceof DataError));
      await assert.rejects(c.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?)`, ['One', 11, 1]),
        (e: unknown) => e instanceof IntegrityError && e.code === 'db.integrity.unique');
    });

    it('adds a nullable column and a NOT NULL column with a database default, keeping rows', async () => {
      const editor = h.connection.schemaEditor();
      const isbn: ColumnSpec = { name: 'isbn', internalType: 'CharField', maxLength: 13, null: true };
      await editor.addColumn(book, isbn);
      book = { ...book, columns: [...book.columns, isbn] };
      const lang: ColumnSpec = { name: 'lang', internalType: 'CharField', maxLength: 5, null: false, dbDefault: { sql: '?', params: ['en'] } };
      await editor.addColumn(book, lang);
      book = { ...book, columns: [...book.columns, lang] };
      const r = await h.connection.query(`SELECT ${q('title')}, ${q('isbn')}, ${q('lang')} FROM ${q('rt_book')} ORDER BY ${q('id')}`);
      assert.deepEqual(r.rows, [['One', null, 'en'], ['Two', null, 'en']]);
      const cols = await columns('rt_book');
      assert.equal(cols['lang']!.null, false);
      assert.match(String(cols['lang']!.default), /en/);
    });

    it('adds a unique column and an indexed column', async () => {
      const editor = h.connection.schemaEditor();
      const code: ColumnSpec = { name: 'code', internalType: 'CharField', maxLength: 10, null: true, unique: true };
      await editor.addColumn(book, code);
      book = { ...book, columns: [...book.columns, code] };
      await h.connection.execute(`UPDATE ${q('rt_book')} SET ${q('code')} = ? WHERE ${q('id')} = ?`, ['A', 1]);
      await assert.rejects(h.connection.execute(`UPDATE ${q('rt_book')} SET ${q('code')} = ? WHERE ${q('id')} = ?`, ['A', 2]), IntegrityError);
      assert.deepEqual(await titles(), ['One', 'Two']);
    });

    it('alters type, nullability, uniqueness and index of a column, keeping rows and foreign keys', async () => {
      const editor = h.connection.schemaEditor();
      const oldTitle = book.columns.find((c) => c.name === 'title')!;
      const newTitle: ColumnSpec = { ...oldTitle, maxLength: 120, unique: true, dbIndex: false };
      await editor.alterColumn(book, oldTitle, newTitle);
      book = { ...book, columns: book.columns.map((c) => (c.name === 'title' ? newTitle : c)) };
      const oldPages = book.columns.find((c) => c.name === 'pages')!;
      const newPages: ColumnSpec = { ...oldPages, internalType: 'BigIntegerField', null: false };
      await editor.alterColumn(book, oldPages, newPages);
      book = { ...book, columns: book.columns.map((c) => (c.name === 'pages' ? newPages : c)) };
      const cols = await columns('rt_book');
      assert.equal(cols['title']!.maxLength, 120);
      assert.equal(cols['pages']!.null, false);
      assert.equal(cols['pages']!.internalType, 'BigIntegerField');
      assert.deepEqual(await titles(), ['One', 'Two']);
      const cons = await constraints('rt_book');
      assert.ok(Object.values(cons).some((c) => c.unique && c.columns.join() === 'title'));
      assert.equal((await h.connection.introspection.getForeignKeys('rt_book')).length, 1);
      assert.ok(cons['rt_book_title_pages_idx'], 'other indexes survive');
      await assert.rejects(h.connection.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?)`, ['Three', 5, 999]),
        (e: unknown) => e instanceof IntegrityError && e.code === 'db.integrity.foreign_key');
    });

    it('rebuilds or alters the referenced table without losing the rows that reference it', async () => {
      const editor = h.connection.schemaEditor();
      const oldName = author.columns.find((c) => c.name === 'name')!;
      const newName: ColumnSpec = { ...oldName, maxLength: 80 };
      await editor.alterColumn(author, oldName, newName);
      author = { ...author, columns: author.columns.map((c) => (c.name === 'name' ? newName : c)) };
      const r = await h.connection.query(`SELECT COUNT(*) FROM ${q('rt_book')} b JOIN ${q('rt_author')} a ON a.${q('id')} = b.${q('author_id')}`);
      assert.equal(Number(r.rows[0]![0]), 2);
      assert.equal((await columns('rt_author'))['name']!.maxLength, 80);
    });

    it('renames and removes columns', async () => {
      const editor = h.connection.schemaEditor();
      await editor.renameColumn(book, 'isbn', 'isbn13');
      book = { ...book, columns: book.columns.map((c) => (c.name === 'isbn' ? { ...c, name: 'isbn13' } : c)) };
      assert.ok('isbn13' in (await columns('rt_book')));
      const code = book.columns.find((c) => c.name === 'code')!;
      await editor.removeColumn(book, code);
      book = { ...book, columns: book.columns.filter((c) => c.name !== 'code') };
      const cols = await columns('rt_book');
      assert.ok(!('code' in cols) && !('isbn' in cols));
      assert.deepEqual(await titles(), ['One', 'Two']);
    });

    it('adds, renames and removes indexes, including partial unique ones where supported', async () => {
      const editor = h.connection.schemaEditor();
      const idx = { name: 'rt_book_lang_idx', columns: ['lang'] };
      await editor.addIndex(book, idx);
      book = { ...book, indexes: [...(book.indexes ?? []), idx] };
      assert.ok((await constraints('rt_book'))['rt_book_lang_idx']?.index);
      await editor.renameIndex(book, 'rt_book_lang_idx', 'rt_book_lang2_idx');
      book = { ...book, indexes: book.indexes!.map((i) => (i.name === 'rt_book_lang_idx' ? { ...i, name: 'rt_book_lang2_idx' } : i)) };
      const cons = await constraints('rt_book');
      assert.ok(cons['rt_book_lang2_idx'] && !cons['rt_book_lang_idx']);
      await editor.removeIndex(book, book.indexes!.find((i) => i.name === 'rt_book_lang2_idx')!);
      book = { ...book, indexes: book.indexes!.filter((i) => i.name !== 'rt_book_lang2_idx') };
      assert.ok(!(await constraints('rt_book'))['rt_book_lang2_idx']);
      const partial = { kind: 'unique' as const, name: 'rt_book_one_en', columns: ['lang'], condition: { sql: `${q('pages')} > ?`, params: [15] } };
      if (!h.connection.features.supportsPartialIndexes) {
        await assert.rejects(editor.addConstraint(book, partial), NotSupportedError);
        return;
      }
      await editor.addConstraint(book, partial);
      book = { ...book, constraints: [...(book.constraints ?? []), partial] };
      await h.connection.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?)`, ['Short', 5, 1]);
      await assert.rejects(h.connection.execute(`INSERT INTO ${q('rt_book')} (${q('title')}, ${q('pages')}, ${q('author_id')}) VALUES (?, ?, ?)`, ['Long', 50, 1]), IntegrityError);
      const info = (await constraints('rt_book'))['rt_book_one_en'];
      assert.ok(info?.unique);
      assert.match(String(info?.definition), /pages/);
      await editor.removeConstraint(book, partial);
      book = { ...book, constraints: book.constraints!.filter((c) => c.name !== 'rt_book_one_en') };
      await h.connection.execute(`DELETE FROM ${q('rt_book')} WHERE ${q('title')} = ?`, ['Short']);
    });

    it('adds and removes check and unique constraints', async () => {
      const editor = h.connection.schemaEditor();
      const check = { kind: 'check' as const, name: 'rt_book_pages_small', check: { sql: `${q('pages')} < ?`, params: [1000] } };
      await editor.addConstraint(book, check);
      book = { ...book, constraints: [...(book.constraints ?? []), check] };
      await assert.rejects(h.connection.execute(`UPDATE ${q('rt_book')} SET ${q('pages')} = ?`, [5000]), (e: unknown) => e instanceof IntegrityError && e.code === 'db.integrity.check');
      assert.ok((await constraints('rt_book'))['rt_book_pages_small']?.check);
      await editor.removeConstraint(book, check);
      book = { ...book, constraints: book.constraints!.filter((c) => c.name !== 'rt_book_pages_small') };
      assert.ok(!(await constraints('rt_book'))['rt_book_pages_small']);
      const uniq = { kind: 'unique' as const, name: 'rt_book_pages_uniq', columns: ['pages', 'lang'] };
      await editor.addConstraint(book, uniq);
      book = { ...book, constraints: [...(book.constraints ?? []), uniq] };
      await assert.rejects(h.connection.execute(`UPDATE ${q('rt_book')} SET ${q('pages')} = ?`, [7]), IntegrityError);
      await editor.removeConstraint(book, uniq);
      book = { ...book, constraints: book.constraints!.filter((c) => c.name !== 'rt_book_pages_uniq') };
      assert.deepEqual(await titles(), ['One', 'Two']);
    });

    it('replaces unique-together sets', async () => {
      const editor = h.connection.schemaEditor();
      await editor.alterUniqueTogether(book, book.uniqueTogether ?? [], [['pages', 'author_id']]);
      book = { ...book, uniqueTogether: [['pages', 'author_id']] };
      const uniques = Object.values(await constraints('rt_book')).filter((c) => c.unique && !c.primaryKey).map((c) => c.columns.join(','));
      assert.ok(uniques.includes('pages,author_id'));
      assert.ok(!uniques.includes('title,author_id'));
    });

    it('renames and drops tables', async () => {
      const editor = h.connection.schemaEditor();
      await editor.createTable({ name: 'rt_tmp', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }] });
      await editor.renameTable('rt_tmp', 'rt_tmp2');
      let tables = await h.connection.introspection.tableNames();
      assert.ok(tables.includes('rt_tmp2') && !tables.includes('rt_tmp'));
      await editor.deleteTable('rt_tmp2');
      tables = await h.connection.introspection.tableNames();
      assert.ok(!tables.includes('rt_tmp2'));
    });

    it('creates tables that reference each other inside run() by deferring foreign keys', async () => {
      const editor = h.connection.schemaEditor();
      const a: TableSpec = { name: 'rt_cyc_a', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'b_id', internalType: 'IntegerField', null: true, references: { table: 'rt_cyc_b', column: 'id' } }] };
      const b: TableSpec = { name: 'rt_cyc_b', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'a_id', internalType: 'IntegerField', null: true, references: { table: 'rt_cyc_a', column: 'id' } }] };
      await editor.run(async (ed) => {
        await ed.createTable({ ...a, indexes: [{ name: 'rt_cyc_a_b_idx', columns: ['b_id'] }] });
        await ed.createTable(b);
        // A change after the creations adds the queued foreign keys first, then renames.
        await ed.createTable({ name: 'rt_cyc_tmp', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'a_id', internalType: 'IntegerField', null: true, references: { table: 'rt_cyc_a', column: 'id' } }] });
        await ed.renameTable('rt_cyc_tmp', 'rt_cyc_tmp2');
        await ed.removeColumn({ name: 'rt_cyc_tmp2', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'a_id', internalType: 'IntegerField', null: true, references: { table: 'rt_cyc_a', column: 'id' } }] },
          { name: 'a_id', internalType: 'IntegerField', null: true, references: { table: 'rt_cyc_a', column: 'id' } });
        await ed.deleteTable('rt_cyc_tmp2');
      });
      assert.equal((await h.connection.introspection.getForeignKeys('rt_cyc_a'))[0]?.table, 'rt_cyc_b');
      assert.equal((await h.connection.introspection.getForeignKeys('rt_cyc_b'))[0]?.table, 'rt_cyc_a');
      await assert.rejects(h.connection.execute(`INSERT INTO ${q('rt_cyc_a')} (${q('b_id')}) VALUES (?)`, [42]), IntegrityError);
    });

    it('collects SQL without running it', async () => {
      const editor = h.connection.schemaEditor({ collectSql: true });
      await editor.createTable({ name: 'rt_never', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 's', internalType: 'CharField', maxLength: 3, null: false, dbDefault: { sql: '?', params: ["it's"] } }] });
      assert.ok(editor.collectedSql.length >= 1);
      assert.match(editor.collectedSql[0]!, /CREATE TABLE/);
      assert.match(editor.collectedSql[0]!, /'it''s'/);
      assert.ok(!(await h.connection.introspection.tableNames()).includes('rt_never'));
    });

    it('rolls DDL back with the transaction where the database can', async () => {
      const editor = h.connection.schemaEditor();
      await assert.rejects(editor.run(async (ed) => {
        await ed.createTable({ name: 'rt_ghost', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }] });
        throw new Error('fail half-way');
      }), /fail half-way/);
      const exists = (await h.connection.introspection.tableNames()).includes('rt_ghost');
      assert.equal(exists, !h.connection.features.canRollbackDdl);
      if (exists) await editor.deleteTable('rt_ghost');
    });
  });
}
