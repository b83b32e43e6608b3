// Compile a plain Q description (what a model's `Q(...).deconstruct()` returns) to SQL over a
// historical model's columns, for check constraints and partial indexes. Only the lookups that
// make sense in DDL are supported; others are an error naming the lookup.

import { MigrationError } from './errors.ts';
import type { ModelState } from './state.ts';

/** A Q condition as plain data. */
export interface QDescription {
  connector: 'AND' | 'OR';
  negated: boolean;
  children: (QDescription | [string, unknown])[];
}

/** Return whether a value is a Q description. */
export function isQDescription(value: unknown): value is QDescription {
  return value !== null && typeof value === 'object' && Array.isArray((value as QDescription).children) && typeof (value as QDescription).connector === 'string';
}

const OPS: Record<string, string> = { exact: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * Compile a Q description for `model` to `{ sql, params }`.
 *
 * @example
 * compileQ(product, { connector: 'AND', negated: false, children: [['price__gte', 0]] }, q, fieldColumn);
 * // { sql: '"price" >= ?', params: [0] }
 */
export function compileQ(
  model: ModelState,
  q: QDescription,
  quote: (n: string) => string,
  fieldColumn: (model: ModelState, field: string) => string,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const child of q.children) {
    if (isQDescription(child)) {
      const inner = compileQ(model, child, quote, fieldColumn);
      parts.push(`(${inner.sql})`);
      params.push(...inner.params);
      continue;
    }
    const [key, value] = child;
    const bits = key.split('__');
    const lookup = bits.length > 1 && (bits[bits.length - 1]! in OPS || ['isnull', 'in', 'ne'].includes(bits[bits.length - 1]!)) ? bits.pop()! : 'exact';
    const field = bits.join('__');
    const col = quote(fieldColumn(model, field === 'pk' ? model.pkName : field));
    if (lookup === 'isnull') parts.push(`${col} IS ${value ? '' : 'NOT '}NULL`);
    else if (lookup === 'exact' && value === null) parts.push(`${col} IS NULL`);
    else if (lookup === 'in') {
      const list = value as unknown[];
      parts.push(`${col} IN (${list.map(() => '?').join(', ')})`);
      params.push(...list);
    } else if (lookup === 'ne') {
      parts.push(`${col} <> ?`);
      params.push(value);
    } else if (OPS[lookup]) {
      // A value naming another field (F expression description) compares two columns.
      const f = value as { field?: unknown } | null;
      if (f && typeof f === 'object' && typeof f.field === 'string') parts.push(`${col} ${OPS[lookup]} ${quote(fieldColumn(model, f.field))}`);
      else {
        parts.push(`${col} ${OPS[lookup]} ?`);
        params.push(value);
      }
    } else {
      throw new MigrationError(`Lookup '${lookup}' in a constraint of ${model.appLabel}.${model.name} cannot be written as DDL; use exact, gt, gte, lt, lte, ne, in or isnull, or raw SQL`, 'migrations.unsupported_lookup');
    }
  }
  let sql = parts.join(` ${q.connector} `) || '1 = 1';
  if (q.negated) sql = `NOT (${sql})`;
  return { sql, params };
}
