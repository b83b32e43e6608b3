// Runtime descriptions of each setting's type: used to validate a project's settings at start-up
// and to parse environment overrides (`REINHARDT_DEBUG=false`). Layer 1.
import type { Settings } from './global-settings.ts';

/** A setting's runtime type: a name for messages, a check, and a parser for env strings. */
export interface SettingType {
  /** Shown in errors: "must be <name>". */
  readonly name: string;
  check(value: unknown): boolean;
  fromEnv(text: string): unknown;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not valid JSON: ${text.slice(0, 40)}`);
  }
};

export const bool: SettingType = {
  name: 'a boolean',
  check: (v) => typeof v === 'boolean',
  fromEnv(text) {
    const t = text.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(t)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(t)) return false;
    throw new Error(`expected true/false, 1/0, yes/no or on/off, got '${text}'`);
  },
};

export const str: SettingType = { name: 'a string', check: (v) => typeof v === 'string', fromEnv: (t) => t };

export const int: SettingType = {
  name: 'a whole number',
  check: (v) => typeof v === 'number' && Number.isInteger(v),
  fromEnv(text) {
    if (!/^-?\d+$/.test(text.trim())) throw new Error(`expected a whole number, got '${text}'`);
    return Number(text);
  },
};

/** Accept `null` as well as the inner type; the env string `''` or `'null'` means null. */
export function nullable(inner: SettingType): SettingType {
  return {
    name: `${inner.name} or null`,
    check: (v) => v === null || inner.check(v),
    fromEnv: (t) => (t === '' || t === 'null' ? null : inner.fromEnv(t)),
  };
}

/** An array whose items all pass `item`; from env: JSON, or a comma-separated list of strings. */
export function arrayOf(item: SettingType, itemName = item.name): SettingType {
  return {
    name: `an array of ${itemName.replace(/^an? /, '')}s`,
    check: (v) => Array.isArray(v) && v.every((x) => item.check(x)),
    fromEnv: (t) => (t.trim().startsWith('[') ? parseJson(t) : t.split(',').map((s) => s.trim()).filter(Boolean)),
  };
}

/** One of a fixed list of strings. */
export function oneOf(...values: string[]): SettingType {
  return {
    name: `one of ${values.map((v) => `'${v}'`).join(', ')}`,
    check: (v) => typeof v === 'string' && values.includes(v),
    fromEnv: (t) => t,
  };
}

/** A plain object (checked shallowly; its own validation runs where it is used). */
export const object: SettingType = {
  name: 'an object',
  check: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  fromEnv: parseJson,
};

/** Anything: for settings whose values are functions or classes. */
export const anything: SettingType = { name: 'any value', check: () => true, fromEnv: parseJson };

const fn: SettingType = { name: 'a function', check: (v) => typeof v === 'function', fromEnv: (t) => t };
const strOrFn: SettingType = { name: 'a module specifier or a function', check: (v) => str.check(v) || fn.check(v), fromEnv: (t) => t };
const strOrRe: SettingType = { name: 'a string or RegExp', check: (v) => typeof v === 'string' || v instanceof RegExp, fromEnv: (t) => t };
const pair: SettingType = {
  name: 'a [string, string] pair',
  check: (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'),
  fromEnv: (t) => (t.trim().startsWith('[') ? parseJson(t) : t.split(',').map((s) => s.trim())),
};

/** The runtime type of every framework setting. */
export const settingTypes: Record<keyof Settings, SettingType> = {
  BASE_DIR: str,
  DEBUG: bool,
  SECRET_KEY: str,
  SECRET_KEY_FALLBACKS: arrayOf(str),
  ALLOWED_HOSTS: arrayOf(str),
  INSTALLED_APPS: arrayOf(str),
  MIDDLEWARE: arrayOf(strOrFn),
  ROOT_URLCONF: {
    name: 'a module specifier, an array of URL patterns, or null',
    check: (v) => v === null || typeof v === 'string' || Array.isArray(v),
    fromEnv: (t) => t,
  },
  DATABASES: object,
  DATABASE_ROUTERS: arrayOf(anything, 'router object'),
  DEFAULT_AUTO_FIELD: oneOf('BigAutoField', 'AutoField', 'SmallAutoField'),
  TEMPLATES: arrayOf(object, 'template engine object'),
  TIME_ZONE: str,
  USE_TZ: bool,
  USE_I18N: bool,
  LANGUAGE_CODE: str,
  APPEND_SLASH: bool,
  PREPEND_WWW: bool,
  DISALLOWED_USER_AGENTS: arrayOf(strOrRe),
  DATA_UPLOAD_MAX_MEMORY_SIZE: nullable(int),
  DATA_UPLOAD_MAX_NUMBER_FIELDS: nullable(int),
  DATA_UPLOAD_MAX_NUMBER_FILES: nullable(int),
  FILE_UPLOAD_MAX_MEMORY_SIZE: int,
  FILE_UPLOAD_TEMP_DIR: nullable(str),
  FILE_UPLOAD_PERMISSIONS: nullable(int),
  DEFAULT_CHARSET: str,
  SECURE_PROXY_SSL_HEADER: nullable(pair),
  USE_X_FORWARDED_HOST: bool,
  USE_X_FORWARDED_PORT: bool,
  FORCE_SCRIPT_NAME: nullable(str),
  SECURE_SSL_REDIRECT: bool,
  SECURE_SSL_HOST: nullable(str),
  SECURE_REDIRECT_EXEMPT: arrayOf(str),
  SECURE_HSTS_SECONDS: int,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: bool,
  SECURE_HSTS_PRELOAD: bool,
  SECURE_CONTENT_TYPE_NOSNIFF: bool,
  SECURE_REFERRER_POLICY: nullable(str),
  SECURE_CROSS_ORIGIN_OPENER_POLICY: nullable(str),
  X_FRAME_OPTIONS: oneOf('DENY', 'SAMEORIGIN'),
  SIGNING_BACKEND: str,
  STATIC_URL: nullable(str),
  STATIC_ROOT: nullable(str),
  STATICFILES_DIRS: arrayOf(str),
  MEDIA_URL: str,
  MEDIA_ROOT: str,
  ADMINS: arrayOf(pair),
  SILENCED_SYSTEM_CHECKS: arrayOf(str),
};
