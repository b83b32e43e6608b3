// Compare the live schema (through the backend's introspection) with a project state: the
// tables, columns, nullability, primary keys, foreign keys, indexes and constraints each model
// state implies. Returns a list of differences (empty when they agree).
import type { BaseDatabaseWrapper } from '../../../src/db/backends/base/base.ts';
import type { ProjectState } from '../../../src/db/migrations/state.ts';
import { isManyToMany } from '../../../src/db/migrations/descriptions.ts';
import { tableSpecFor, throughTableSpec } from '../../../src/db/migrations/table-spec.ts';
import type { TableSpec } from '../../../src/db/migrations/db-types.ts';

export async function schemaDifferences(conn: BaseDatabaseWrapper, state: ProjectState, apps: string[]): Promise<string[]> {
  const q = (n: string) => conn.ops.quoteName(n);
  const specs: TableSpec[] = [];
  for (const model of state.models.values()) {
    if (!apps.includes(model.appLabel) || !model.managed) continue;
    specs.push(tableSpecFor(state, model, q));
    for (const [name, field] of model.fields) {
      if (isManyToMany(field)) {
        const t = throughTableSpec(state, model, name, q);
        if (t) specs.push(t);
      }
    }
  }
  const diffs: string[] = [];
  const tables = new Set(await conn.introspection.tableNames());
  const expected = new Set(specs.map((s) => s.name));
  for (const t of tables) {
    if (apps.some((a) => t.startsWith(`${a}_`)) && !expected.has(t)) diffs.push(`unexpected table ${t}`);
  }
  for (const spec of specs) {
    if (!tables.has(spec.name)) {
      diffs.push(`missing table ${spec.name}`);
      continue;
    }
    const cols = new Map((await conn.introspection.getColumns(spec.name)).map((c) => [c.name, c]));
    const cons = Object.values(await conn.introspection.getConstraints(spec.name));
    for (const c of spec.columns) {
      const live = cols.get(c.name);
      if (!live) {
        diffs.push(`missing column ${spec.name}.${c.name}`);
        continue;
      }
      if (live.null !== c.null && !c.primaryKey) diffs.push(`${spec.name}.${c.name}: null ${live.null}, expected ${c.null}`);
      if (c.primaryKey && !cons.some((x) => x.primaryKey && x.columns.includes(c.name))) diffs.push(`${spec.name}.${c.name}: not the primary key`);
      if (c.maxLength !== undefined && live.maxLength !== undefined && live.maxLength !== c.maxLength) diffs.push(`${spec.name}.${c.name}: max length ${live.maxLength}, expected ${c.maxLength}`);
      if (c.references && c.references.constraint !== false) {
        const fk = cons.find((x) => x.foreignKey && x.columns[0] === c.name);
        if (!fk) diffs.push(`${spec.name}.${c.name}: no foreign key`);
        else if (fk.foreignKey!.table !== c.references.table) diffs.push(`${spec.name}.${c.name}: references ${fk.foreignKey!.table}, expected ${c.references.table}`);
      }
      if (c.unique && !cons.some((x) => x.unique && x.columns.length === 1 && x.columns[0] === c.name)) diffs.push(`${spec.name}.${c.name}: not unique`);
    }
    for (const name of cols.keys()) if (!spec.columns.some((c) => c.name === name)) diffs.push(`unexpected column ${spec.name}.${name}`);
    for (const idx of spec.indexes ?? []) {
      if (!cons.some((x) => x.name === idx.name)) diffs.push(`${spec.name}: missing index ${idx.name}`);
    }
    for (const c of spec.constraints ?? []) {
      if (!cons.some((x) => x.name === c.name)) diffs.push(`${spec.name}: missing constraint ${c.name}`);
    }
    for (const group of spec.uniqueTogether ?? []) {
      if (!cons.some((x) => x.unique && !x.primaryKey && x.columns.join(',') === group.join(','))) diffs.push(`${spec.name}: missing unique (${group.join(', ')})`);
    }
    const known = new Set([...(spec.indexes ?? []).map((i) => i.name), ...(spec.constraints ?? []).map((c) => c.name)]);
    for (const x of cons) {
      // Named indexes/constraints we did not ask for; generated names (columns, FKs) carry a hash.
      if ((x.check || x.index || x.unique) && !x.primaryKey && !x.foreignKey && !known.has(x.name) && /_(idx|chk|uniq)$/.test(x.name) && !/_[0-9a-f]{8}_/.test(x.name)) {
        diffs.push(`${spec.name}: unexpected ${x.name}`);
      }
    }
  }
  return diffs;
}
