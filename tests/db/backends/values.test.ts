import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import { Decimal } from '../../../src/utils/decimal.ts';
import { DataError } from '../../../src/db/utils.ts';
import type { ColumnSpec } from '../../../src/db/backends/base/schema.ts';

const columns: ColumnSpec[] = [
  { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
  { name: 'i', internalType: 'IntegerField', null: true },
  { name: 'big', internalType: 'BigIntegerField', null: true },
  { name: 'dec', internalType: 'DecimalField', maxDigits: 30, decimalPlaces: 10, null: true },
  { name: 'dt', internalType: 'DateTimeField', null: true },
  { name: 'd', internalType: 'DateField', null: true },
  { name: 't', internalType: 'TimeField', null: true },
  { name: 'dur', internalType: 'DurationField', null: true },
  { name: 'js', internalType: 'JSONField', null: true },
  { name: 'u', internalType: 'UUIDField', null: true },
  { name: 'b', internalType: 'BooleanField', null: true },
  { name: 'bin', internalType: 'BinaryField', null: true },
  { name: 'f', internalType: 'FloatField', null: true },
  { name: 'txt', internalType: 'TextField', null: true },
];

const sample: Record<string, unknown> = {
  i: 2147483647,
  big: 9007199254740993n,
  dec: new Decimal('12345678901234567890.0123456789'),
  dt: new Date('2024-02-29T23:59:58.123Z'),
  d: '2024-02-29',
  t: '13:45:07.250000',
  dur: 90061001.5,
  js: { a: [1, 'two', null, { b: true }], s: 'x"y', n: 1.5 },
  u: '0f8fad5b-d9cb-469f-a165-70867728950e',
  b: true,
  bin: Buffer.from([0, 1, 2, 255]),
  f: 0.1,
  txt: 'héllo 🌍',
};

for (const db of testDatabases()) {
  describe(`value adapters and converters on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_' });
      await h.connection.schemaEditor().createTable({ name: 'rt_values', columns });
    });
    after(async () => h?.teardown());

    const roundTrip = async (values: Record<string, unknown>) => {
      const c = h.connection;
      const q = (n: string) => c.ops.quoteName(n);
      const names = Object.keys(values);
      const types = new Map(columns.map((col) => [col.name, col]));
      await c.execute(`DELETE FROM ${q('rt_values')}`);
      await c.execute(
        `INSERT INTO ${q('rt_values')} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        names.map((n) => c.ops.adaptValue(types.get(n)!.internalType, values[n])),
      );
      const r = await c.query(`SELECT ${names.map(q).join(', ')} FROM ${q('rt_values')}`);
      const row = r.rows[0]!;
      return Object.fromEntries(names.map((n, i) => [n, c.ops.convertValue(types.get(n)!.internalType, row[i], types.get(n))]));
    };

    it('round-trips every value type exactly', async () => {
      // SQLite keeps decimals in NUMERIC columns: exact up to 15 significant digits.
      const exactDecimal = h.connection.features.supportsDecimalPrecision ? '12345678901234567890.0123456789' : '12345.0123456789';
      const out = await roundTrip({ ...sample, dec: new Decimal(exactDecimal) });
      assert.equal(out['i'], 2147483647);
      assert.equal(out['big'], 9007199254740993n);
      assert.ok(out['dec'] instanceof Decimal);
      assert.equal(String(out['dec']), exactDecimal);
      assert.equal((out['dt'] as Date).toISOString(), '2024-02-29T23:59:58.123Z');
      assert.equal(out['d'], '2024-02-29');
      assert.equal(out['t'], '13:45:07.250000');
      assert.equal(out['dur'], 90061001.5);
      assert.deepEqual(out['js'], sample['js']);
      assert.equal(out['u'], '0f8fad5b-d9cb-469f-a165-70867728950e');
      assert.equal(out['b'], true);
      assert.deepEqual(out['bin'], Buffer.from([0, 1, 2, 255]));
      assert.equal(out['f'], 0.1);
      assert.equal(out['txt'], 'héllo 🌍');
    });

    it('round-trips nulls, false, negative durations and JSON scalars', async () => {
      const out = await roundTrip({ i: null, b: false, dur: -1500, js: 'just a string', dt: null });
      assert.deepEqual(out, { i: null, b: false, dur: -1500, js: 'just a string', dt: null });
      const out2 = await roundTrip({ js: [] });
      assert.deepEqual(out2['js'], []);
    });

    it('round-trips uppercase UUIDs as lowercase hyphenated strings', async () => {
      const out = await roundTrip({ u: '0F8FAD5BD9CB469FA16570867728950E' });
      assert.equal(out['u'], '0f8fad5b-d9cb-469f-a165-70867728950e');
    });

    it('refuses to round integers beyond Number.MAX_SAFE_INTEGER', () => {
      assert.throws(() => h.connection.ops.convertValue('IntegerField', '9007199254740993'), (e: unknown) => e instanceof DataError && e.code === 'db.data.unsafe_integer');
      assert.equal(h.connection.ops.convertValue('BigIntegerField', '9007199254740993'), 9007199254740993n);
    });

    it('refuses invalid UUIDs', () => {
      assert.throws(() => h.connection.ops.adaptValue('UUIDField', 'not-a-uuid'), DataError);
    });
  });
}

for (const db of testDatabases()) {
  describe(`datetimes without USE_TZ on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_', timeZone: { USE_TZ: false, TIME_ZONE: 'America/New_York' } });
      await h.connection.schemaEditor().createTable({ name: 'rt_naive', columns: [{ name: 'id', internalType: 'AutoField', null: false, primaryKey: true }, { name: 'dt', internalType: 'DateTimeField', null: false }] });
    });
    after(async () => h?.teardown());

    it('stores the wall clock of TIME_ZONE and reads the same instant back', async () => {
      const c = h.connection;
      const q = (n: string) => c.ops.quoteName(n);
      const when = new Date('2024-07-04T16:00:00Z'); // 12:00 in New York (EDT)
      await c.execute(`INSERT INTO ${q('rt_naive')} (${q('dt')}) VALUES (?)`, [c.ops.adaptValue('DateTimeField', when)]);
      const r = await c.query(`SELECT ${q('dt')}, ${c.ops.datetimeExtractSql('hour', q('dt'))} FROM ${q('rt_naive')}`);
      assert.equal((c.ops.convertValue('DateTimeField', r.rows[0]![0]) as Date).toISOString(), when.toISOString());
      assert.equal(Number(r.rows[0]![1]), 12);
    });
  });
}
