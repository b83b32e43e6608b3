// The registry of database connections built from settings.DATABASES: `connections.get(alias)`
// returns the alias's wrapper (drivers load on first query), `closeAll()` shuts every pool
// down, and `router` answers which alias a model reads from and writes to.
import { projectPath, settings } from '../conf/index.ts';
import { settingChanged } from '../core/signals.ts';
import { ConnectionRouter } from './utils.ts';
import { NotSupportedError, ProgrammingError } from './utils.ts';
import type { BaseDatabaseWrapper, DatabaseSettings, TimeZoneSettings } from './backends/base/base.ts';
import { SqliteDatabaseWrapper } from './backends/sqlite/base.ts';
import { PostgresqlDatabaseWrapper } from './backends/postgresql/base.ts';
import { MysqlDatabaseWrapper } from './backends/mysql/base.ts';

export { captureQueries } from './backends/base/query-log.ts';

/** Make a wrapper for one alias. Third-party backends export one of these. */
export type BackendFactory = (alias: string, settings: DatabaseSettings, timeZone: TimeZoneSettings) => BaseDatabaseWrapper;

const backends = new Map<string, BackendFactory>([
  ['sqlite', (a, s, tz) => new SqliteDatabaseWrapper(a, s, tz)],
  ['postgresql', (a, s, tz) => new PostgresqlDatabaseWrapper(a, s, tz)],
  ['mysql', (a, s, tz) => new MysqlDatabaseWrapper(a, s, tz)],
]);
const ENGINE_ALIASES: Record<string, string> = {
  sqlite3: 'sqlite', postgres: 'postgresql', mariadb: 'mysql',
  'django.db.backends.sqlite3': 'sqlite', 'django.db.backends.postgresql': 'postgresql', 'django.db.backends.mysql': 'mysql',
};

/**
 * Register a backend under an ENGINE name (a third-party backend's module specifier).
 *
 * @example
 * registerBackend('reinhardt-cockroach', (alias, s, tz) => new CockroachWrapper(alias, s, tz));
 */
export function registerBackend(engine: string, factory: BackendFactory): void {
  backends.set(engine, factory);
}

/**
 * Import a third-party backend module (its default export or `createWrapper` export is a
 * BackendFactory) and register it under its specifier. Call before the first `connections.get`.
 *
 * @example
 * await loadBackend('reinhardt-cockroach');
 * configure({ DATABASES: { default: { ENGINE: 'reinhardt-cockroach', NAME: 'app' } } });
 */
export async function loadBackend(specifier: string): Promise<void> {
  if (backends.has(specifier)) return;
  const mod = (await import(specifier)) as { default?: BackendFactory; createWrapper?: BackendFactory };
  const factory = mod.createWrapper ?? mod.default;
  if (typeof factory !== 'function') {
    throw new ProgrammingError(`Database backend module '${specifier}' exports no createWrapper() factory`, 'db.backend_invalid');
  }
  registerBackend(specifier, factory);
}

/**
 * Create a wrapper for `settings` without registering it (tests, scripts, test databases).
 *
 * @example
 * const conn = createConnection('scratch', { ENGINE: 'sqlite', NAME: ':memory:' });
 */
export function createConnection(alias: string, dbSettings: DatabaseSettings, timeZone: TimeZoneSettings = { USE_TZ: true, TIME_ZONE: 'UTC' }): BaseDatabaseWrapper {
  const engine = ENGINE_ALIASES[dbSettings.ENGINE] ?? dbSettings.ENGINE;
  const factory = backends.get(engine);
  if (!factory) {
    throw new ProgrammingError(
      `DATABASES['${alias}'].ENGINE '${dbSettings.ENGINE}' is unknown: use 'sqlite', 'postgresql' or 'mysql', ` +
        `or load a third-party backend first with loadBackend('${dbSettings.ENGINE}')`,
      'db.unknown_engine',
    );
  }
  if (dbSettings.TIME_ZONE && dbSettings.TIME_ZONE !== 'UTC') {
    // Refuse rather than silently store datetimes in a zone the converters do not expect.
    throw new NotSupportedError(
      `DATABASES['${alias}'].TIME_ZONE = '${dbSettings.TIME_ZONE}' is not supported yet: datetimes are stored in UTC ` +
        `(USE_TZ) or in settings.TIME_ZONE (USE_TZ = false); remove the key or set it to 'UTC'`,
      'db.not_supported.database_time_zone',
    );
  }
  return factory(alias, dbSettings, timeZone);
}

/**
 * The connections of settings.DATABASES, created on first `get()` and cached per alias. When
 * DATABASES, USE_TZ or TIME_ZONE change (overrideSettings), cached wrappers are closed and
 * rebuilt on next use.
 *
 * @example
 * const conn = connections.get();           // 'default'
 * await connections.get('replica').query('SELECT 1');
 * await connections.closeAll();             // at shutdown
 */
export class ConnectionHandler {
  #databases: () => Record<string, DatabaseSettings>;
  #timeZone: () => TimeZoneSettings;
  #cache = new Map<string, { settings: DatabaseSettings; wrapper: BaseDatabaseWrapper }>();
  #overrides = new Map<string, BaseDatabaseWrapper>();

  constructor(databases: () => Record<string, DatabaseSettings>, timeZone: () => TimeZoneSettings) {
    this.#databases = databases;
    this.#timeZone = timeZone;
  }

  /** The configured aliases. */
  get aliases(): string[] {
    return [...new Set([...Object.keys(this.#databases()), ...this.#overrides.keys()])];
  }

  /** Return true if `alias` is configured. */
  has(alias: string): boolean {
    return this.#overrides.has(alias) || alias in this.#databases();
  }

  /** Return the wrapper of `alias` (default `'default'`). */
  get(alias = 'default'): BaseDatabaseWrapper {
    const override = this.#overrides.get(alias);
    if (override) return override;
    const dbs = this.#databases();
    const s = dbs[alias];
    if (!s) {
      const known = Object.keys(dbs);
      throw new ProgrammingError(
        `The connection '${alias}' doesn't exist: settings.DATABASES has ${known.length ? known.map((k) => `'${k}'`).join(', ') : 'no entries'}`,
        'db.unknown_alias',
      );
    }
    const cached = this.#cache.get(alias);
    if (cached && cached.settings === s) return cached.wrapper;
    if (cached) void cached.wrapper.close();
    const wrapper = createConnection(alias, this.#resolvePaths(s), { ...this.#timeZone() });
    this.#cache.set(alias, { settings: s, wrapper });
    return wrapper;
  }

  #resolvePaths(s: DatabaseSettings): DatabaseSettings {
    const engine = ENGINE_ALIASES[s.ENGINE] ?? s.ENGINE;
    // SQLite file names are relative to BASE_DIR, like every other path setting.
    if (engine !== 'sqlite' || s.NAME === ':memory:' || s.NAME === '' || s.NAME.startsWith('file:')) return s;
    return { ...s, NAME: projectPath(s.NAME) };
  }

  /**
   * Use `wrapper` for `alias` until `unsetConnection(alias)` (test runners point an alias at
   * a freshly created test database this way).
   */
  setConnection(alias: string, wrapper: BaseDatabaseWrapper): void {
    this.#overrides.set(alias, wrapper);
  }

  /** Stop overriding `alias` (the wrapper is not closed). */
  unsetConnection(alias: string): void {
    this.#overrides.delete(alias);
  }

  /** Return the wrappers created so far. */
  all(): BaseDatabaseWrapper[] {
    return [...this.#overrides.values(), ...[...this.#cache.values()].map((c) => c.wrapper)];
  }

  /** Close the pool of `alias`. */
  async close(alias: string): Promise<void> {
    const cached = this.#cache.get(alias);
    this.#cache.delete(alias);
    await cached?.wrapper.close();
  }

  /** Close every pool (graceful shutdown; in-use connections close when released). */
  async closeAll(): Promise<void> {
    const wrappers = this.all();
    this.#cache.clear();
    await Promise.all(wrappers.map((w) => w.close()));
  }

  /** Forget cached wrappers (closing them), e.g. after settings changed. */
  reset(): void {
    for (const { wrapper } of this.#cache.values()) void wrapper.close();
    this.#cache.clear();
  }
}

/**
 * The project's connections (settings.DATABASES).
 *
 * @example
 * await connections.get().query('SELECT 1') // { columns: ['1'], rows: [[1]] }
 */
export const connections = new ConnectionHandler(
  () => settings.DATABASES,
  () => ({ USE_TZ: settings.USE_TZ, TIME_ZONE: settings.TIME_ZONE }),
);

/**
 * The project's router (settings.DATABASE_ROUTERS).
 *
 * @example
 * router.dbForRead(Question, {}) // 'default' unless a router says otherwise
 */
export const router = new ConnectionRouter(() => settings.DATABASE_ROUTERS);

settingChanged.connect(
  ({ setting }) => {
    if (setting === 'DATABASES' || setting === 'USE_TZ' || setting === 'TIME_ZONE') connections.reset();
  },
  { dispatchUid: 'reinhardt.db.connections' },
);
