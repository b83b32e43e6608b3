// Historical models for RunCode: each model as it was at that point of the migration history,
// with a small row API over its table (all, create, update, delete), so a data migration never
// depends on today's model classes.

import type { MigrationConnection } from './db-types.ts';
import { isManyToMany } from './descriptions.ts';
import type { HistoricalApps, HistoricalModel } from './operations/base.ts';
import { splitModelRef, type ModelState, type ProjectState } from './state.ts';
import { columnName, columnSpecFor } from './table-spec.ts';

function historicalModel(connection: MigrationConnection, state: ProjectState, model: ModelState): HistoricalModel {
  const q = (n: string) => connection.ops.quoteName(n);
  const columns: Record<string, string> = {};
  const types: Record<string, string> = {};
  for (const [name, field] of model.fields) {
    if (isManyToMany(field)) continue;
    columns[name] = columnName(name, field)!;
    types[name] = columnSpecFor(state, model, name, q).internalType;
  }
  // Values go through the backend's converters, so dates, decimals and booleans round-trip.
  const adapt = (field: string, value: unknown) => (value === null || value === undefined ? value : connection.ops.adaptValue(types[field]!, value));
  const convert = (field: string, value: unknown) => (value === null || value === undefined ? value : connection.ops.convertValue(types[field]!, value));
  const names = Object.keys(columns);
  const col = (field: string): string => {
    const c = columns[field];
    if (c === undefined) throw new Error(`${model.appLabel}.${model.name} (historical) has no field '${field}'; fields: ${names.join(', ')}`);
    return q(c);
  };
  const where = (w: Record<string, unknown>): [string, unknown[]] => {
    const keys = Object.keys(w);
    if (!keys.length) return ['', []];
    return [` WHERE ${keys.map((k) => (w[k] === null ? `${col(k)} IS NULL` : `${col(k)} = ?`)).join(' AND ')}`, keys.filter((k) => w[k] !== null).map((k) => adapt(k, w[k]))];
  };
  const table = q(model.dbTable);
  return {
    appLabel: model.appLabel,
    name: model.name,
    table: model.dbTable,
    columns,
    async all() {
      const r = await connection.query(`SELECT ${names.map(col).join(', ')} FROM ${table}`);
      return r.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, convert(n, row[i])])));
    },
    async create(values) {
      const keys = Object.keys(values);
      const sql = `INSERT INTO ${table} (${keys.map(col).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`;
      const params = keys.map((k) => adapt(k, values[k]));
      const pk = model.pkName;
      if (values[pk] !== undefined) {
        await connection.execute(sql, params);
        return { ...values };
      }
      // Hand the new primary key back so a data migration can create related rows.
      if (connection.features.supportsReturning) {
        const r = await connection.query(`${sql} RETURNING ${col(pk)}`, params);
        return { ...values, [pk]: convert(pk, r.rows[0]?.[0]) };
      }
      const r = await connection.execute(sql, params);
      return { ...values, [pk]: r.lastInsertId === undefined ? undefined : convert(pk, r.lastInsertId) };
    },
    async update(w, values) {
      const keys = Object.keys(values);
      const [sql, params] = where(w);
      const r = await connection.execute(`UPDATE ${table} SET ${keys.map((k) => `${col(k)} = ?`).join(', ')}${sql}`, [...keys.map((k) => adapt(k, values[k])), ...params]);
      return r.rowCount;
    },
    async delete(w) {
      const [sql, params] = where(w);
      return (await connection.execute(`DELETE FROM ${table}${sql}`, params)).rowCount;
    },
  };
}

/**
 * Return the historical models of a project state on a connection.
 *
 * @example
 * const Question = historicalApps(conn, state).getModel('polls.Question');
 * await Question.update({ id: 1 }, { questionText: 'Hi' });
 */
export function historicalApps(connection: MigrationConnection, state: ProjectState): HistoricalApps {
  return {
    state,
    getModel(ref: string) {
      const [app, name] = splitModelRef(ref, '');
      return historicalModel(connection, state, state.getModel(app, name));
    },
  };
}
