// Generated row readers: once a row plan has read ROW_BUILDER_THRESHOLD rows, its model columns
// are read by a function written for that column list (one named store per attribute, the
// backend's converters called only where they are not the identity) instead of a loop over
// the plan. Cold plans keep the loop (db-access.ts rowToInstance); both build the same
// instance, property for property and in the same order.
import { STATE, type Model, type ModelClass } from './model.ts';
import type { Converter } from './query-builder.ts';

/** Rows a plan reads through the loop before it gets a generated reader. */
export const ROW_BUILDER_THRESHOLD = 100;

/** Build an instance (state and own columns; not related rows or annotations) from a row. */
export type RowBuilder = (row: readonly unknown[], db: string) => Model;

/** What a row builder is made from (the model part of a RowPlan). */
export interface RowBuilderSpec {
  model: ModelClass;
  attnames: readonly string[];
  converters: readonly Converter[];
  start: number;
}

// Attribute names go into the generated source only as plain identifiers after a dot.
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Builders shared by plans over the same model, column list and converters (one source each).
const SHARED = new WeakMap<ModelClass, Map<string, { converters: readonly Converter[]; build: RowBuilder }[]>>();

/**
 * Return a generated reader for `spec`, or null when an attribute name is not a plain
 * identifier or code generation is disabled (the caller keeps its loop).
 *
 * @example
 * const build = rowBuilder({ model: Question, attnames: ['id', 'questionText'], converters: [null, null], start: 0 });
 * build([1, 'What?'], 'default') // Question { id: 1, questionText: 'What?' }, loaded from 'default'
 */
export function rowBuilder(spec: RowBuilderSpec): RowBuilder | null {
  const { model, attnames, converters, start } = spec;
  if (!attnames.every((a) => IDENTIFIER.test(a) && a !== '__proto__')) return null;
  const key = `${start}|${attnames.join(',')}`;
  let byKey = SHARED.get(model);
  if (!byKey) SHARED.set(model, (byKey = new Map()));
  let list = byKey.get(key);
  if (!list) byKey.set(key, (list = []));
  const same = list.find((e) => e.converters.length === converters.length && e.converters.every((c, i) => c === converters[i]));
  if (same) return same.build;
  const names = ['proto', 'STATE'];
  const values: unknown[] = [model.prototype, STATE];
  let body = 'return function buildRow(row, db) {\n  const inst = Object.create(proto);\n  inst[STATE] = { adding: false, db: db, cache: {}, prefetched: {} };\n';
  attnames.forEach((a, i) => {
    const conv = converters[i];
    if (conv) {
      names.push(`c${i}`);
      values.push(conv);
      body += `  inst.${a} = c${i}(row[${start + i}]);\n`;
    } else {
      body += `  inst.${a} = row[${start + i}];\n`;
    }
  });
  body += '  return inst;\n};';
  let build: RowBuilder;
  try {
    build = new Function(...names, body)(...values) as RowBuilder;
  } catch {
    return null;
  }
  if (list.length < 8) list.push({ converters: converters.slice(), build });
  return build;
}
