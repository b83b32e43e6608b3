// MySQL/MariaDB introspection from information_schema (current database), table names bound.
import { BaseDatabaseIntrospection } from '../base/introspection.ts';
import type { ColumnInfo, ConstraintInfo, TableInfo } from '../base/introspection.ts';

const TYPE_MAP: Record<string, string> = {
  tinyint: 'IntegerField', smallint: 'SmallIntegerField', mediumint: 'IntegerField', int: 'IntegerField',
  integer: 'IntegerField', bigint: 'BigIntegerField', decimal: 'DecimalField', numeric: 'DecimalField',
  float: 'FloatField', double: 'FloatField', char: 'CharField', varchar: 'CharField', text: 'TextField',
  tinytext: 'TextField', mediumtext: 'TextField', longtext: 'TextField', blob: 'BinaryField',
  tinyblob: 'BinaryField', mediumblob: 'BinaryField', longblob: 'BinaryField', binary: 'BinaryField',
  varbinary: 'BinaryField', date: 'DateField', datetime: 'DateTimeField', timestamp: 'DateTimeField',
  time: 'TimeField', json: 'JSONField', year: 'IntegerField', bit: 'BooleanField', enum: 'CharField',
};

/**
 * Read the live MySQL/MariaDB schema.
 *
 * @example
 * await conn.introspection.getColumns('polls_question') // [{ name: 'id', dataType: 'bigint(20)', internalType: 'BigAutoField', ... }]
 */
export class MysqlIntrospection extends BaseDatabaseIntrospection {
  async getTables(): Promise<TableInfo[]> {
    const r = await this.connection.query(
      `SELECT table_name, table_type, table_comment FROM information_schema.tables
       WHERE table_schema = DATABASE() ORDER BY table_name`,
    );
    return r.rows.map(([name, type, comment]) => ({ name: String(name), type: String(type).includes('VIEW') ? 'view' : 'table', comment: comment ? String(comment) : null }));
  }

  async getColumns(table: string): Promise<ColumnInfo[]> {
    const r = await this.connection.query(
      `SELECT column_name, column_type, data_type, is_nullable, column_default, column_key, extra,
              character_maximum_length, numeric_precision, numeric_scale, collation_name, column_comment
       FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?
       ORDER BY ordinal_position`,
      [table],
    );
    // MariaDB stores JSON as LONGTEXT with a JSON_VALID check; find those columns.
    const checks = await this.connection.query(
      `SELECT check_clause FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND table_name = ?`,
      [table],
    ).catch(() => ({ columns: [], rows: [] as unknown[][] }));
    const jsonCols = new Set<string>();
    for (const [clause] of checks.rows) {
      const m = /json_valid\(`?(\w+)`?\)/i.exec(String(clause));
      if (m) jsonCols.add(m[1]!);
    }
    return r.rows.map(([name, columnType, dataType, nullable, dflt, key, extra, maxLen, precision, scale, collation, comment]) => {
      const autoIncrement = String(extra).includes('auto_increment');
      const ct = String(columnType);
      const info: ColumnInfo = {
        name: String(name), dataType: ct,
        internalType: jsonCols.has(String(name)) ? 'JSONField' : this.dataTypeToInternal(ct, { autoIncrement, primaryKey: key === 'PRI' }),
        null: nullable === 'YES', default: dflt === null || dflt === 'NULL' ? null : String(dflt), primaryKey: key === 'PRI',
        autoIncrement, collation: (collation as string | null) ?? null, comment: comment ? String(comment) : null,
      };
      if (maxLen !== null && /char/.test(String(dataType))) info.maxLength = Number(maxLen);
      if (/decimal|numeric/.test(String(dataType))) {
        info.maxDigits = Number(precision);
        info.decimalPlaces = Number(scale);
      }
      return info;
    });
  }

  protected dataTypeToInternal(dataType: string, column: { autoIncrement?: boolean; primaryKey?: boolean }): string {
    const t = dataType.toLowerCase();
    const base = t.replace(/\(.*?\)/, '').replace(/\s*unsigned.*/, '').trim();
    const unsigned = t.includes('unsigned');
    if (column.autoIncrement) return base === 'bigint' ? 'BigAutoField' : base === 'smallint' ? 'SmallAutoField' : 'AutoField';
    if (t === 'tinyint(1)') return 'BooleanField';
    if (unsigned) {
      if (base === 'bigint') return 'PositiveBigIntegerField';
      if (base === 'smallint' || base === 'tinyint') return 'PositiveSmallIntegerField';
      return 'PositiveIntegerField';
    }
    return TYPE_MAP[base] ?? 'TextField';
  }

  async getConstraints(table: string): Promise<Record<string, ConstraintInfo>> {
    const out: Record<string, ConstraintInfo> = {};
    const kc = await this.connection.query(
      `SELECT kc.constraint_name, kc.column_name, kc.referenced_table_name, kc.referenced_column_name, tc.constraint_type
       FROM information_schema.key_column_usage kc
       JOIN information_schema.table_constraints tc
         ON tc.constraint_schema = kc.constraint_schema AND tc.table_name = kc.table_name AND tc.constraint_name = kc.constraint_name
       WHERE kc.table_schema = DATABASE() AND kc.table_name = ?
       ORDER BY kc.constraint_name, kc.ordinal_position`,
      [table],
    );
    for (const [name, column, rtable, rcolumn, type] of kc.rows) {
      const n = String(name);
      const entry = (out[n] ??= {
        name: n, columns: [], primaryKey: type === 'PRIMARY KEY', unique: type === 'PRIMARY KEY' || type === 'UNIQUE',
        index: false, check: false, foreignKey: type === 'FOREIGN KEY' ? { table: String(rtable), column: String(rcolumn) } : null,
      });
      entry.columns.push(String(column));
    }
    const checks = await this.connection.query(
      `SELECT constraint_name, check_clause FROM information_schema.check_constraints
       WHERE constraint_schema = DATABASE() AND table_name = ?`,
      [table],
    ).catch(() => ({ columns: [], rows: [] as unknown[][] }));
    for (const [name, clause] of checks.rows) {
      const n = String(name);
      const cols = [...String(clause).matchAll(/`(\w+)`/g)].map((m) => m[1]!);
      out[n] = { name: n, columns: [...new Set(cols)], primaryKey: false, unique: false, index: false, check: true, foreignKey: null, definition: String(clause) };
    }
    const idx = await this.connection.query(
      `SELECT index_name, column_name, non_unique FROM information_schema.statistics
       WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index`,
      [table],
    );
    for (const [name, column, nonUnique] of idx.rows) {
      const n = String(name);
      const existing = out[n];
      if (existing && (existing.primaryKey || existing.unique)) continue;
      if (n === 'PRIMARY') continue;
      const entry = (out[n] ??= { name: n, columns: [], primaryKey: false, unique: Number(nonUnique) === 0, index: true, check: false, foreignKey: null });
      if (entry.foreignKey) continue; // the index MySQL made for a foreign key shares its name
      if (column !== null) entry.columns.push(String(column));
    }
    return out;
  }
}
