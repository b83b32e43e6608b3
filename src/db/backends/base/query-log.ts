// The query log of the current async context: every statement on every connection made while
// `captureQueries()` runs is recorded. Tests count queries with it (assertNumQueries) and the
// request handler can use it for N+1 detection. Carried by AsyncLocalStorage (a ScopedContext,
// tracked only while a capture runs).
import { ScopedContext } from './async-context.ts';
import type { QueryEvent } from './base.ts';

const logStorage = new ScopedContext<QueryEvent[][]>();

/**
 * Record `event` in every capture active in this async context (called by the wrappers).
 *
 * @example
 * logQuery({ alias: 'default', sql: 'SELECT 1', params: [], durationMs: 0.2 })
 */
export function logQuery(event: QueryEvent): void {
  const logs = logStorage.getStore();
  if (logs) for (const log of logs) log.push(event);
}

/**
 * Return true if a capture is active in this async context (cheap check for hot paths).
 *
 * @example
 * await captureQueries(async () => isCapturingQueries()) // result: true
 */
export function isCapturingQueries(): boolean {
  return logStorage.getStore() !== undefined;
}

/**
 * Run `fn` and return its result with every statement it ran (on any alias, including
 * BEGIN/SAVEPOINT/COMMIT), in order. Captures nest: an outer capture also sees the inner one's
 * statements.
 *
 * Differs from Django: `connection.queries` is global and needs DEBUG; this is scoped to the
 * async context, so concurrent requests never mix their logs.
 *
 * @example
 * const { result, queries } = await captureQueries(() => Question.objects.count());
 * queries.length   // 1
 * queries[0].sql   // 'SELECT COUNT(*) AS "__count" FROM "polls_question"'
 */
export async function captureQueries<T>(fn: () => T | Promise<T>): Promise<{ result: T; queries: QueryEvent[] }> {
  const queries: QueryEvent[] = [];
  const outer = logStorage.getStore() ?? [];
  const result = await logStorage.run([...outer, queries], fn);
  return { result, queries };
}
