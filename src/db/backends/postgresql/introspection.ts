// PostgreSQL introspection from pg_catalog (current schema only); table names are bound
// parameters resolved with to_regclass(quote_ident(?)).
import { BaseDatabaseIntrospection } from '../base/introspection.ts';
import type { ColumnInfo, ConstraintInfo, TableInfo } from '../base/introspection.ts';

const TYPE_MAP: Record<string, string> = {
  boolean: 'BooleanField', bytea: 'BinaryField', 'character varying': 'CharField', character: 'CharField',
  text: 'TextField', date: 'DateField', 'timestamp with time zone': 'DateTimeField',
  'timestamp without time zone': 'DateTimeField', 'time without time zone': 'TimeField',
  numeric: 'DecimalField', interval: 'DurationField', 'double precision': 'FloatField', real: 'FloatField',
  integer: 'IntegerField', bigint: 'BigIntegerField', smallint: 'SmallIntegerField', inet: 'GenericIPAddressField',
  jsonb: 'JSONField', json: 'JSONField', uuid: 'UUIDField',
};

/**
 * Read the live PostgreSQL schema.
 *
 * @example
 * await conn.introspection.getColumns('polls_question') // [{ name: 'id', dataType: 'bigint', internalType: 'BigAutoField', autoIncrement: true, ... }]
 */
export class PostgresqlIntrospection extends BaseDatabaseIntrospection {
  async getTables(): Promise<TableInfo[]> {
    const r = await this.connection.query(
      `SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = current_schema() ORDER BY c.relname`,
    );
    return r.rows.map(([name, kind, comment]) => ({ name: String(name), type: kind === 'v' || kind === 'm' ? 'view' : 'table', comment: (comment as string | null) ?? null }));
  }

  async getColumns(table: string): Promise<ColumnInfo[]> {
    const r = await this.connection.query(
      `SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
              a.attidentity, col_description(a.attrelid, a.attnum), co.collname,
              EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY(i.indkey))
       FROM pg_attribute a
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_collation co ON co.oid = a.attcollation AND co.collname <> 'default'
       WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
      [table],
    );
    return r.rows.map(([name, type, nullable, dflt, identity, comment, collation, pk]) => {
      const dataType = String(type);
      const autoIncrement = (identity !== '' && identity !== null) || (typeof dflt === 'string' && dflt.startsWith('nextval('));
      const info: ColumnInfo = {
        name: String(name), dataType,
        internalType: this.dataTypeToInternal(dataType, { autoIncrement, primaryKey: Boolean(pk) }),
        null: Boolean(nullable), default: (dflt as string | null) ?? null, primaryKey: Boolean(pk),
        autoIncrement, comment: (comment as string | null) ?? null, collation: (collation as string | null) ?? null,
      };
      const m = /\((\d+)(?:,\s*(\d+))?\)/.exec(dataType);
      if (m && /char/.test(dataType)) info.maxLength = Number(m[1]);
      if (m && /numeric/.test(dataType)) {
        info.maxDigits = Number(m[1]);
        info.decimalPlaces = Number(m[2] ?? 0);
      }
      return info;
    });
  }

  protected dataTypeToInternal(dataType: string, column: { autoIncrement?: boolean; primaryKey?: boolean }): string {
    const base = dataType.replace(/\(.*?\)/, '').trim();
    if (column.autoIncrement) {
      if (base === 'bigint') return 'BigAutoField';
      if (base === 'smallint') return 'SmallAutoField';
      return 'AutoField';
    }
    return TYPE_MAP[base] ?? 'TextField';
  }

  async getConstraints(table: string): Promise<Record<string, ConstraintInfo>> {
    const out: Record<string, ConstraintInfo> = {};
    const cons = await this.connection.query(
      `SELECT c.conname, c.contype, fc.relname, fa.attname, pg_get_constraintdef(c.oid),
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)
       FROM pg_constraint c
       LEFT JOIN pg_class fc ON fc.oid = c.confrelid
       LEFT JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
       WHERE c.conrelid = to_regclass(quote_ident(?))`,
      [table],
    );
    for (const [name, type, ftable, fcol, def, cols] of cons.rows) {
      const n = String(name);
      out[n] = {
        name: n, columns: (cols as string[]) ?? [], primaryKey: type === 'p', unique: type === 'p' || type === 'u',
        index: false, check: type === 'c', foreignKey: type === 'f' ? { table: String(ftable), column: String(fcol) } : null,
        definition: type === 'c' ? String(def).replace(/^CHECK \(|\)$/g, '') : null,
      };
    }
    const idx = await this.connection.query(
      `SELECT ic.relname, i.indisunique, i.indisprimary, pg_get_expr(i.indpred, i.indrelid),
              ARRAY(SELECT COALESCE(a.attname::text, '') FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indrelid = to_regclass(quote_ident(?))`,
      [table],
    );
    for (const [name, unique, primary, pred, cols] of idx.rows) {
      const n = String(name);
      if (out[n]) continue; // the index behind a PK/unique constraint
      out[n] = {
        name: n, columns: ((cols as string[]) ?? []).filter(Boolean), primaryKey: Boolean(primary), unique: Boolean(unique),
        index: true, check: false, foreignKey: null, definition: (pred as string | null) ?? null,
      };
    }
    return out;
  }

  override async getSequences(table: string): Promise<Array<{ table: string; column: string; name: string }>> {
    const r = await this.connection.query(
      `SELECT a.attname, pg_get_serial_sequence(quote_ident(?), a.attname) FROM pg_attribute a
       WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped
         AND pg_get_serial_sequence(quote_ident(?), a.attname) IS NOT NULL`,
      [table, table, table],
    );
    return r.rows.map(([column, name]) => ({ table, column: String(column), name: String(name) }));
  }
}
