// MySQL/MariaDB DDL: AUTO_INCREMENT, MODIFY for column changes, DROP FOREIGN KEY / DROP INDEX
// for named constraints, inline COMMENT. DDL commits implicitly: nothing here rolls back.
import { BaseDatabaseSchemaEditor } from '../base/schema.ts';
import type { ColumnSpec, TableSpec } from '../base/schema.ts';

/**
 * The MySQL/MariaDB schema editor.
 *
 * Differs from Django: conditional unique constraints and partial indexes are refused with a
 * NotSupportedError (Django silently skips them on MySQL).
 *
 * @example
 * await conn.schemaEditor().alterColumn(spec, oldCol, { ...oldCol, maxLength: 300 })
 * // ALTER TABLE `polls_question` MODIFY `question_text` varchar(300) NOT NULL
 */
export class MysqlSchemaEditor extends BaseDatabaseSchemaEditor {
  protected override dataTypes: Record<string, string> = {
    AutoField: 'integer', BigAutoField: 'bigint', SmallAutoField: 'smallint',
    BinaryField: 'longblob', BooleanField: 'bool', CharField: 'varchar(%(maxLength)s)',
    DateField: 'date', DateTimeField: 'datetime(6)', DecimalField: 'numeric(%(maxDigits)s, %(decimalPlaces)s)',
    DurationField: 'bigint', FileField: 'varchar(%(maxLength)s)', FilePathField: 'varchar(%(maxLength)s)',
    FloatField: 'double precision', IntegerField: 'integer', BigIntegerField: 'bigint',
    IPAddressField: 'char(15)', GenericIPAddressField: 'char(39)', JSONField: 'json',
    PositiveBigIntegerField: 'bigint UNSIGNED', PositiveIntegerField: 'integer UNSIGNED',
    PositiveSmallIntegerField: 'smallint UNSIGNED', SlugField: 'varchar(%(maxLength)s)',
    SmallIntegerField: 'smallint', TextField: 'longtext', TimeField: 'time(6)', UUIDField: 'char(32)',
    EmailField: 'varchar(%(maxLength)s)', URLField: 'varchar(%(maxLength)s)',
  };
  protected override dataTypesSuffix: Record<string, string> = {
    AutoField: 'AUTO_INCREMENT', BigAutoField: 'AUTO_INCREMENT', SmallAutoField: 'AUTO_INCREMENT',
  };
  protected override quoteString(s: string): string {
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  protected override inlineCommentSql(comment: string): string {
    return `COMMENT ${this.quoteString(comment)}`;
  }

  protected override collateSql(collation: string): string {
    return `COLLATE ${this.connection.ops.quoteName(collation, 'collation')}`;
  }

  protected override tableSuffixSql(spec: TableSpec): string {
    return spec.comment ? ` COMMENT=${this.quoteString(spec.comment)}` : '';
  }

  protected override dropTableSuffix(): string {
    return '';
  }

  protected override dropColumnSuffix(): string {
    return '';
  }

  protected override async dropForeignKeyNamed(table: string, name: string): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table)} DROP FOREIGN KEY ${this.q(name)}`);
  }

  protected override async dropUniqueNamed(table: string, name: string): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table)} DROP INDEX ${this.q(name)}`);
  }

  protected override async dropIndexNamed(table: string, name: string): Promise<void> {
    await this.executeSql(`DROP INDEX ${this.q(name)} ON ${this.q(table)}`);
  }

  override async renameIndex(table: TableSpec, oldName: string, newName: string): Promise<void> {
    await this.beforeChange();
    await this.executeSql(`ALTER TABLE ${this.q(table.name)} RENAME INDEX ${this.q(oldName)} TO ${this.q(newName)}`);
  }

  protected override async alterColumnDefinition(table: string, oldCol: ColumnSpec, newCol: ColumnSpec): Promise<void> {
    const parts = [this.q(newCol.name), this.columnType(newCol)];
    if (newCol.collation) parts.push(this.collateSql(newCol.collation));
    if (newCol.dbDefault) parts.push(`DEFAULT ${this.defaultSql(newCol.dbDefault)}`);
    parts.push(newCol.null && !newCol.primaryKey ? 'NULL' : 'NOT NULL');
    const suffix = this.dataTypesSuffix[newCol.internalType];
    if (suffix && newCol.primaryKey) parts.push(suffix);
    if (newCol.comment) parts.push(this.inlineCommentSql(newCol.comment));
    void oldCol;
    await this.executeSql(`ALTER TABLE ${this.q(table)} MODIFY ${parts.join(' ')}`);
  }
}
