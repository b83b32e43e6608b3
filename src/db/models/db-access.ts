// The model layer's door to the database: pick a connection (routers, `using`), compile a
// Query once per connection, and turn result rows into instances or value rows.
import { connections, router } from '../connections.ts';
import { SqlCompiler, type CompiledSql } from '../sql/compiler.ts';
import type { CompilerConnection } from '../sql/dialect.ts';
import type { DeleteNode, InsertNode, SelectNode, UpdateNode } from '../sql/nodes.ts';
import { QueryBuilder, type BuiltSelect, type RowPlan } from './query-builder.ts';
import type { Query } from './query.ts';
import { bindShape, queryShape, rememberShape, shapeEntries, shapeSlots } from './query-shape.ts';
import { STATE, type Model, type ModelClass } from './model.ts';
import { rowBuilder, ROW_BUILDER_THRESHOLD } from './row-builder.ts';

/** A connection as the model layer uses it. */
export type DbConnection = ReturnType<typeof connections.get>;

/** Return the connection for `alias`. */
export function getConnection(alias: string): DbConnection {
  return connections.get(alias);
}

/** Return the alias to read `model` from. */
export function dbForRead(model: ModelClass, using: string | null | undefined, instance?: unknown): string {
  if (using) return using;
  return router.dbForRead(model, instance === undefined ? {} : { instance });
}

/** Return the alias to write `model` to. */
export function dbForWrite(model: ModelClass, using: string | null | undefined, instance?: unknown): string {
  if (using) return using;
  return router.dbForWrite(model, instance === undefined ? {} : { instance });
}

router.setInstanceDbResolver((instance) => {
  const s = (instance as { [STATE]?: { db: string | null } } | null)?.[STATE];
  return s?.db ?? undefined;
});

/** A compiled SELECT with its row reading plan. */
export interface CompiledSelect {
  sql: string;
  params: unknown[];
  plan: BuiltSelect['plan'];
  columns: BuiltSelect['columns'];
}

/**
 * Compile a Query's SELECT for a connection (cached on the Query per alias). A query whose
 * shape was compiled before on this connection reuses that SQL and plan, re-binding only its
 * own values (query-shape.ts).
 */
export function compileSelect(query: Query, conn: CompilerConnection & { alias: string }): CompiledSelect {
  const cached = query.cache?.get(conn.alias) as CompiledSelect | undefined;
  if (cached) return cached;
  const shape = queryShape(query);
  const entries = shape ? shapeEntries(conn.ops, query.model.meta) : null;
  const hit = shape ? entries!.get(shape.key) : undefined;
  const params = hit ? bindShape(hit, shape!, query, conn) : null;
  let out: CompiledSelect;
  if (hit && params) out = { sql: hit.sql, params, plan: hit.plan, columns: hit.columns };
  else {
    const slots = shapeSlots(shape);
    const built = new QueryBuilder(query, conn, null, slots).build();
    const c = new SqlCompiler(conn).compile(built.node);
    out = { sql: c.sql, params: c.params, plan: built.plan, columns: built.columns };
    if (shape && c.recipes) rememberShape(entries!, shape.key, { sql: c.sql, recipes: c.recipes, limitSql: c.limitSql ?? '', plan: built.plan, columns: built.columns });
  }
  (query.cache ??= new Map()).set(conn.alias, out);
  return out;
}

/** Compile any statement node. */
export function compileNode(conn: CompilerConnection, node: SelectNode | InsertNode | UpdateNode | DeleteNode, unqualify?: string): CompiledSql {
  return new SqlCompiler(conn, unqualify).compile(node);
}

/**
 * Build a model instance from a result row following `plan`. A plan that has read
 * ROW_BUILDER_THRESHOLD rows reads its model columns through a generated reader (row-builder.ts)
 * that builds the same instance.
 */
export function rowToInstance(plan: RowPlan, row: unknown[], db: string): Model {
  let inst: Record<string | symbol, unknown>;
  let cache: Record<string, unknown>;
  const build = plan.build;
  if (build !== null) {
    inst = build(row, db) as unknown as Record<string | symbol, unknown>;
    cache = (inst[STATE] as { cache: Record<string, unknown> }).cache;
  } else {
    if (++plan.rows >= ROW_BUILDER_THRESHOLD) {
      plan.build = rowBuilder(plan);
      // No reader (names that are not identifiers): stop counting.
      if (plan.build === null) plan.rows = -Infinity;
    }
    inst = Object.create(plan.model.prototype) as Record<string | symbol, unknown>;
    cache = {};
    inst[STATE] = { adding: false, db, cache, prefetched: {} };
    const { attnames, converters, start } = plan;
    for (let i = 0; i < attnames.length; i++) {
      const v = row[start + i];
      const conv = converters[i];
      inst[attnames[i]!] = conv ? conv(v) : v;
    }
  }
  for (const r of plan.related) {
    const pk = row[r.plan.start];
    cache[r.name] = pk === null || pk === undefined ? null : rowToInstance(r.plan, row, db);
  }
  for (const a of plan.annotations) {
    const v = row[a.index];
    inst[a.name] = a.convert ? a.convert(v) : v;
  }
  return inst as unknown as Model;
}
