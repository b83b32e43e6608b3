// Environment overlay for settings: `.env` files and `DATABASE_URL` parsing. Layer 1.
import { readFileSync } from 'node:fs';
import type { DatabaseSettings } from './global-settings.ts';
import { ImproperlyConfigured } from '../core/exceptions.ts';

/**
 * Parse a `.env` file's text into pairs. Supports `KEY=value`, `export KEY=value`, single and
 * double quotes (double quotes understand `\n`), and `#` comments.
 */
export function parseDotenv(text: string, file = '.env'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ImproperlyConfigured(`${file} line ${i + 1}: expected KEY=value, got '${line}'`);
    let value = m[2]!;
    if (value.startsWith('"')) {
      const end = value.lastIndexOf('"');
      if (end === 0) throw new ImproperlyConfigured(`${file} line ${i + 1}: unterminated double quote`);
      value = value.slice(1, end).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    } else if (value.startsWith("'")) {
      const end = value.lastIndexOf("'");
      if (end === 0) throw new ImproperlyConfigured(`${file} line ${i + 1}: unterminated single quote`);
      value = value.slice(1, end);
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]!] = value;
  });
  return out;
}

/**
 * Load a `.env` file into `process.env` without overriding variables already set.
 * A missing file is not an error. Returns the names it set.
 */
export function loadDotenv(path: string, env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const set: string[] = [];
  for (const [k, v] of Object.entries(parseDotenv(text, path))) {
    if (env[k] === undefined) {
      env[k] = v;
      set.push(k);
    }
  }
  return set;
}

const SCHEMES: Record<string, string> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  pgsql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/**
 * Turn a database URL into a `DATABASES` entry.
 *
 * @example
 * parseDatabaseUrl('postgres://app:s3cret@db.internal:5432/shop?sslmode=require')
 * // { ENGINE: 'postgresql', NAME: 'shop', USER: 'app', PASSWORD: 's3cret', HOST: 'db.internal', PORT: 5432, OPTIONS: { sslmode: 'require' } }
 * parseDatabaseUrl('sqlite:////var/db.sqlite3') // { ENGINE: 'sqlite', NAME: '/var/db.sqlite3' }
 * parseDatabaseUrl('sqlite://:memory:')        // { ENGINE: 'sqlite', NAME: ':memory:' }
 */
export function parseDatabaseUrl(url: string): DatabaseSettings {
  const m = /^([a-z0-9+]+):\/\/(.*)$/i.exec(url.trim());
  const scheme = m?.[1]?.toLowerCase();
  const engine = scheme === undefined ? undefined : SCHEMES[scheme];
  if (!m || engine === undefined) {
    throw new ImproperlyConfigured(
      `DATABASE_URL: cannot read '${url.replace(/:[^:@/]*@/, ':***@')}'; expected sqlite:///path, postgres://user:pass@host:port/name or mysql://...`,
    );
  }
  if (engine === 'sqlite') {
    const rest = m[2]!;
    // The common convention: sqlite:///db.sqlite3 is relative, sqlite:////var/db.sqlite3 absolute.
    const name = rest === ':memory:' || rest === '/:memory:' ? ':memory:' : rest.replace(/^\//, '');
    return { ENGINE: 'sqlite', NAME: decodeURIComponent(name) };
  }
  const u = new URL(url.replace(/^[a-z0-9+]+:/i, 'http:'));
  const out: DatabaseSettings = { ENGINE: engine, NAME: decodeURIComponent(u.pathname.replace(/^\//, '')) };
  if (u.username) out.USER = decodeURIComponent(u.username);
  if (u.password) out.PASSWORD = decodeURIComponent(u.password);
  if (u.hostname) out.HOST = u.hostname.replace(/^\[|\]$/g, '');
  if (u.port) out.PORT = Number(u.port);
  const options: Record<string, string> = {};
  for (const [k, v] of u.searchParams) options[k] = v;
  if (Object.keys(options).length) out.OPTIONS = options;
  return out;
}
