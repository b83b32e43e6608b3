// SQLite introspection through the pragma table-valued functions (table names are bound
// parameters) plus a small parser of the CREATE TABLE text for constraint names, which
// SQLite does not expose elsewhere.
import { BaseDatabaseIntrospection } from '../base/introspection.ts';
import type { ColumnInfo, ConstraintInfo, TableInfo } from '../base/introspection.ts';

/** Split `a, b (c, d), 'e,f'` at top-level commas. */
function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(body.slice(start).trim());
  return out.filter(Boolean);
}

const unquote = (s: string): string => s.replace(/^["`[]|["`\]]$/g, '');
const NAME = String.raw`("[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|\w+)`;

/** Return the text inside the balanced parentheses that open at `s[open]`. */
function balanced(s: string, open: number): string {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return s.slice(open + 1, i);
  }
  return s.slice(open + 1);
}

/**
 * Read the live SQLite schema.
 *
 * @example
 * await conn.introspection.getConstraints('polls_choice') // { polls_choice_question_id_..._fk_...: { foreignKey: { table: 'polls_question', column: 'id' }, ... } }
 */
export class SqliteIntrospection extends BaseDatabaseIntrospection {
  async getTables(): Promise<TableInfo[]> {
    const r = await this.connection.query(
      "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    );
    return r.rows.map(([name, type]) => ({ name: String(name), type: type === 'view' ? 'view' : 'table' }));
  }

  async #createSql(table: string): Promise<string> {
    const r = await this.connection.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
    return String(r.rows[0]?.[0] ?? '');
  }

  async getColumns(table: string): Promise<ColumnInfo[]> {
    const r = await this.connection.query('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid', [table]);
    const createSql = await this.#createSql(table);
    const auto = /AUTOINCREMENT/i.test(createSql);
    // JSONField columns are text with a JSON_VALID check (as Django makes them).
    const jsonCols = new Set([...createSql.matchAll(/JSON_VALID\(\s*["`]?(\w+)["`]?\s*\)/gi)].map((m) => m[1]!));
    return r.rows.map(([name, type, notnull, dflt, pk]) => {
      const dataType = String(type);
      const primaryKey = Number(pk) > 0;
      const autoIncrement = primaryKey && /^integer$/i.test(dataType) && auto;
      const m = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(dataType);
      const info: ColumnInfo = {
        name: String(name),
        dataType,
        internalType: jsonCols.has(String(name)) ? 'JSONField' : this.dataTypeToInternal(dataType, { autoIncrement, primaryKey }),
        null: Number(notnull) === 0 && !primaryKey,
        default: dflt === null ? null : String(dflt),
        primaryKey,
        autoIncrement,
      };
      if (m && /char/i.test(dataType)) info.maxLength = Number(m[1]);
      if (m && /decimal|numeric/i.test(dataType)) {
        info.maxDigits = Number(m[1]);
        if (m[2] !== undefined) info.decimalPlaces = Number(m[2]);
      }
      return info;
    });
  }

  protected dataTypeToInternal(dataType: string, column: { autoIncrement?: boolean; primaryKey?: boolean }): string {
    const t = dataType.toLowerCase().replace(/\(.*\)/, '').trim();
    if (column.autoIncrement) return 'AutoField';
    const map: Record<string, string> = {
      bool: 'BooleanField', boolean: 'BooleanField', smallint: 'SmallIntegerField',
      'smallint unsigned': 'PositiveSmallIntegerField', 'integer unsigned': 'PositiveIntegerField',
      'bigint unsigned': 'PositiveBigIntegerField', integer: 'IntegerField', int: 'IntegerField',
      bigint: 'BigIntegerField', 'decimal': 'DecimalField', numeric: 'DecimalField', real: 'FloatField',
      'double precision': 'FloatField', float: 'FloatField', text: 'TextField', 'char': 'CharField',
      varchar: 'CharField', 'varchar2': 'CharField', nvarchar: 'CharField', blob: 'BinaryField',
      date: 'DateField', datetime: 'DateTimeField', timestamp: 'DateTimeField', time: 'TimeField',
      json: 'JSONField',
    };
    return map[t] ?? 'TextField';
  }

  async getConstraints(table: string): Promise<Record<string, ConstraintInfo>> {
    const out: Record<string, ConstraintInfo> = {};
    const createSql = await this.#createSql(table);
    const open = createSql.indexOf('(');
    const defs = open >= 0 ? splitTopLevel(balanced(createSql, open)) : [];
    const fkNames = new Map<string, string>();
    const uniqueNames = new Map<string, string>();
    for (const def of defs) {
      const tableLevel = new RegExp(`^CONSTRAINT\\s+${NAME}\\s+(UNIQUE|CHECK|FOREIGN\\s+KEY|PRIMARY\\s+KEY)\\s*`, 'i').exec(def);
      if (tableLevel) {
        const name = unquote(tableLevel[1]!);
        const kind = tableLevel[2]!.toUpperCase().replace(/\s+/g, ' ');
        const inner = balanced(def, tableLevel[0].length + def.slice(tableLevel[0].length).indexOf('('));
        if (kind === 'CHECK') {
          out[name] = { name, columns: [], primaryKey: false, unique: false, index: false, check: true, foreignKey: null, definition: inner };
        } else if (kind === 'UNIQUE') {
          uniqueNames.set(splitTopLevel(inner).map(unquote).join(','), name);
        } else if (kind === 'FOREIGN KEY') {
          fkNames.set(unquote(splitTopLevel(inner)[0] ?? ''), name);
        }
        continue;
      }
      const colMatch = new RegExp(`^${NAME}`).exec(def);
      if (!colMatch) continue;
      const column = unquote(colMatch[1]!);
      const re = new RegExp(`CONSTRAINT\\s+${NAME}\\s+(UNIQUE|CHECK|REFERENCES)`, 'gi');
      for (let m = re.exec(def); m; m = re.exec(def)) {
        const name = unquote(m[1]!);
        const kind = m[2]!.toUpperCase();
        if (kind === 'UNIQUE') uniqueNames.set(column, name);
        else if (kind === 'REFERENCES') fkNames.set(column, name);
        else {
          const p = def.indexOf('(', m.index + m[0].length - 1);
          out[name] = { name, columns: [column], primaryKey: false, unique: false, index: false, check: true, foreignKey: null, definition: balanced(def, p) };
        }
      }
    }
    const fks = await this.connection.query('SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq', [table]);
    for (const [id, target, from, to] of fks.rows) {
      const name = fkNames.get(String(from)) ?? `fk_${table}_${String(id)}`;
      out[name] = { name, columns: [String(from)], primaryKey: false, unique: false, index: false, check: false, foreignKey: { table: String(target), column: String(to) } };
    }
    const indexes = await this.connection.query('SELECT name, "unique", origin, partial FROM pragma_index_list(?)', [table]);
    for (const [iname, unique, origin] of indexes.rows) {
      const cols = await this.connection.query('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [String(iname)]);
      const columns = cols.rows.map((r) => String(r[0]));
      let name = String(iname);
      const isUniqueConstraint = origin === 'u';
      if (isUniqueConstraint) name = uniqueNames.get(columns.join(',')) ?? name;
      if (origin === 'pk') continue;
      const idxSql = await this.connection.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [String(iname)]);
      const text = idxSql.rows[0]?.[0];
      const where = typeof text === 'string' ? /\bWHERE\b([\s\S]*)$/i.exec(text)?.[1]?.trim() ?? null : null;
      out[name] = { name, columns, primaryKey: false, unique: Number(unique) === 1, index: !isUniqueConstraint, check: false, foreignKey: null, definition: where };
    }
    const pk = await this.connection.query('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [table]);
    if (pk.rows.length) {
      out['__primary__'] = { name: '__primary__', columns: pk.rows.map((r) => String(r[0])), primaryKey: true, unique: true, index: false, check: false, foreignKey: null };
    }
    return out;
  }
}
