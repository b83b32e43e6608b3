// Generated row readers (src/db/models/row-builder.ts): after a row plan has read
// ROW_BUILDER_THRESHOLD rows, rowToInstance reads model columns through a generated function.
// Instances must be identical to the loop's: values and their types (dates, decimals,
// booleans, JSON, nulls, FK ids), key order, prototype and loading state, with selectRelated.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { Model, fields, CASCADE, SET_NULL, STATE } from '../../../src/db/models/index.ts';
import { connections } from '../../../src/db/connections.ts';
import { compileSelect } from '../../../src/db/models/db-access.ts';
import { ROW_BUILDER_THRESHOLD, rowBuilder } from '../../../src/db/models/row-builder.ts';
import { Decimal } from '../../../src/utils/decimal.ts';

class RbOwner extends Model.define<RbOwner>()({
  name: fields.CharField({ maxLength: 50 }),
}, { appLabel: 'rowbuild' }) {}

class RbItem extends Model.define<RbItem>()({
  label: fields.CharField({ maxLength: 50, null: true }),
  flag: fields.BooleanField({ default: false }),
  maybe: fields.BooleanField({ null: true }),
  count: fields.IntegerField(),
  big: fields.BigIntegerField({ null: true }),
  price: fields.DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true }),
  ratio: fields.FloatField({ null: true }),
  day: fields.DateField({ null: true }),
  at: fields.DateTimeField({ null: true }),
  data: fields.JSONField<Record<string, unknown>, { null: true }>({ null: true }),
  owner: fields.ForeignKey(RbOwner, { onDelete: CASCADE, relatedName: 'items' }),
  backup: fields.ForeignKey(RbOwner, { onDelete: SET_NULL, null: true, relatedName: 'backups' }),
}, { appLabel: 'rowbuild' }) {
  describe(): string { return `${this.label}:${this.count}`; }
}

const ROWS = ROW_BUILDER_THRESHOLD + 50;

/** A comparable picture of an instance: keys in order, values with their types, state. */
function picture(o: Model): unknown {
  const rec = o as unknown as Record<string | symbol, unknown>;
  const state = rec[STATE] as { adding: boolean; db: string; cache: Record<string, unknown>; prefetched: Record<string, unknown> };
  return {
    proto: Object.getPrototypeOf(o),
    keys: Object.keys(o),
    values: Object.keys(o).map((k) => {
      const v = rec[k];
      const type = v === null ? 'null' : v instanceof Date ? 'Date' : v instanceof Decimal ? 'Decimal' : typeof v;
      return [k, type, v instanceof Date ? v.getTime() : v instanceof Decimal ? v.toString() : v];
    }),
    state: { adding: state.adding, db: state.db, cache: Object.keys(state.cache), prefetched: Object.keys(state.prefetched) },
  };
}

for (const db of testDatabases()) {
  describe(`generated row readers on ${db.vendor}`, { skip: db.skip }, () => {
    useOrmDatabase(db, [RbOwner, RbItem]);
    const conn = () => connections.get('default');
    before(async () => {
      if (db.skip) return;
      const [o1, o2] = await RbOwner.objects.bulkCreate([{ name: 'one' }, { name: 'two' }]);
      await RbItem.objects.bulkCreate(Array.from({ length: ROWS }, (_, i) => ({
        label: i % 7 === 0 ? null : `item ${i}`,
        flag: i % 2 === 0,
        maybe: i % 3 === 0 ? null : i % 3 === 1,
        count: i,
        big: i % 5 === 0 ? null : 9_000_000_000 + i,
        price: i % 4 === 0 ? null : new Decimal(`${i}.${String(i % 100).padStart(2, '0')}`),
        ratio: i % 6 === 0 ? null : i / 8,
        day: i % 9 === 0 ? null : new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
        at: i % 10 === 0 ? null : new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
        data: i % 11 === 0 ? null : { i, tags: ['a', String(i)], nested: { ok: i % 2 === 0 } },
        ownerId: i % 2 === 0 ? o1!.pk : o2!.pk,
        backupId: i % 3 === 0 ? null : o1!.pk,
      } as never)));
    });

    it('builds the same instances before and after the threshold', async () => {
      const qs = () => RbItem.objects.filter({ count__gte: 0 }).orderBy('count');
      const plan = compileSelect(qs().query, conn()).plan!;
      assert.equal(plan.build, null);
      const cold = await qs();
      assert.equal(cold.length, ROWS);
      // The first run switched to the generated reader part way through.
      assert.notEqual(plan.build, null);
      const warm = await qs();
      for (let i = 0; i < ROWS; i++) {
        assert.deepStrictEqual(picture(warm[i]!), picture(cold[i]!), `row ${i}`);
        assert.deepStrictEqual(warm[i], cold[i]);
      }
      // Rows read through the loop (first run, before the threshold) match warm ones too.
      assert.deepStrictEqual(picture(warm[5]!), picture(cold[5]!));
      const w = warm[1]!;
      assert.ok(w instanceof RbItem);
      assert.equal(w.describe(), 'item 1:1');
      assert.equal(typeof w.flag, 'boolean');
      assert.ok(w.price instanceof Decimal);
      assert.ok(w.at instanceof Date);
      assert.deepEqual(w.data, { i: 1, tags: ['a', '1'], nested: { ok: false } });
      assert.equal(w.big, 9_000_000_001n);
      assert.equal(w.backupId, (await RbOwner.objects.get({ name: 'one' })).pk);
      assert.equal(warm[0]!.label, null);
      assert.equal(warm[0]!.price, null);
      assert.equal(warm[0]!.maybe, null);
      assert.equal(w[STATE].adding, false);
      assert.equal(w[STATE].db, 'default');
      // Instances are independent (own state objects).
      assert.notEqual(warm[1]![STATE], warm[2]![STATE]);
      assert.notEqual(warm[1]![STATE].cache, warm[2]![STATE].cache);
    });

    it('keeps selectRelated rows and annotations on top of the generated reader', async () => {
      const qs = () => RbItem.objects.selectRelated('owner', 'backup').filter({ count__lt: ROWS }).orderBy('count');
      const cold = await qs();
      const warm = await qs();
      assert.notEqual(compileSelect(qs().query, conn()).plan!.build, null);
      for (let i = 0; i < ROWS; i++) {
        assert.deepStrictEqual(picture(warm[i]!), picture(cold[i]!), `row ${i}`);
        assert.equal(warm[i]!.owner.name, i % 2 === 0 ? 'one' : 'two');
        assert.equal(warm[i]!.backup === null, i % 3 === 0);
        assert.deepStrictEqual(picture(warm[i]!.owner), picture(cold[i]!.owner));
      }
    });

    it('falls back to the loop for attribute names that are not identifiers', () => {
      const spec = { model: RbOwner as never, attnames: ['id', 'bad-name'], converters: [null, null], start: 0 };
      assert.equal(rowBuilder(spec), null);
      assert.equal(rowBuilder({ ...spec, attnames: ['id', '__proto__'] }), null);
      const ok = rowBuilder({ ...spec, attnames: ['id', 'name'], converters: [null, (v: unknown) => `<${String(v)}>`], start: 1 })!;
      const inst = ok(['skip', 7, 'x'], 'other') as unknown as RbOwner;
      assert.ok(inst instanceof RbOwner);
      assert.deepEqual([inst.id, inst.name, inst[STATE].db, inst[STATE].adding], [7, '<x>', 'other', false]);
    });
  });
}
