import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import type { PatternLookup } from '../../../src/db/backends/base/operations.ts';

const words = ['Apple', 'apple', 'APPLE pie', 'a%b', 'a_b', 'axb', 'x*y', 'x?y', '[ab]', 'back\\slash', 'pineapple'];

for (const db of testDatabases()) {
  describe(`lookup operators on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    const q = (n: string) => h.connection.ops.quoteName(n);
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      await h.connection.schemaEditor().createTable({
        name: 'rt_word',
        columns: [
          { name: 'id', internalType: 'AutoField', null: false, primaryKey: true },
          { name: 'w', internalType: 'CharField', maxLength: 50, null: false },
          { name: 'other', internalType: 'CharField', maxLength: 50, null: true },
        ],
      });
      for (const w of words) await h.connection.execute(`INSERT INTO ${q('rt_word')} (${q('w')}) VALUES (?)`, [w]);
    });
    after(async () => h?.teardown());

    const match = async (lookup: PatternLookup, value: string) => {
      const ops = h.connection.ops;
      const where = ops.lookupSql(lookup, q('w'));
      const r = await h.connection.query(`SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${where} ORDER BY ${q('id')}`, [ops.prepareLookupValue(lookup, value)]);
      return r.rows.map((row) => row[0]);
    };

    it('matches exact case-sensitively where the database compares strings by case', async () => {
      const got = await match('exact', 'apple');
      if (h.connection.features.hasCaseSensitiveEquality) assert.deepEqual(got, ['apple']);
      else assert.deepEqual(got, ['Apple', 'apple']);
    });

    it('matches iexact case-insensitively and without wildcards', async () => {
      assert.deepEqual(await match('iexact', 'APPLE'), ['Apple', 'apple']);
      assert.deepEqual(await match('iexact', 'a%b'), ['a%b']);
    });

    it('matches contains case-sensitively', async () => {
      assert.deepEqual(await match('contains', 'pple'), ['Apple', 'apple', 'pineapple']);
      assert.deepEqual(await match('contains', 'PPLE'), ['APPLE pie']);
    });

    it('matches icontains case-insensitively', async () => {
      assert.deepEqual(await match('icontains', 'PPLE'), ['Apple', 'apple', 'APPLE pie', 'pineapple']);
    });

    it('treats LIKE and GLOB wildcards in values literally', async () => {
      assert.deepEqual(await match('contains', '%'), ['a%b']);
      assert.deepEqual(await match('contains', '_'), ['a_b']);
      assert.deepEqual(await match('icontains', '_'), ['a_b']);
      assert.deepEqual(await match('contains', '*'), ['x*y']);
      assert.deepEqual(await match('contains', '?'), ['x?y']);
      assert.deepEqual(await match('startswith', '[a'), ['[ab]']);
      assert.deepEqual(await match('contains', '\\'), ['back\\slash']);
    });

    it('matches startswith/endswith and their case-insensitive forms', async () => {
      assert.deepEqual(await match('startswith', 'app'), ['apple']);
      assert.deepEqual(await match('istartswith', 'app'), ['Apple', 'apple', 'APPLE pie']);
      assert.deepEqual(await match('endswith', 'apple'), ['apple', 'pineapple']);
      assert.deepEqual(await match('iendswith', 'APPLE'), ['Apple', 'apple', 'pineapple']);
    });

    it('matches regex case-sensitively and iregex case-insensitively', async () => {
      assert.deepEqual(await match('regex', '^[Aa]pple$'), ['Apple', 'apple']);
      assert.deepEqual(await match('regex', '^apple'), ['apple']);
      assert.deepEqual(await match('iregex', '^apple'), ['Apple', 'apple', 'APPLE pie']);
    });

    it('builds patterns from another column with patternSql', async () => {
      const c = h.connection;
      await c.execute(`UPDATE ${q('rt_word')} SET ${q('other')} = ? WHERE ${q('w')} = ?`, ['pple', 'pineapple']);
      await c.execute(`UPDATE ${q('rt_word')} SET ${q('other')} = ? WHERE ${q('w')} = ?`, ['%', 'a%b']);
      await c.execute(`UPDATE ${q('rt_word')} SET ${q('other')} = ? WHERE ${q('w')} = ?`, ['_', 'axb']);
      const where = c.ops.lookupSql('contains', q('w'), c.ops.patternSql('contains', q('other')));
      const r = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${q('other')} IS NOT NULL AND ${where} ORDER BY ${q('id')}`);
      assert.deepEqual(r.rows.map((x) => x[0]), ['a%b', 'pineapple']);
    });

    it('paginates with limitOffsetSql, including an offset without a limit', async () => {
      const c = h.connection;
      const page = c.ops.limitOffsetSql(2, 1);
      const r = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} ORDER BY ${q('id')} ${page.sql}`, page.params);
      assert.deepEqual(r.rows.map((x) => x[0]), ['apple', 'APPLE pie']);
      const rest = c.ops.limitOffsetSql(null, 9);
      const r2 = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} ORDER BY ${q('id')} ${rest.sql}`, rest.params);
      assert.deepEqual(r2.rows.map((x) => x[0]), ['back\\slash', 'pineapple']);
    });

    it('orders NULLs first or last on request', async () => {
      const c = h.connection;
      const first = c.ops.orderBySql(q('other'), false, 'first');
      const r = await c.query(`SELECT ${q('other')} FROM ${q('rt_word')} ORDER BY ${first}, ${q('id')}`);
      assert.equal(r.rows[0]![0], null);
      const last = c.ops.orderBySql(q('other'), true, 'last');
      const r2 = await c.query(`SELECT ${q('other')} FROM ${q('rt_word')} ORDER BY ${last}, ${q('id')}`);
      assert.equal(r2.rows.at(-1)![0], null);
      assert.notEqual(r2.rows[0]![0], null);
    });

    it('orders randomly and casts', async () => {
      const c = h.connection;
      const r = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} ORDER BY ${c.ops.randomFunctionSql()}`);
      assert.equal(r.rows.length, words.length);
      const cast = await c.query(`SELECT ${c.ops.castSql('?', 'IntegerField')}`, ['42']);
      assert.equal(Number(cast.rows[0]![0]), 42);
    });

    it('validates EXPLAIN options and runs the prefix', async () => {
      const c = h.connection;
      assert.throws(() => c.ops.explainQueryPrefix('XMLX'), /not supported/);
      assert.throws(() => c.ops.explainQueryPrefix(undefined, { 'analyze; drop': true }), /Unknown EXPLAIN option/);
      const r = await c.query(`${c.ops.explainQueryPrefix()} SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${q('id')} = ?`, [1]);
      assert.ok(r.rows.length > 0);
    });

    it('inserts ignoring conflicts and upserts', async () => {
      const c = h.connection;
      const ig = c.ops.insertIgnoreSql();
      await c.execute(`${ig.prefix} INTO ${q('rt_word')} (${q('id')}, ${q('w')}) VALUES (?, ?) ${ig.suffix}`, [1, 'dup']);
      const same = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${q('id')} = ?`, [1]);
      assert.equal(same.rows[0]![0], 'Apple');
      await c.execute(`INSERT INTO ${q('rt_word')} (${q('id')}, ${q('w')}) VALUES (?, ?) ${c.ops.onConflictUpdateSql(['id'], ['w'])}`, [1, 'Apricot']);
      const changed = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${q('id')} = ?`, [1]);
      assert.equal(changed.rows[0]![0], 'Apricot');
      await c.execute(`UPDATE ${q('rt_word')} SET ${q('w')} = ? WHERE ${q('id')} = ?`, ['Apple', 1]);
    });

    it('returns inserted columns where RETURNING is supported', async () => {
      const c = h.connection;
      if (!c.features.supportsReturning) {
        assert.equal(c.ops.returningSql(['id']), '');
        return;
      }
      const r = await c.query(`INSERT INTO ${q('rt_word')} (${q('w')}) VALUES (?) ${c.ops.returningSql(['id', 'w'])}`, ['ret']);
      assert.equal(r.rows[0]![1], 'ret');
      assert.ok(Number(r.rows[0]![0]) > words.length);
    });

    it('locks rows with SELECT ... FOR UPDATE where supported', async () => {
      const c = h.connection;
      if (!c.features.supportsSelectForUpdate) return;
      const { atomic } = await import('../../../src/db/transaction.ts');
      await atomic(async () => {
        const r = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${q('id')} = ? ${c.ops.forUpdateSql({ skipLocked: true })}`, [1]);
        assert.equal(r.rows.length, 1);
        const r2 = await c.query(`SELECT ${q('w')} FROM ${q('rt_word')} WHERE ${q('id')} = ? ${c.ops.forUpdateSql({ nowait: true })}`, [1]);
        assert.equal(r2.rows.length, 1);
      }, { using: c });
    });
  });
}
