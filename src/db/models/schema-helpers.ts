// Create and drop the tables of models (tests, quick scripts) through the backend's schema
// editor, including automatic many-to-many tables; and compile Meta conditions for DDL.
import { conditionCompiler, type ModelClassLike as OptionsModel } from './options.ts';
import { QueryBuilder } from './query-builder.ts';
import { Query } from './query.ts';
import { SqlCompiler } from '../sql/compiler.ts';
import type { CompilerConnection } from '../sql/dialect.ts';
import { ManyToManyField } from './fields/related-fields.ts';
import { getConnection } from './db-access.ts';
import type { ModelClass } from './model.ts';
import type { Options } from './options.ts';

/** Any model class (declared with Model.define). */
export type AnyModel = { readonly meta: Options };
import { QObject } from './query-utils.ts';

conditionCompiler.compile = (model: OptionsModel, q: unknown, conn: unknown) => {
  if (!conn) throw new Error('tableSpec() needs a connection to compile index/constraint conditions');
  const query = new Query(model as unknown as ModelClass);
  const b = new QueryBuilder(query, conn as CompilerConnection);
  const expr = b.filterCondition(q as QObject, false).expr;
  const c = new SqlCompiler(conn as CompilerConnection, b.base);
  return { sql: c.expr(expr), params: c.compile({ kind: 'delete', table: 'x', alias: '', where: expr }).params };
};

function withThrough(models: readonly AnyModel[]): ModelClass[] {
  const out: ModelClass[] = [];
  for (const m of models as unknown as ModelClass[]) {
    if (!out.includes(m)) out.push(m);
    for (const f of m.meta.manyToMany) {
      const t = (f as ManyToManyField).through as unknown as ModelClass | null;
      if (t && t.meta.autoCreated && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/**
 * Create the tables of `models` (and their automatic many-to-many tables) on `using`.
 *
 * @example
 * await createModelTables([Question, Choice], 'default')
 */
export async function createModelTables(models: readonly AnyModel[], using = 'default'): Promise<void> {
  for (const m of models) void m.meta;
  const conn = getConnection(using);
  const editor = conn.schemaEditor();
  for (const m of withThrough(models)) await editor.createTable(m.meta.tableSpec(conn) as never);
}

/** Drop the tables of `models` (children first), ignoring missing ones. */
export async function dropModelTables(models: readonly AnyModel[], using = 'default'): Promise<void> {
  const conn = getConnection(using);
  const editor = conn.schemaEditor();
  for (const m of withThrough(models).reverse()) {
    try {
      await editor.deleteTable(m.meta.dbTable);
    } catch {
      // already gone
    }
  }
}
