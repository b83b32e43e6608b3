// Plain descriptions of fields, indexes, constraints and model options: the data that migration
// files contain and that the project state is replayed from. No model classes, no database.

/**
 * Describe one field as plain data: its type name and the options that rebuild it.
 *
 * Relations name their target as `'app_label.ModelName'`. Options keep the ORM's camelCase
 * names (`maxLength`, `null`, `dbColumn`, `onDelete`, `relatedName`, `dbDefault`, ...).
 *
 * @example
 * const f: FieldDescription = { type: 'CharField', maxLength: 200 };
 * const fk: FieldDescription = { type: 'ForeignKey', to: 'polls.Question', onDelete: 'CASCADE' };
 */
export interface FieldDescription {
  type: string;
  [option: string]: unknown;
}

/**
 * Describe one index: a name, the fields (prefix `-` for descending) and options.
 *
 * @example
 * const idx: IndexDescription = { name: 'polls_q_pub_idx', fields: ['-pubDate'] };
 */
export interface IndexDescription {
  name: string;
  fields: string[];
  unique?: boolean;
  /** Condition for a partial index: raw SQL over column names, or a Q description. */
  condition?: string | Record<string, unknown>;
}

/**
 * Describe one table constraint: a unique constraint over fields or a check with raw SQL.
 *
 * A check or condition is either a plain Q description (as `Q(...).deconstruct()` returns) or
 * SQL text over column names.
 *
 * @example
 * const c: ConstraintDescription = { kind: 'check', name: 'price_gte_0', check: 'price >= 0' };
 */
export interface ConstraintDescription {
  kind: 'unique' | 'check';
  name: string;
  fields?: string[];
  /** Raw SQL over column names, or a Q description (`Q(...).deconstruct()`). */
  check?: string | Record<string, unknown>;
  condition?: string | Record<string, unknown>;
}

/**
 * Model options that migrations track (`AlterModelOptions` changes the non-database ones).
 */
export interface ModelOptions {
  dbTable?: string;
  dbTableComment?: string;
  ordering?: string[];
  verboseName?: string;
  verboseNamePlural?: string;
  uniqueTogether?: string[][];
  indexes?: IndexDescription[];
  constraints?: ConstraintDescription[];
  /** `false`: the table is not created, altered or dropped by migrations. */
  managed?: boolean;
  getLatestBy?: string;
  defaultRelatedName?: string;
  permissions?: [string, string][];
  defaultPermissions?: string[];
}

/** Options `AlterModelOptions` may change: they never touch the database. */
export const ALTERABLE_OPTION_KEYS = [
  'ordering',
  'verboseName',
  'verboseNamePlural',
  'getLatestBy',
  'defaultRelatedName',
  'permissions',
  'defaultPermissions',
  'managed',
] as const;

/** Field types that hold a relation to another model. */
export const RELATION_TYPES = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField']);

/** Return whether a field description is a relation. */
export function isRelation(field: FieldDescription): boolean {
  return RELATION_TYPES.has(field.type);
}

/** Return whether a field description is a many-to-many relation (no column of its own). */
export function isManyToMany(field: FieldDescription): boolean {
  return field.type === 'ManyToManyField';
}

/**
 * Turn `camelCase` into `snake_case` (the default column naming).
 *
 * @example
 * snakeCase('pubDate'); // 'pub_date'
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Compare two plain values deeply (descriptions hold only JSON-like data, dates and functions).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // A Decimal is written to files as its text: compare by text.
  if (isDecimal(a) || isDecimal(b)) return String(a) === String(b);
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a !== 'object') {
    // Functions (callable defaults) cannot be compared reliably once written and reloaded.
    if (typeof a === 'function' && typeof b === 'function') return true;
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function isDecimal(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name === 'Decimal';
}

/** Copy a plain description deeply (functions and dates are kept by reference). */
export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Date || isDecimal(value)) return value;
  if (Array.isArray(value)) return value.map((v) => deepClone(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = deepClone(v);
  }
  return out as T;
}
