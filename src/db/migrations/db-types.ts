// The slice of the database layer that migrations drive: the connection, its schema editor and
// the table/column specs, re-exported from the backends so migrations name one set of types.

import type { BaseDatabaseWrapper } from '../backends/base/base.ts';
import type { ColumnSpec as BaseColumnSpec, IndexSpec as BaseIndexSpec } from '../backends/base/schema-spec.ts';

export type { ConstraintSpec, TableSpec } from '../backends/base/schema-spec.ts';
export type ColumnSpec = BaseColumnSpec;

/** An index spec (`orders` marks descending columns, parallel to `columns`). */
export type IndexSpec = BaseIndexSpec;

/** The connection migrations run on. */
export type MigrationConnection = BaseDatabaseWrapper;
