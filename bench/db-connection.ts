// Connection-layer benchmark: `conn.query()` / `conn.execute()` against the raw driver running
// the same SQL (prepared, array rows where the driver has them), per vendor, in one run. The
// two sides alternate in rounds so machine noise hits both alike; the best round counts.
// Besides ops/sec it prints this process's CPU time per statement (user+system), which is
// what the layer adds and is far less noisy than wall time when a server is shared.
// Run: node --import tsx bench/db-connection.ts [sqlite|postgres|mysql ...]
import { configure } from '../dist/conf/index.js';
configure({ DEBUG: false, DATABASES: {} } as never);
import { testDatabases, setupTestDatabase } from '../dist/test/databases.js';
import type { BaseDatabaseWrapper } from '../dist/db/backends/base/base.js';
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2';

const MS = Number(process.env['BENCH_MS'] ?? 300);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROWS = 1000;
type Op = () => PromiseLike<unknown>;
type Key = 'sqlite' | 'postgres' | 'mysql';

/** Run `fn` for MS milliseconds; return ops/sec and this process's CPU microseconds per op. */
async function measure(fn: Op): Promise<{ ops: number; cpu: number }> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { ops: (n * 1000) / (now - start), cpu: (cpu.user + cpu.system) / n };
}

const rnd = (n: number) => 1 + Math.floor(Math.random() * n);

/** The statements, with `?` placeholders; the raw side gets the vendor's own placeholders. */
const SQL = {
  get: 'SELECT "id", "name", "qty" FROM "b_item" WHERE "id" = ?',
  list: 'SELECT "id", "name", "qty" FROM "b_item" WHERE "qty" > ? ORDER BY "id" LIMIT 50',
  update: 'UPDATE "b_item" SET "qty" = ? WHERE "id" = ?',
};

function rawSuite(key: Key, settings: Record<string, unknown>): { ops: Record<keyof typeof SQL, Op>; close(): Promise<void> } {
  if (key === 'sqlite') {
    const db = new Database(String(settings['NAME']));
    const get = db.prepare(SQL.get).raw(true);
    const list = db.prepare(SQL.list).raw(true);
    const update = db.prepare(SQL.update);
    return {
      ops: {
        get: async () => get.get(rnd(ROWS)),
        list: async () => list.all(rnd(500)),
        update: async () => update.run(rnd(100), rnd(ROWS)),
      },
      close: async () => void db.close(),
    };
  }
  if (key === 'postgres') {
    const pool = new pg.Pool({ host: settings['HOST'] as string, port: settings['PORT'] as number, user: settings['USER'] as string, database: settings['NAME'] as string, max: 4 });
    const dollar = (s: string) => { let n = 0; return s.replace(/\?/g, () => `$${++n}`); };
    return {
      ops: {
        get: () => pool.query({ name: 'get', text: dollar(SQL.get), values: [rnd(ROWS)], rowMode: 'array' }),
        list: () => pool.query({ name: 'list', text: dollar(SQL.list), values: [rnd(500)], rowMode: 'array' }),
        update: () => pool.query({ name: 'upd', text: dollar(SQL.update), values: [rnd(100), rnd(ROWS)] }),
      },
      close: () => pool.end(),
    };
  }
  const pool = mysql.createPool({ host: settings['HOST'] as string, port: settings['PORT'] as number, user: settings['USER'] as string, database: settings['NAME'] as string, connectionLimit: 4 }).promise();
  const ansi = (s: string) => s.replace(/"/g, '`');
  return {
    ops: {
      get: () => pool.execute({ sql: ansi(SQL.get), values: [rnd(ROWS)], rowsAsArray: true }),
      list: () => pool.execute({ sql: ansi(SQL.list), values: [rnd(500)], rowsAsArray: true }),
      update: () => pool.execute({ sql: ansi(SQL.update), values: [rnd(100), rnd(ROWS)] }),
    },
    close: () => pool.end(),
  };
}

function reinhardtSuite(conn: BaseDatabaseWrapper): Record<keyof typeof SQL, Op> {
  const q = (s: string) => s.replace(/"/g, conn.vendor === 'mysql' ? '`' : '"');
  const get = q(SQL.get), list = q(SQL.list), update = q(SQL.update);
  return {
    get: () => conn.query(get, [rnd(ROWS)]),
    list: () => conn.query(list, [rnd(500)]),
    update: () => conn.execute(update, [rnd(100), rnd(ROWS)]),
  };
}

async function run(key: Key): Promise<void> {
  const db = testDatabases().find((d) => d.key === key);
  if (!db || db.skip) { console.log(`${key}: skipped (${db?.skip || 'not selected'})`); return; }
  const h = await setupTestDatabase(db, { prefix: 'rt_bc_', pool: { max: 4 } });
  const conn = h.connection;
  try {
    const idType = key === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : key === 'mysql' ? 'BIGINT AUTO_INCREMENT PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    const q = (s: string) => (key === 'mysql' ? s.replace(/"/g, '`') : s);
    await conn.execute(q(`CREATE TABLE "b_item" ("id" ${idType}, "name" VARCHAR(50) NOT NULL, "qty" INTEGER NOT NULL)`));
    const values = Array.from({ length: ROWS }, (_, i) => `('item ${i}', ${i % 500})`).join(', ');
    await conn.execute(q(`INSERT INTO "b_item" ("name", "qty") VALUES ${values}`));
    const raw = rawSuite(key, h.settings as never);
    const ours = reinhardtSuite(conn);
    console.log(`\n${key}: connection layer vs raw driver (best of ${ROUNDS} alternating rounds; CPU = this process's us per statement)`);
    console.log(['statement'.padEnd(10), 'raw ops/s', 'R ops/s', 'raw/R', 'raw CPU', 'R CPU', 'R/raw CPU'].map((c, i) => (i ? c.padStart(11) : c)).join(''));
    for (const name of Object.keys(SQL) as (keyof typeof SQL)[]) {
      const best = { raw: { ops: 0, cpu: Infinity }, ours: { ops: 0, cpu: Infinity } };
      for (let r = 0; r < ROUNDS; r++) {
        for (const [side, fn] of [['raw', raw.ops[name]], ['ours', ours[name]]] as const) {
          const m = await measure(fn);
          best[side].ops = Math.max(best[side].ops, m.ops);
          best[side].cpu = Math.min(best[side].cpu, m.cpu);
        }
      }
      const cells = [best.raw.ops.toFixed(0), best.ours.ops.toFixed(0), (best.raw.ops / best.ours.ops).toFixed(2) + 'x', best.raw.cpu.toFixed(1), best.ours.cpu.toFixed(1), (best.ours.cpu / best.raw.cpu).toFixed(2) + 'x'];
      console.log(name.padEnd(10) + cells.map((c) => c.padStart(11)).join(''));
    }
    await raw.close();
  } finally {
    await h.teardown();
  }
}

const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : ['sqlite', 'postgres', 'mysql']) as Key[];
for (const k of wanted) await run(k);
