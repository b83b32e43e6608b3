import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, setupTestDatabase } from '../../../src/test/databases.ts';
import type { TestDatabaseHandle } from '../../../src/test/databases.ts';
import type { DateKind, TruncKind } from '../../../src/db/backends/base/operations.ts';

// 2024-03-31 is a Sunday; Paris switches to summer time at 01:00 UTC that day.
const DT = new Date('2024-03-31T01:30:45.500Z');
const LATE = new Date('2024-03-31T23:30:00Z');

for (const db of testDatabases()) {
  describe(`date and time SQL on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let namedZones = true;
    const q = (n: string) => h.connection.ops.quoteName(n);
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_b_', timeZone: { USE_TZ: true, TIME_ZONE: 'Europe/Paris' } });
      const c = h.connection;
      await c.schemaEditor().createTable({
        name: 'rt_when',
        columns: [
          { name: 'id', internalType: 'AutoField', null: false, primaryKey: true },
          { name: 'dt', internalType: 'DateTimeField', null: true },
          { name: 'd', internalType: 'DateField', null: true },
          { name: 't', internalType: 'TimeField', null: true },
        ],
      });
      await c.execute(`INSERT INTO ${q('rt_when')} (${q('id')}, ${q('dt')}, ${q('d')}, ${q('t')}) VALUES (?, ?, ?, ?), (?, ?, ?, ?)`, [
        1, c.ops.adaptValue('DateTimeField', DT), c.ops.adaptValue('DateField', '2024-03-31'), c.ops.adaptValue('TimeField', '13:45:07.25'),
        2, c.ops.adaptValue('DateTimeField', LATE), null, null,
      ]);
      if (db.key === 'mysql') {
        const r = await c.query("SELECT CONVERT_TZ('2024-01-01 00:00:00', '+00:00', 'Europe/Paris')");
        namedZones = r.rows[0]![0] !== null;
      }
    });
    after(async () => h?.teardown());

    const one = async (expr: string, id = 1) => (await h.connection.query(`SELECT ${expr} FROM ${q('rt_when')} WHERE ${q('id')} = ?`, [id])).rows[0]![0];

    it('extracts every part of a datetime in UTC', async () => {
      const ops = h.connection.ops;
      const expected: Record<DateKind, number> = {
        year: 2024, quarter: 1, month: 3, day: 31, hour: 1, minute: 30, second: 45, week: 13, week_day: 1, iso_week_day: 7, iso_year: 2024,
      };
      for (const [kind, value] of Object.entries(expected)) {
        assert.equal(Number(await one(ops.datetimeExtractSql(kind as DateKind, q('dt'), 'UTC'))), value, kind);
      }
    });

    it('extracts in the current time zone (USE_TZ)', async (t) => {
      if (!namedZones) return t.skip('the MySQL server has no time zone tables (mysql_tzinfo_to_sql); CONVERT_TZ returns NULL');
      const ops = h.connection.ops;
      assert.equal(Number(await one(ops.datetimeExtractSql('hour', q('dt'), 'Europe/Paris'))), 3);
      assert.equal(Number(await one(ops.datetimeExtractSql('hour', q('dt')))), 3); // TIME_ZONE
      assert.equal(Number(await one(ops.datetimeExtractSql('day', q('dt'), 'America/New_York'))), 30);
    });

    it('extracts parts of dates and times', async () => {
      const ops = h.connection.ops;
      assert.equal(Number(await one(ops.dateExtractSql('year', q('d')))), 2024);
      assert.equal(Number(await one(ops.dateExtractSql('week_day', q('d')))), 1);
      assert.equal(Number(await one(ops.dateExtractSql('iso_week_day', q('d')))), 7);
      assert.equal(Number(await one(ops.timeExtractSql('hour', q('t')))), 13);
      assert.equal(Number(await one(ops.timeExtractSql('minute', q('t')))), 45);
      assert.equal(Number(await one(ops.timeExtractSql('second', q('t')))), 7);
    });

    it('truncates datetimes in UTC', async () => {
      const ops = h.connection.ops;
      const trunc = async (kind: TruncKind) => (h.connection.ops.convertValue('DateTimeField', await one(ops.datetimeTruncSql(kind, q('dt'), 'UTC'))) as Date).toISOString();
      assert.equal(await trunc('year'), '2024-01-01T00:00:00.000Z');
      assert.equal(await trunc('quarter'), '2024-01-01T00:00:00.000Z');
      assert.equal(await trunc('month'), '2024-03-01T00:00:00.000Z');
      assert.equal(await trunc('week'), '2024-03-25T00:00:00.000Z');
      assert.equal(await trunc('day'), '2024-03-31T00:00:00.000Z');
      assert.equal(await trunc('hour'), '2024-03-31T01:00:00.000Z');
      assert.equal(await trunc('minute'), '2024-03-31T01:30:00.000Z');
      assert.equal(await trunc('second'), '2024-03-31T01:30:45.000Z');
    });

    it('truncates datetimes in a named time zone', async (t) => {
      if (!namedZones) return t.skip('the MySQL server has no time zone tables');
      const ops = h.connection.ops;
      const v = await one(ops.datetimeTruncSql('month', q('dt'), 'Europe/Paris'));
      assert.equal((h.connection.ops.convertValue('DateTimeField', v) as Date).toISOString(), '2024-02-29T23:00:00.000Z');
      const d = await one(ops.datetimeTruncSql('day', q('dt'), 'Europe/Paris'));
      assert.equal((h.connection.ops.convertValue('DateTimeField', d) as Date).toISOString(), '2024-03-30T23:00:00.000Z');
    });

    it('truncates dates and times', async () => {
      const ops = h.connection.ops;
      assert.equal(ops.convertValue('DateField', await one(ops.dateTruncSql('month', q('d')))), '2024-03-01');
      assert.equal(ops.convertValue('DateField', await one(ops.dateTruncSql('week', q('d')))), '2024-03-25');
      assert.equal(ops.convertValue('DateField', await one(ops.dateTruncSql('quarter', q('d')))), '2024-01-01');
      assert.equal(ops.convertValue('TimeField', await one(ops.timeTruncSql('hour', q('t')))), '13:00:00');
      assert.equal(ops.convertValue('TimeField', await one(ops.timeTruncSql('minute', q('t')))), '13:45:00');
    });

    it('casts datetimes to their date and time in a time zone', async (t) => {
      const ops = h.connection.ops;
      assert.equal(ops.convertValue('DateField', await one(ops.datetimeCastDateSql(q('dt'), 'UTC'), 2)), '2024-03-31');
      assert.equal(ops.convertValue('TimeField', await one(ops.datetimeCastTimeSql(q('dt'), 'UTC'), 2)), '23:30:00');
      if (!namedZones) return t.skip('the MySQL server has no time zone tables');
      assert.equal(ops.convertValue('DateField', await one(ops.datetimeCastDateSql(q('dt'), 'Europe/Paris'), 2)), '2024-04-01');
    });

    it('refuses unknown parts and invalid zone names', () => {
      const ops = h.connection.ops;
      assert.throws(() => ops.datetimeExtractSql('epoch' as DateKind, q('dt'), 'UTC'), /Unknown date part/);
      assert.throws(() => ops.datetimeExtractSql('year', q('dt'), "UTC'; DROP TABLE x; --"), /Invalid time zone/);
    });
  });
}
