// Query diagnostics: count the queries a block runs (tests: assertNumQueries) and, in DEBUG,
// report N+1 patterns: a relation loaded row by row from the same line of code.
import { ScopedContext } from '../backends/base/async-context.ts';
import { settings } from '../../conf/index.ts';
import { getConnection } from './db-access.ts';
import { querySetHooks } from './query-set.ts';
import { STATE, type Model, type ModelClass } from './model.ts';
import { ReinhardtError } from '../../core/exceptions.ts';

/** One statement seen by `captureQueries`. */
export interface CapturedQuery {
  sql: string;
  params: readonly unknown[];
  durationMs: number;
}

/**
 * Run `fn` and return its result with every statement it ran on `using`.
 *
 * @example
 * const { queries } = await captureQueries(() => Book.objects.selectRelated('author'));
 * queries.length  // 1
 */
export async function captureQueries<T>(fn: () => Promise<T> | T, options: { using?: string } = {}): Promise<{ result: T; queries: CapturedQuery[] }> {
  const conn = getConnection(options.using ?? 'default');
  const queries: CapturedQuery[] = [];
  const off = conn.addQueryListener((e) => queries.push({ sql: e.sql, params: e.params, durationMs: e.durationMs }));
  try {
    return { result: await fn(), queries };
  } finally {
    off();
  }
}

/** Raise when a block ran a different number of queries than expected. */
export class QueryCountError extends ReinhardtError {
  readonly queries: CapturedQuery[];
  constructor(message: string, queries: CapturedQuery[]) {
    super(message, 'db.query_count');
    this.queries = queries;
  }
}

/**
 * Run `fn` and throw `QueryCountError` (listing the SQL) unless it ran exactly `expected` queries.
 *
 * @example
 * await assertNumQueries(2, async () => { for (const a of await Author.objects.prefetchRelated('books')) await a.books.all(); });
 */
export async function assertNumQueries<T>(expected: number, fn: () => Promise<T> | T, options: { using?: string } = {}): Promise<T> {
  const { result, queries } = await captureQueries(fn, options);
  if (queries.length !== expected) {
    throw new QueryCountError(
      `${queries.length} queries executed, ${expected} expected. Captured queries were:\n${queries.map((q, i) => `${i + 1}. ${q.sql}`).join('\n')}`,
      queries,
    );
  }
  return result;
}

/** An N+1 report: the relation, where it was loaded from, and how often. */
export interface NPlusOneReport {
  model: string;
  relation: string;
  location: string;
  count: number;
  message: string;
}

type Reporter = (report: NPlusOneReport) => void;
let reporter: Reporter = (r) => console.warn(`[reinhardt] ${r.message}`);
// Tracked only while a detectNPlusOne() run is open (see ScopedContext: Node 20's promise hooks).
const collector = new ScopedContext<{ reports: NPlusOneReport[]; seen: Map<string, { count: number; first: number; reported: boolean }> }>();
const seen = new Map<string, { count: number; first: number; reported: boolean }>();
const THRESHOLD = 3;
const WINDOW_MS = 2000;

/** Replace how N+1 reports are delivered (default: console.warn). */
export function setNPlusOneReporter(fn: Reporter): void {
  reporter = fn;
}

/** Run `fn` and return the N+1 reports it caused (reported even when DEBUG is off). */
export async function detectNPlusOne<T>(fn: () => Promise<T> | T): Promise<{ result: T; reports: NPlusOneReport[] }> {
  const reports: NPlusOneReport[] = [];
  const result = await collector.run({ reports, seen: new Map() }, fn);
  return { result, reports };
}

/** Return where user code called into the ORM (first stack frame outside src/db). */
export function callSite(): string {
  const stack = new Error().stack?.split('\n').slice(2) ?? [];
  for (const line of stack) {
    if (/[\\/]src[\\/]db[\\/]|node:internal|node_modules/.test(line)) continue;
    const m = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/.exec(line);
    if (m) return m[1]!;
  }
  return 'unknown location';
}

function debugOn(): boolean {
  try {
    return settings.DEBUG === true;
  } catch {
    return false;
  }
}

/** Whether relation loads are being watched (DEBUG or inside detectNPlusOne). */
export function watchingRelations(): boolean {
  return collector.getStore() !== undefined || debugOn();
}

querySetHooks.watching = watchingRelations;
querySetHooks.callSite = callSite;
querySetHooks.trackRelationLoad = (instance: Model, name: string, site?: string) => {
  const local = collector.getStore();
  if (!local && !debugOn()) return;
  const model = (instance.constructor as ModelClass).meta.label;
  const location = site ?? callSite();
  const key = `${model}.${name}@${location}`;
  const now = Date.now();
  const map = local?.seen ?? seen;
  let s = map.get(key);
  if (!s || now - s.first > WINDOW_MS) {
    s = { count: 0, first: now, reported: false };
    map.set(key, s);
  }
  s.count++;
  if (s.count >= THRESHOLD && !s.reported) {
    s.reported = true;
    const report: NPlusOneReport = {
      model, relation: name, location, count: s.count,
      message: `Possible N+1 query: ${model}.${name} is loaded one row at a time at ${location}; use selectRelated('${name}') or prefetchRelated('${name}') on the queryset`,
    };
    if (local) local.reports.push(report);
    else reporter(report);
  }
  void STATE;
};
