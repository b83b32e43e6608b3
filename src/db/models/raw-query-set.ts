// Raw SQL mapped onto model instances (Manager.raw). The SQL is the caller's own; values must
// still be passed as parameters.
import { getConnection, dbForRead } from './db-access.ts';
import { converterFor } from './query-builder.ts';
import { STATE, type ModelClass } from './model.ts';

/**
 * The result of `Manager.raw()`: thenable; columns named like fields (or their columns) fill
 * instance attributes, other columns become extra attributes.
 */
export class RawQuerySet<M> implements PromiseLike<M[]> {
  readonly model: ModelClass;
  readonly sql: string;
  readonly params: unknown[];
  readonly using: string | null;

  constructor(model: ModelClass, sql: string, params: unknown[], using: string | null) {
    this.model = model;
    this.sql = sql;
    this.params = params;
    this.using = using;
  }

  async #run(): Promise<M[]> {
    const alias = dbForRead(this.model, this.using);
    const conn = getConnection(alias);
    const { columns, rows } = await conn.query(this.sql, this.params);
    const meta = this.model.meta;
    const map = columns.map((c) => {
      const f = meta.concreteFields.find((x) => x.column === c || x.attname === c || x.name === c);
      return f ? { attr: f.attname, conv: converterFor(conn, f.valueType, f) } : { attr: c, conv: null };
    });
    return rows.map((row) => {
      const inst = Object.create(this.model.prototype) as Record<string | symbol, unknown>;
      inst[STATE] = { adding: false, db: alias, cache: {}, prefetched: {} };
      map.forEach((m, i) => { inst[m.attr] = m.conv ? m.conv(row[i]) : row[i]; });
      return inst as M;
    });
  }

  then<T1 = M[], T2 = never>(ok?: ((v: M[]) => T1 | PromiseLike<T1>) | null, err?: ((e: unknown) => T2 | PromiseLike<T2>) | null): Promise<T1 | T2> {
    return this.#run().then(ok, err);
  }
}
