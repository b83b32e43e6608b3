// Adapt a connection's schema editor to the SchemaActions operations call: table specs in,
// the editor's name-based calls out.

import type { BaseDatabaseSchemaEditor } from '../backends/base/schema.ts';
import type { MigrationConnection } from './db-types.ts';
import type { SchemaActions } from './operations/base.ts';

/**
 * Return SchemaActions that drive `editor` (which runs or collects the DDL).
 *
 * @example
 * const actions = schemaActions(conn, conn.schemaEditor({ collectSql: true }));
 * await actions.deleteTable(spec); // DROP TABLE "polls_question"
 */
export function schemaActions(connection: MigrationConnection, editor: BaseDatabaseSchemaEditor): SchemaActions {
  return {
    createTable: (table) => editor.createTable(table),
    deleteTable: (table) => editor.deleteTable(table.name),
    // Queued foreign keys name tables and columns: add them before a rename changes the names.
    renameTable: async (table, newName) => {
      await editor.flushDeferred();
      await editor.renameTable(table.name, newName);
    },
    addColumn: (table, column) => editor.addColumn(table, column),
    removeColumn: (table, column) => editor.removeColumn(table, column),
    alterColumn: (table, oldColumn, newColumn) => editor.alterColumn(table, oldColumn, newColumn),
    renameColumn: async (table, oldColumn, newColumn) => {
      await editor.flushDeferred();
      await editor.renameColumn(table, oldColumn.name, newColumn.name);
    },
    addIndex: (table, index) => editor.addIndex(table, index),
    removeIndex: (table, index) => editor.removeIndex(table, index),
    renameIndex: (table, oldName, newName) => editor.renameIndex(table, oldName, newName),
    addConstraint: (table, c) => editor.addConstraint(table, c),
    removeConstraint: (table, c) => editor.removeConstraint(table, c),
    alterUniqueTogether: (table, oldSets, newSets) => editor.alterUniqueTogether(table, oldSets, newSets),
    executeSql: (sql, params = []) => editor.executeSql(sql, params),
    quoteName: (name) => connection.ops.quoteName(name),
  };
}
