// Test databases: which servers the suite runs on (REINHARDT_TEST_DATABASES), and creating /
// dropping a fresh, uniquely named database per test file. Every helper passes its own name
// prefix so parallel test files and parallel suites never collide.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { parseDatabaseUrl } from '../conf/index.ts';
import { connections, createConnection } from '../db/connections.ts';
import { atomic, setRollback } from '../db/transaction.ts';
import type { BaseDatabaseWrapper, DatabaseSettings, TimeZoneSettings } from '../db/backends/base/base.ts';

/** The three test targets, as written in REINHARDT_TEST_DATABASES. */
export type TestDatabaseKey = 'sqlite' | 'postgres' | 'mysql';

/** One selected test database server. */
export interface TestDatabase {
  key: TestDatabaseKey;
  /** The backend vendor (`'sqlite'`, `'postgresql'`, `'mysql'`): use it as the describe() title. */
  vendor: 'sqlite' | 'postgresql' | 'mysql';
  /** Settings of the server's maintenance database (where test databases are created from). */
  settings: DatabaseSettings;
  /** A reason to skip (server unreachable, outside CI), or false. Pass to describe's `skip`. */
  skip: string | false;
}

const DEFAULTS: Record<TestDatabaseKey, DatabaseSettings> = {
  sqlite: { ENGINE: 'sqlite', NAME: ':memory:' },
  postgres: { ENGINE: 'postgresql', NAME: 'test', USER: 'postgres', HOST: '127.0.0.1', PORT: 5432 },
  mysql: { ENGINE: 'mysql', NAME: 'test', USER: 'root', HOST: '127.0.0.1', PORT: 3306 },
};
const URL_ENV: Record<TestDatabaseKey, string> = {
  sqlite: 'REINHARDT_TEST_SQLITE_URL',
  postgres: 'REINHARDT_TEST_POSTGRES_URL',
  mysql: 'REINHARDT_TEST_MYSQL_URL',
};
const VENDOR: Record<TestDatabaseKey, TestDatabase['vendor']> = { sqlite: 'sqlite', postgres: 'postgresql', mysql: 'mysql' };
const KEY_ALIASES: Record<string, TestDatabaseKey> = {
  sqlite: 'sqlite', sqlite3: 'sqlite', postgres: 'postgres', postgresql: 'postgres', pg: 'postgres', mysql: 'mysql', mariadb: 'mysql',
};

let cached: TestDatabase[] | undefined;

/** Return true if a TCP connection to host:port opens within a second (checked synchronously). */
function reachable(host: string, port: number): boolean {
  const script = `const s=require('net').connect(${Number(port)},${JSON.stringify(host)});` +
    `s.setTimeout(1000,()=>process.exit(1));s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  return spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 3000 }).status === 0;
}

/**
 * Return the test databases selected by REINHARDT_TEST_DATABASES (comma list of `sqlite`,
 * `postgres`, `mysql`; default all three). Server settings come from
 * REINHARDT_TEST_POSTGRES_URL / REINHARDT_TEST_MYSQL_URL (defaults: the local services).
 * An unreachable server is skipped with the reason locally, and is an error when CI=true.
 *
 * @example
 * for (const db of testDatabases()) describe(db.vendor, { skip: db.skip }, () => { ... });
 */
export function testDatabases(): TestDatabase[] {
  if (cached) return cached;
  const wanted = (process.env['REINHARDT_TEST_DATABASES'] ?? 'sqlite,postgres,mysql')
    .split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const ci = process.env['CI'] === 'true' || process.env['CI'] === '1';
  const out: TestDatabase[] = [];
  for (const w of wanted) {
    const key = KEY_ALIASES[w];
    if (!key) throw new Error(`REINHARDT_TEST_DATABASES: unknown database '${w}'; use sqlite, postgres or mysql`);
    if (out.some((d) => d.key === key)) continue;
    const url = process.env[URL_ENV[key]];
    const settings = url ? parseDatabaseUrl(url) : { ...DEFAULTS[key] };
    let skip: string | false = false;
    if (key !== 'sqlite') {
      const host = settings.HOST || '127.0.0.1';
      const port = settings.PORT ?? (key === 'postgres' ? 5432 : 3306);
      if (!reachable(host, port)) {
        const reason = `${key} server at ${host}:${port} is unreachable (set ${URL_ENV[key]} or leave '${key}' out of REINHARDT_TEST_DATABASES)`;
        if (ci) throw new Error(`CI: ${reason}`);
        skip = reason;
      }
    }
    out.push({ key, vendor: VENDOR[key], settings, skip });
  }
  cached = out;
  return out;
}

/** A created test database and its open connection. */
export interface TestDatabaseHandle {
  name: string;
  settings: DatabaseSettings;
  /** A connection to the test database (close it with teardown()). */
  connection: BaseDatabaseWrapper;
  /** Close the connection and drop the database. */
  teardown(): Promise<void>;
}

/**
 * Create a fresh database named `<prefix><pid>_<random>` on the server of `db` and return a
 * connection to it. Prefixes: orm-backends `rt_b_`, orm-models `rt_m_`, migrations `rt_g_`.
 * SQLite test databases are temp files (WAL works) unless `memory: true`.
 *
 * @example
 * const h = await setupTestDatabase(db, { prefix: 'rt_b_' });
 * await h.connection.query('SELECT 1');
 * await h.teardown();
 */
export async function setupTestDatabase(
  db: TestDatabase | TestDatabaseKey,
  options: { prefix: string; memory?: boolean; timeZone?: TimeZoneSettings; pool?: DatabaseSettings['POOL']; alias?: string },
): Promise<TestDatabaseHandle> {
  const target = typeof db === 'string' ? testDatabases().find((d) => d.key === db) : db;
  if (!target) throw new Error(`Test database '${String(db)}' is not selected by REINHARDT_TEST_DATABASES`);
  if (!/^[a-z][a-z0-9_]*$/.test(options.prefix)) throw new Error(`Invalid test database prefix '${options.prefix}'`);
  const name = `${options.prefix}${process.pid}_${randomBytes(4).toString('hex')}`;
  const alias = options.alias ?? 'default';
  const tz = options.timeZone ?? { USE_TZ: true, TIME_ZONE: 'UTC' };
  let settings: DatabaseSettings;
  let maintenance: BaseDatabaseWrapper | undefined;
  if (target.key === 'sqlite' && options.memory) {
    settings = { ...target.settings, NAME: ':memory:' };
  } else {
    maintenance = createConnection(`${alias}_maintenance`, { ...target.settings, POOL: { max: 1 } }, tz);
    try {
      settings = await maintenance.creation.createTestDatabase(name);
    } finally {
      if (target.key !== 'sqlite') await maintenance.close();
    }
  }
  if (options.pool) settings = { ...settings, POOL: options.pool };
  const connection = createConnection(alias, settings, tz);
  return {
    name,
    settings,
    connection,
    async teardown() {
      await connection.close();
      if (!maintenance) return;
      const m = createConnection(`${alias}_maintenance`, { ...target.settings, POOL: { max: 1 } }, tz);
      try {
        await m.creation.destroyTestDatabase(name);
      } finally {
        await m.close();
      }
    },
  };
}

/**
 * In a node:test suite: create a test database before the tests, point `connections.get(alias)`
 * at it, and drop it after. Return a getter for the handle.
 *
 * @example
 * for (const db of testDatabases()) describe(db.vendor, { skip: db.skip }, () => {
 *   const test = useTestDatabase(db, { prefix: 'rt_m_' });
 *   it('saves', async () => { await test().connection.query('SELECT 1'); });
 * });
 */
export function useTestDatabase(db: TestDatabase, options: { prefix: string; memory?: boolean; alias?: string; timeZone?: TimeZoneSettings; pool?: DatabaseSettings['POOL'] }): () => TestDatabaseHandle {
  let handle: TestDatabaseHandle | undefined;
  const alias = options.alias ?? 'default';
  before(async () => {
    if (db.skip) return;
    handle = await setupTestDatabase(db, options);
    connections.setConnection(alias, handle.connection);
  });
  after(async () => {
    if (!handle) return;
    connections.unsetConnection(alias);
    await handle.teardown();
  });
  return () => {
    if (!handle) throw new Error('The test database is not set up yet (use it inside tests, not at describe time)');
    return handle;
  };
}

/**
 * Run `fn` inside a transaction that is always rolled back (Django's TestCase isolation).
 * Durable `atomic()` blocks inside it are allowed, and `onCommit` callbacks never run.
 *
 * @example
 * it('creates a question', () => inTestTransaction(async () => { await Question.objects.create({ ... }); }));
 */
export async function inTestTransaction<T>(fn: () => T | Promise<T>, options: { using?: string | BaseDatabaseWrapper } = {}): Promise<T> {
  return atomic(async () => {
    try {
      return await fn();
    } finally {
      setRollback(true, { using: options.using });
    }
  }, { using: options.using, testWrapper: true });
}
