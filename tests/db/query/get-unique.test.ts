// get() by the primary key or a unique field on a plain queryset (src/db/models/unique-get.ts):
// it runs a statement compiled once per connection and key through queryNow(), with the general
// path's SQL, value conversion, errors, routing and query events; anything else about the
// queryset or the lookup goes down the general path.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from '../models/orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { overrideSettings } from '../../../src/conf/index.ts';
import { Model, fields, CASCADE, Q, QuerySet, STATE } from '../../../src/db/models/index.ts';
import { ObjectDoesNotExist } from '../../../src/core/exceptions.ts';
import { connections, createConnection, captureQueries } from '../../../src/db/connections.ts';
import { uniqueGetStatement } from '../../../src/db/models/unique-get.ts';

class GuKit extends Model.define<GuKit>()({
  code: fields.CharField({ maxLength: 20, unique: true }),
  name: fields.CharField({ maxLength: 50 }),
  size: fields.IntegerField(),
}, { appLabel: 'getunique', ordering: ['-size'] }) {}

class GuPart extends Model.define<GuPart>()({
  kit: fields.ForeignKey(GuKit, { onDelete: CASCADE, relatedName: 'parts' }),
  label: fields.CharField({ maxLength: 20 }),
}, { appLabel: 'getunique' }) {}

/** A QuerySet whose filter() adds a condition: get() must go through it. */
class BigKits extends QuerySet<GuKit> {
  override filter(args?: never): this {
    return super.filter(args).exclude({ size__lt: 10 } as never) as this;
  }
}

type Conn = ReturnType<typeof connections.get>;

/** Count queryNow()/query() calls on a connection while `fn` runs. */
async function countCalls<T>(conn: Conn, fn: () => Promise<T>): Promise<{ result: T; now: number; query: number }> {
  const c = conn as unknown as Record<string, (...a: unknown[]) => unknown>;
  const origNow = c['queryNow']!, origQuery = c['query']!;
  let now = 0, query = 0;
  c['queryNow'] = function (this: unknown, ...a: unknown[]) { now++; return origNow.apply(this, a); };
  c['query'] = function (this: unknown, ...a: unknown[]) { query++; return origQuery.apply(this, a); };
  try {
    const result = await fn();
    return { result, now, query };
  } finally {
    delete c['queryNow'];
    delete c['query'];
  }
}

for (const db of testDatabases()) {
  describe(`get() by a unique key on ${db.vendor}`, { skip: db.skip }, () => {
    const handle = useOrmDatabase(db, [GuKit, GuPart]);
    const conn = () => connections.get('default');
    let a: GuKit, b: GuKit;
    before(async () => {
      if (db.skip) return;
      a = await GuKit.objects.create({ code: 'alpha', name: 'Alpha', size: 5 });
      b = await GuKit.objects.create({ code: 'beta', name: 'Beta', size: 12 });
      await GuPart.objects.create({ kit: a, label: 'a1' });
    });

    it('finds a row by pk, pk__exact, the pk field name and a unique field, through queryNow', async () => {
      for (const lookup of [{ pk: b.pk }, { pk__exact: b.pk }, { id: b.pk }, { code: 'beta' }, { code__exact: 'beta' }]) {
        const r = await countCalls(conn(), () => GuKit.objects.get(lookup as never));
        assert.equal(r.now, 1, JSON.stringify(lookup));
        assert.equal(r.query, 0, JSON.stringify(lookup));
        assert.ok(r.result instanceof GuKit);
        assert.deepEqual([r.result.pk, r.result.code, r.result.name, r.result.size], [b.pk, 'beta', 'Beta', 12]);
        assert.equal(r.result.equals(b), true);
      }
      // The same instance shape as the general path builds.
      const general = await GuKit.objects.filter({ pk: b.pk }).get();
      const fast = await GuKit.objects.get({ pk: b.pk });
      assert.deepStrictEqual(fast, general);
      assert.deepEqual(Object.keys(fast), Object.keys(general));
    });

    it('runs the general path\'s SQL and converted parameters', async () => {
      const fast = await captureQueries(() => GuKit.objects.get({ code: 'alpha' }));
      const general = await captureQueries(() => GuKit.objects.all().filter({ size__gte: 0 }).get({ code: 'alpha' }));
      assert.equal(fast.queries.length, 1);
      assert.match(fast.queries[0]!.sql, /LIMIT/);
      assert.deepEqual(fast.queries[0]!.params.filter((p) => p !== 21), ['alpha']);
      assert.equal(fast.result.pk, general.result.pk);
    });

    it('converts a string key for an integer pk as the general path does', async () => {
      const key = String(a.pk);
      const fast = await GuKit.objects.get({ pk: key } as never);
      const general = await GuKit.objects.filter({ size__gte: 0 }).get({ pk: key } as never);
      assert.equal(fast.pk, a.pk);
      assert.equal(typeof fast.pk, typeof general.pk);
      assert.deepStrictEqual(fast, general);
      // Number and string keys have their own statements; each binds its own value.
      assert.equal((await GuKit.objects.get({ pk: b.pk })).code, 'beta');
      assert.equal((await GuKit.objects.get({ pk: String(b.pk) } as never)).code, 'beta');
    });

    it('throws DoesNotExist with the model\'s message, as a rejection', async () => {
      const p = GuKit.objects.get({ pk: 987654 });
      assert.ok(p instanceof Promise);
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof GuKit.DoesNotExist);
        assert.ok(e instanceof ObjectDoesNotExist);
        assert.equal((e as Error).message, 'getunique.GuKit matching query does not exist.');
        return true;
      });
      await assert.rejects(GuKit.objects.get({ code: 'nope' }), GuKit.DoesNotExist);
    });

    it('leaves filtered, ordered, sliced and custom querysets to the general path (right results)', async () => {
      // A filter that excludes the row: the fast path would wrongly find it.
      await assert.rejects(GuKit.objects.filter({ size__gte: 10 }).get({ pk: a.pk }), GuKit.DoesNotExist);
      await assert.rejects(GuKit.objects.exclude({ code: 'alpha' }).get({ code: 'alpha' }), GuKit.DoesNotExist);
      await assert.rejects(GuKit.objects.none().get({ pk: a.pk }), GuKit.DoesNotExist);
      assert.equal((await GuKit.objects.filter({ size__gte: 10 }).get({ pk: b.pk })).code, 'beta');
      const custom = BigKits.asManager();
      custom.contribute(GuKit as never, 'big');
      await assert.rejects(custom.get({ pk: a.pk } as never), GuKit.DoesNotExist);
      // values() rows, only(), selectRelated: general path, right shapes.
      assert.deepEqual(await GuKit.objects.values('code').get({ pk: a.pk }), { code: 'alpha' });
      const only = await GuKit.objects.only('code').get({ pk: a.pk });
      assert.equal(only.code, 'alpha');
      const part = await GuPart.objects.selectRelated('kit').get({ label: 'a1' });
      assert.equal(part.kit.code, 'alpha');
      // Lookups the fast path does not take: non-unique field, other lookups, Q, several keys, FK.
      assert.equal((await GuKit.objects.get({ name: 'Alpha' })).pk, a.pk);
      assert.equal((await GuKit.objects.get({ code__iexact: 'ALPHA' })).pk, a.pk);
      assert.equal((await GuKit.objects.get(Q({ code: 'alpha' }))).pk, a.pk);
      assert.equal((await GuKit.objects.get({ code: 'alpha', size: 5 })).pk, a.pk);
      await assert.rejects(GuKit.objects.get({ code: 'alpha', size: 6 }), GuKit.DoesNotExist);
      assert.equal((await GuPart.objects.get({ kit: a })).label, 'a1');
      // Querysets with those lookups never get a fast statement.
      const r = await countCalls(conn(), () => GuKit.objects.get({ name: 'Beta' }));
      assert.equal(r.now, 0);
      assert.equal(uniqueGetStatement(GuKit.objects.all().query, conn(), 'name', 's', 'Beta'), null);
      assert.equal(uniqueGetStatement(GuKit.objects.all().query, conn(), 'code__iexact', 's', 'x'), null);
      assert.equal(uniqueGetStatement(GuPart.objects.all().query, conn(), 'kit', 'n', 1), null);
    });

    it('raises MultipleObjectsReturned from the general path as before', async () => {
      await assert.rejects(GuKit.objects.get({ size__gte: 0 }), (e: unknown) => {
        assert.ok(e instanceof GuKit.MultipleObjectsReturned);
        assert.equal((e as Error).message, 'get() returned more than one getunique.GuKit -- it returned 2!');
        return true;
      });
    });

    it('rejects (does not throw) on a bad lookup', async () => {
      const p = GuKit.objects.get({ nosuch: 1 } as never);
      assert.ok(p instanceof Promise);
      await assert.rejects(p, /nosuch/);
    });

    it('honours database routers (dbForRead) and using()', async () => {
      const other = createConnection('gu_replica', handle().settings);
      connections.setConnection('gu_replica', other);
      try {
        const seen: unknown[] = [];
        const routers = [{ dbForRead: (model: unknown) => { seen.push(model); return 'gu_replica'; } }];
        await overrideSettings({ DATABASE_ROUTERS: routers } as never, async () => {
          const { result, queries } = await captureQueries(() => GuKit.objects.get({ pk: a.pk }));
          assert.equal(result.code, 'alpha');
          assert.deepEqual(queries.map((q) => q.alias), ['gu_replica']);
          assert.deepEqual(seen, [GuKit]);
          assert.equal(result[STATE].db, 'gu_replica');
        });
        const { queries } = await captureQueries(() => GuKit.objects.using('gu_replica').get({ code: 'beta' }));
        assert.deepEqual(queries.map((q) => q.alias), ['gu_replica']);
        const again = await captureQueries(() => GuKit.objects.get({ code: 'beta' }));
        assert.deepEqual(again.queries.map((q) => q.alias), ['default']);
      } finally {
        connections.unsetConnection('gu_replica');
        await other.close();
      }
    });

    it('keeps statements per connection', async () => {
      const other = createConnection('gu_other', handle().settings);
      connections.setConnection('gu_other', other);
      try {
        const q = GuKit.objects.all().query;
        const here = uniqueGetStatement(q, conn(), 'pk', 'n', a.pk);
        const there = uniqueGetStatement(q, other, 'pk', 'n', a.pk);
        assert.ok(here && there);
        assert.notEqual(here, there);
        assert.equal(uniqueGetStatement(q, conn(), 'pk', 'n', b.pk), here);
        assert.equal((await GuKit.objects.using('gu_other').get({ pk: b.pk })).code, 'beta');
        assert.equal((await GuKit.objects.get({ pk: b.pk })).code, 'beta');
      } finally {
        connections.unsetConnection('gu_other');
        await other.close();
      }
    });

    it('is seen by captureQueries and query listeners, in and out of a transaction', async () => {
      const events: string[] = [];
      const off = conn().addQueryListener((e) => events.push(e.sql));
      try {
        const { queries } = await captureQueries(() => GuKit.objects.get({ pk: a.pk }));
        assert.equal(queries.length, 1);
        assert.match(queries[0]!.sql, /SELECT/);
        assert.equal(events.length, 1);
        await assert.rejects(captureQueries(() => GuKit.objects.get({ pk: 424242 })), GuKit.DoesNotExist);
        assert.equal(events.length, 2);
      } finally {
        off();
      }
      const { atomic } = await import('../../../src/db/transaction.ts');
      await atomic(async () => {
        const k = await GuKit.objects.create({ code: 'tx', name: 'Tx', size: 1 });
        assert.equal((await GuKit.objects.get({ code: 'tx' })).pk, k.pk);
        await GuKit.objects.filter({ pk: k.pk }).delete();
      });
      await assert.rejects(GuKit.objects.get({ code: 'tx' }), GuKit.DoesNotExist);
    });
  });
}

