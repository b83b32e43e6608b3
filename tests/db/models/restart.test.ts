import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useOrmDatabase } from './orm-setup.ts';
import { testDatabases } from '../../../src/test/databases.ts';
import { createConnection } from '../../../src/db/connections.ts';
import { atomic } from '../../../src/db/transaction.ts';
import { Author, Book, libraryModels, pollsModels } from './polls-models.ts';

for (const db of testDatabases()) {
  const noServer = db.key === 'sqlite' ? 'SQLite has no server connection to kill' : false;
  describe(`ORM across a lost server connection on ${db.vendor}`, { skip: db.skip || noServer }, () => {
    const h = useOrmDatabase(db, [...pollsModels, ...libraryModels]);
    const kill = async () => {
      const c = h().connection;
      const idSql = db.key === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()';
      const ids = new Set<number>();
      // Hold every pooled connection so the kill hits the one the ORM will reuse.
      ids.add(Number((await c.query(idSql)).rows[0]![0]));
      const admin = createConnection('admin', { ...db.settings, POOL: { max: 1 } });
      try {
        for (const id of ids) {
          if (db.key === 'postgres') await admin.query('SELECT pg_terminate_backend(?)', [id]);
          else await admin.execute(`KILL ${Math.trunc(id)}`);
        }
      } finally {
        await admin.close();
      }
    };

    it('keeps answering queries after the server drops the connection mid-run', async () => {
      const a = await Author.objects.create({ name: 'before' });
      await kill();
      assert.equal((await Author.objects.get({ pk: a.pk })).name, 'before');
      await kill();
      // A write on the dropped connection is never retried behind your back (it might have
      // been applied): it fails with connection_lost at most once, and the next one works.
      await Book.objects.create({ title: 't', author: a }).catch((e: { code?: string }) => {
        assert.equal(e.code, 'db.operational.connection_lost');
        return Book.objects.create({ title: 't', author: a });
      });
      assert.equal(await Book.objects.filter({ author__name: 'before' }).count(), 1);
    });

    it('rolls back a transaction whose connection was lost and works again afterwards', async () => {
      const c = h().connection;
      const idSql = db.key === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()';
      await assert.rejects(atomic(async () => {
        await Author.objects.create({ name: 'in doomed tx' });
        const id = Number((await c.query(idSql)).rows[0]![0]);
        const admin = createConnection('admin', { ...db.settings, POOL: { max: 1 } });
        try {
          if (db.key === 'postgres') await admin.query('SELECT pg_terminate_backend(?)', [id]);
          else await admin.execute(`KILL ${Math.trunc(id)}`);
        } finally {
          await admin.close();
        }
        await Author.objects.create({ name: 'after kill' });
      }));
      assert.equal(await Author.objects.filter({ name__in: ['in doomed tx', 'after kill'] }).count(), 0);
      await Author.objects.create({ name: 'fine' });
      assert.equal(await Author.objects.filter({ name: 'fine' }).count(), 1);
    });
  });
}
