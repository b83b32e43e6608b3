// `reinhardt/test`: helpers for users' tests — test databases, per-test rollback, query counting.
export { testDatabases, setupTestDatabase, useTestDatabase, inTestTransaction, type TestDatabase, type TestDatabaseHandle, type TestDatabaseKey } from './databases.ts';
export { assertNumQueries, captureQueries, detectNPlusOne, QueryCountError, type CapturedQuery, type NPlusOneReport } from '../db/models/query-debug.ts';
export { overrideSettings } from '../conf/settings.ts';
