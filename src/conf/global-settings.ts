// Every framework setting, its type and its default, in one module (Django's global_settings).
// Layer 1. `defineSettings` merges a project's values over these and validates them.

/** A database connection, as listed in `DATABASES`. */
export interface DatabaseSettings {
  /** `'sqlite'`, `'postgresql'`, `'mysql'` (MySQL and MariaDB), or a third-party backend's module specifier. */
  ENGINE: string;
  /** Database name; for SQLite a file path (relative to `BASE_DIR`) or `':memory:'`. */
  NAME: string;
  USER?: string;
  PASSWORD?: string;
  HOST?: string;
  PORT?: number;
  /** Passed to the driver as they are. */
  OPTIONS?: Record<string, unknown>;
  /** Pool size and timeouts (PostgreSQL, MySQL). */
  POOL?: { max?: number; acquireTimeoutMs?: number; idleTimeoutMs?: number };
  /** Wrap each request's view in a transaction. */
  ATOMIC_REQUESTS?: boolean;
  /** The zone datetimes are stored in when the database has no zone support; default: UTC with `USE_TZ`. */
  TIME_ZONE?: string | null;
  /** Settings of the test database made from this one. */
  TEST?: { NAME?: string };
}

/** A template engine, as listed in `TEMPLATES`. */
export interface TemplateSettings {
  /** The engine; `'reinhardt'` is the Django template language. */
  BACKEND: string;
  /** Folders searched for templates, relative to `BASE_DIR` or absolute. */
  DIRS?: string[];
  /** Also search each installed app's `templates/` folder. */
  APP_DIRS?: boolean;
  OPTIONS?: Record<string, unknown>;
}

/** A database router: each method may return `undefined` to have no opinion. */
export interface DatabaseRouter {
  dbForRead?(model: unknown, hints: Record<string, unknown>): string | undefined | null;
  dbForWrite?(model: unknown, hints: Record<string, unknown>): string | undefined | null;
  allowRelation?(a: unknown, b: unknown): boolean | undefined | null;
  allowMigrate?(db: string, appLabel: string, modelName?: string): boolean | undefined | null;
}

/** A middleware entry: a factory function, a middleware class, or a module specifier (`'module:exportName'`). */
export type MiddlewareEntry =
  | string
  | ((getResponse: (request: never) => unknown) => unknown)
  | (new (getResponse: (request: never) => unknown) => unknown);

/**
 * Every setting the framework reads. Names and meanings follow Django's settings reference;
 * a project sets them with `defineSettings({...})`. Apps add their own with `registerSettings`
 * and declaration merging on this interface.
 */
export interface Settings {
  /** The project's root folder; relative paths in settings resolve against it. Default: the working directory (startproject's settings set it to the project folder). */
  BASE_DIR: string;
  /** Show detailed error pages and enable development helpers. Never on in production. */
  DEBUG: boolean;
  /** The key that signs cookies, tokens and sessions. Required outside DEBUG. */
  SECRET_KEY: string;
  /** Older keys still accepted when verifying signatures (key rotation). */
  SECRET_KEY_FALLBACKS: string[];
  /** Host names this site serves (`'.example.com'` matches subdomains, `'*'` anything). */
  ALLOWED_HOSTS: string[];
  /** The project's apps: local folders (`'./polls'`) or package names (`'reinhardt/contrib/auth'`). */
  INSTALLED_APPS: string[];
  /** Middleware in request order (outermost first). */
  MIDDLEWARE: MiddlewareEntry[];
  /** The root URL configuration: a module specifier (`'./mysite/urls.ts'`) or the patterns themselves. */
  ROOT_URLCONF: string | readonly unknown[] | null;
  /** Database connections by alias; `default` is used unless a query says otherwise. */
  DATABASES: Record<string, DatabaseSettings>;
  /** Routers asked, in order, which database a query uses. */
  DATABASE_ROUTERS: DatabaseRouter[];
  /** The primary key field type of models that declare none. */
  DEFAULT_AUTO_FIELD: 'BigAutoField' | 'AutoField' | 'SmallAutoField';
  /** Template engines. */
  TEMPLATES: TemplateSettings[];
  /** The local time zone. Differs from Django: the default is `'UTC'`, not `'America/Chicago'`. */
  TIME_ZONE: string;
  /** Store datetimes in UTC and make them timezone-aware. */
  USE_TZ: boolean;
  /** Enable the translation machinery. */
  USE_I18N: boolean;
  /** The site's language. */
  LANGUAGE_CODE: string;
  /** Redirect `/path` to `/path/` when only the latter matches a URL pattern (CommonMiddleware). */
  APPEND_SLASH: boolean;
  /** Redirect `example.com` to `www.example.com` (CommonMiddleware). */
  PREPEND_WWW: boolean;
  /** User-Agent regular expressions refused with 403 (CommonMiddleware). */
  DISALLOWED_USER_AGENTS: (string | RegExp)[];
  /** Largest request body, files excepted, in bytes; `null` for no limit. Over it: 413. */
  DATA_UPLOAD_MAX_MEMORY_SIZE: number | null;
  /** Most GET/POST fields in one request; `null` for no limit. Over it: 400. */
  DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null;
  /** Most uploaded files in one request; `null` for no limit. Over it: 400. */
  DATA_UPLOAD_MAX_NUMBER_FILES: number | null;
  /** Uploaded files larger than this are streamed to a temporary file. */
  FILE_UPLOAD_MAX_MEMORY_SIZE: number;
  /** Where uploads over the memory limit go; `null` for the system's temporary folder. */
  FILE_UPLOAD_TEMP_DIR: string | null;
  /** Permissions of stored uploaded files. */
  FILE_UPLOAD_PERMISSIONS: number | null;
  /** The charset of responses that name none. */
  DEFAULT_CHARSET: string;
  /** `[header, value]` that marks a request as HTTPS behind a proxy, e.g. `['x-forwarded-proto', 'https']`. */
  SECURE_PROXY_SSL_HEADER: [string, string] | null;
  /** Trust `X-Forwarded-Host` for the host name. */
  USE_X_FORWARDED_HOST: boolean;
  /** Trust `X-Forwarded-Port` for the port. */
  USE_X_FORWARDED_PORT: boolean;
  /** A URL prefix the site is served under. */
  FORCE_SCRIPT_NAME: string | null;
  /** Redirect every plain-HTTP request to HTTPS (SecurityMiddleware). */
  SECURE_SSL_REDIRECT: boolean;
  /** Host to redirect HTTPS requests to; `null` keeps the request's host. */
  SECURE_SSL_HOST: string | null;
  /** Path regular expressions exempt from the HTTPS redirect. */
  SECURE_REDIRECT_EXEMPT: string[];
  /** `Strict-Transport-Security` max-age; 0 sends no header. */
  SECURE_HSTS_SECONDS: number;
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean;
  SECURE_HSTS_PRELOAD: boolean;
  /** Send `X-Content-Type-Options: nosniff`. */
  SECURE_CONTENT_TYPE_NOSNIFF: boolean;
  /** The `Referrer-Policy` header; `null` sends none. */
  SECURE_REFERRER_POLICY: string | null;
  /** The `Cross-Origin-Opener-Policy` header; `null` sends none. */
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string | null;
  /** The `X-Frame-Options` header (clickjacking protection). */
  X_FRAME_OPTIONS: 'DENY' | 'SAMEORIGIN';
  /** The signer class used by signed cookies. */
  SIGNING_BACKEND: string;
  /** URL prefix of static files. */
  STATIC_URL: string | null;
  /** Where `collectstatic` gathers static files. */
  STATIC_ROOT: string | null;
  /** Extra folders of static files besides the apps' `static/`. */
  STATICFILES_DIRS: string[];
  /** URL prefix of user-uploaded files. */
  MEDIA_URL: string;
  /** Where user-uploaded files are stored. */
  MEDIA_ROOT: string;
  /** People who get error reports: `[name, email]` pairs. */
  ADMINS: [string, string][];
  /** System check ids to silence, e.g. `'urls.W002'`. */
  SILENCED_SYSTEM_CHECKS: string[];
}

/** The defaults of every setting. */
export const globalSettings: Settings = {
  BASE_DIR: process.cwd(),
  DEBUG: false,
  SECRET_KEY: '',
  SECRET_KEY_FALLBACKS: [],
  ALLOWED_HOSTS: [],
  INSTALLED_APPS: [],
  MIDDLEWARE: [],
  ROOT_URLCONF: null,
  DATABASES: {},
  DATABASE_ROUTERS: [],
  DEFAULT_AUTO_FIELD: 'BigAutoField',
  TEMPLATES: [],
  TIME_ZONE: 'UTC',
  USE_TZ: true,
  USE_I18N: true,
  LANGUAGE_CODE: 'en-us',
  APPEND_SLASH: true,
  PREPEND_WWW: false,
  DISALLOWED_USER_AGENTS: [],
  DATA_UPLOAD_MAX_MEMORY_SIZE: 2_621_440,
  DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000,
  DATA_UPLOAD_MAX_NUMBER_FILES: 100,
  FILE_UPLOAD_MAX_MEMORY_SIZE: 2_621_440,
  FILE_UPLOAD_TEMP_DIR: null,
  FILE_UPLOAD_PERMISSIONS: 0o644,
  DEFAULT_CHARSET: 'utf-8',
  SECURE_PROXY_SSL_HEADER: null,
  USE_X_FORWARDED_HOST: false,
  USE_X_FORWARDED_PORT: false,
  FORCE_SCRIPT_NAME: null,
  SECURE_SSL_REDIRECT: false,
  SECURE_SSL_HOST: null,
  SECURE_REDIRECT_EXEMPT: [],
  SECURE_HSTS_SECONDS: 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
  SECURE_HSTS_PRELOAD: false,
  SECURE_CONTENT_TYPE_NOSNIFF: true,
  SECURE_REFERRER_POLICY: 'same-origin',
  SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin',
  X_FRAME_OPTIONS: 'DENY',
  SIGNING_BACKEND: 'TimestampSigner',
  STATIC_URL: 'static/',
  STATIC_ROOT: null,
  STATICFILES_DIRS: [],
  MEDIA_URL: '',
  MEDIA_ROOT: '',
  ADMINS: [],
  SILENCED_SYSTEM_CHECKS: [],
};
