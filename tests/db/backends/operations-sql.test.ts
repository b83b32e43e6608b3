import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from '../../../src/db/connections.ts';
import { toNumberedPlaceholders } from '../../../src/db/backends/postgresql/base.ts';

// Building wrappers never connects: these tests show each vendor's SQL side by side.
const sqlite = createConnection('s', { ENGINE: 'sqlite', NAME: ':memory:' });
const pg = createConnection('p', { ENGINE: 'postgresql', NAME: 'x' });
const my = createConnection('m', { ENGINE: 'mysql', NAME: 'x' });
const all = { sqlite, pg, my };
const each = <T = string>(fn: (c: typeof sqlite) => T) => Object.fromEntries(Object.entries(all).map(([k, c]) => [k, fn(c)]));

test('quoteName uses each vendor quote character', () => {
  assert.deepEqual(each((c) => c.ops.quoteName('order')), { sqlite: '"order"', pg: '"order"', my: '`order`' });
});

test('case-sensitive and insensitive pattern lookups per vendor', () => {
  assert.deepEqual(each((c) => c.ops.lookupSql('contains', 'x')), { sqlite: 'x GLOB ?', pg: 'x::text LIKE ?', my: 'x LIKE BINARY ?' });
  assert.deepEqual(each((c) => c.ops.lookupSql('icontains', 'x')), { sqlite: "x LIKE ? ESCAPE '\\'", pg: 'x::text ILIKE ?', my: 'x LIKE ?' });
  assert.deepEqual(each((c) => c.ops.lookupSql('regex', 'x')), { sqlite: 'x REGEXP ?', pg: 'x::text ~ ?', my: 'x REGEXP BINARY ?' });
  assert.deepEqual(each((c) => c.ops.lookupSql('iregex', 'x')), { sqlite: 'reinhardt_iregexp(x, ?)', pg: 'x::text ~* ?', my: 'x REGEXP ?' });
});

test('pattern values are escaped for LIKE or GLOB', () => {
  assert.deepEqual(each((c) => String(c.ops.prepareLookupValue('contains', '50%_[*?'))), { sqlite: '*50%_[[][*][?]*', pg: '%50\\%\\_[*?%', my: '%50\\%\\_[*?%' });
  assert.deepEqual(each((c) => String(c.ops.prepareLookupValue('istartswith', 'a_'))), { sqlite: 'a\\_%', pg: 'a\\_%', my: 'a\\_%' });
});

test('limit/offset, random order and NULLS LAST per vendor', () => {
  assert.deepEqual(each((c) => c.ops.limitOffsetSql(null, 5)), {
    sqlite: { sql: 'LIMIT -1 OFFSET 5', params: [] },
    pg: { sql: 'OFFSET ?', params: [5] },
    my: { sql: 'LIMIT 18446744073709551615 OFFSET ?', params: [5] },
  });
  assert.deepEqual(each((c) => c.ops.limitOffsetSql(21, 0)), { sqlite: { sql: 'LIMIT 21', params: [] }, pg: { sql: 'LIMIT ?', params: [21] }, my: { sql: 'LIMIT ?', params: [21] } });
  // Values are checked before they reach SQL, inlined or bound.
  for (const bad of [-1, 1.5, Number.NaN, '3; DROP TABLE x' as unknown as number]) {
    assert.deepEqual(each((c) => { try { c.ops.limitOffsetSql(bad, 0); return 'accepted'; } catch (e) { return (e as Error).message; } }), {
      sqlite: `LIMIT must be a non-negative integer, got ${String(bad)}`,
      pg: `LIMIT must be a non-negative integer, got ${String(bad)}`,
      my: `LIMIT must be a non-negative integer, got ${String(bad)}`,
    });
  }
  assert.deepEqual(each((c) => c.ops.randomFunctionSql()), { sqlite: 'RANDOM()', pg: 'RANDOM()', my: 'RAND()' });
  assert.deepEqual(each((c) => c.ops.orderBySql('x', true, 'last')), { sqlite: 'x DESC NULLS LAST', pg: 'x DESC NULLS LAST', my: 'x IS NULL, x DESC' });
});

test('date extraction per vendor', () => {
  assert.deepEqual(each((c) => c.ops.datetimeExtractSql('week_day', 'x', 'UTC')), {
    sqlite: "reinhardt_datetime_extract('week_day', x, NULL)",
    pg: 'CAST(EXTRACT(DOW FROM x) + 1 AS integer)',
    my: 'DAYOFWEEK(x)',
  });
});

test('JSON has-key never uses the ? operator', () => {
  assert.deepEqual(each((c) => c.ops.jsonHasKeySql('x', 'k').sql), {
    sqlite: 'JSON_TYPE(x, ?) IS NOT NULL',
    pg: '(x -> CAST(? AS text)) IS NOT NULL',
    my: "JSON_CONTAINS_PATH(x, 'one', ?)",
  });
});

test('explain prefixes validate formats and options', () => {
  assert.equal(pg.ops.explainQueryPrefix('json', { analyze: true }), 'EXPLAIN (ANALYZE true, FORMAT JSON)');
  assert.equal(my.ops.explainQueryPrefix('JSON'), 'EXPLAIN FORMAT=JSON');
  assert.equal(sqlite.ops.explainQueryPrefix(), 'EXPLAIN QUERY PLAN');
  assert.throws(() => pg.ops.explainQueryPrefix('HTML'), /not supported/);
});

test('upsert and insert-ignore per vendor', () => {
  assert.deepEqual(each((c) => c.ops.onConflictUpdateSql(['a'], ['b'])), {
    sqlite: 'ON CONFLICT("a") DO UPDATE SET "b" = EXCLUDED."b"',
    pg: 'ON CONFLICT("a") DO UPDATE SET "b" = EXCLUDED."b"',
    my: 'ON DUPLICATE KEY UPDATE `b` = VALUES(`b`)',
  });
  assert.deepEqual(each((c) => c.ops.insertIgnoreSql().prefix), { sqlite: 'INSERT', pg: 'INSERT', my: 'INSERT IGNORE' });
});

test('capability flags describe each vendor', () => {
  assert.deepEqual(each((c) => String(c.features.canRollbackDdl)), { sqlite: 'true', pg: 'true', my: 'false' });
  assert.deepEqual(each((c) => String(c.features.supportsReturning)), { sqlite: 'true', pg: 'true', my: 'false' });
  assert.deepEqual(each((c) => String(c.features.supportsDistinctOn)), { sqlite: 'false', pg: 'true', my: 'false' });
  assert.deepEqual(each((c) => String(c.features.hasNativeUuid)), { sqlite: 'false', pg: 'true', my: 'false' });
});

test('column DDL per vendor', () => {
  const col = { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true };
  assert.deepEqual(each((c) => c.schemaEditor().columnSql('t', col)), {
    sqlite: '"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT',
    pg: '"id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY',
    my: '`id` bigint NOT NULL PRIMARY KEY AUTO_INCREMENT',
  });
});

test('PostgreSQL placeholders skip quoted text and comments', () => {
  assert.equal(toNumberedPlaceholders(`SELECT '?', "a?" FROM t WHERE a = ? AND b = ? -- ?\nAND c = ?`), `SELECT '?', "a?" FROM t WHERE a = $1 AND b = $2 -- ?\nAND c = $3`);
});

test('createIndexName is deterministic and fits the identifier limit', () => {
  const ed = pg.schemaEditor();
  const name = ed.createIndexName('a'.repeat(60), ['b'.repeat(30), 'c'], 'uniq');
  assert.ok(name.length <= 63);
  assert.equal(name, ed.createIndexName('a'.repeat(60), ['b'.repeat(30), 'c'], 'uniq'));
  assert.match(name, /_uniq$/);
});
