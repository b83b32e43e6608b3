// The query specification a QuerySet carries: what was asked (filters, annotations, ordering,
// slicing, values, select/prefetch related), kept as plain data. It is resolved against the
// model and compiled into the SQL tree only when the QuerySet runs (query-builder.ts), so
// querysets compose freely (subqueries, OuterRef) and cloning is cheap.
import type { Expression, OrderBy } from './expressions.ts';
import type { QObject } from './query-utils.ts';
import type { ModelClass } from './model.ts';

/** One annotate()/alias() entry. */
export interface AnnotationSpec {
  name: string;
  expr: Expression;
  /** False for alias(): usable in filters/ordering but not selected. */
  select: boolean;
}

/** The result shape a QuerySet produces. */
export type ResultMode = 'models' | 'values' | 'list' | 'flat';

// A new Query starts with these shared, frozen empty lists (a manager makes one per call, as in
// `Question.objects.get(...)`); clone() gives each copy its own lists to change.
const NO_FILTERS: Query['filters'] = Object.freeze([]) as never;
const NO_ANNOTATIONS: AnnotationSpec[] = Object.freeze([]) as never;
const NO_ITEMS: never[] = Object.freeze([]) as never;

/**
 * The plain description of a query. Never mutated after a QuerySet hands it out; a new one's
 * lists are shared and frozen, so change lists only on a clone() (or assign new ones).
 */
export class Query {
  readonly model: ModelClass;
  /** Each entry is one filter()/exclude() call (multi-valued joins are not shared across calls). */
  filters: { cond: QObject | Expression; negated: boolean }[] = NO_FILTERS;
  annotations: AnnotationSpec[] = NO_ANNOTATIONS;
  /** Explicit ordering; null = the model's Meta.ordering. */
  order: (string | OrderBy)[] | null = null;
  /** reverse() flips every ordering term. */
  reversed = false;
  distinct = false;
  distinctFields: string[] = NO_ITEMS;
  limit: number | null = null;
  offset = 0;
  mode: ResultMode = 'models';
  /** Names selected by values()/valuesList(). */
  valueNames: string[] | null = null;
  selectRelated: string[] | true | null = null;
  prefetch: unknown[] = NO_ITEMS;
  only: string[] | null = null;
  defer: string[] = NO_ITEMS;
  forUpdate: { nowait: boolean; skipLocked: boolean; of: string[] } | null = null;
  combinator: { op: 'UNION' | 'INTERSECT' | 'EXCEPT'; all: boolean; others: Query[] } | null = null;
  empty = false;
  using: string | null = null;
  /** An aggregate was annotated before values(): group by the row (pk), like Django. */
  groupByPk = false;
  /** Reuse multi-valued joins across filter calls (prefetch of many-to-many). */
  shareMultiJoins = false;
  /** Compiled SQL per connection alias (valid because a handed-out Query never changes). */
  cache: Map<string, unknown> | null = null;

  constructor(model: ModelClass) {
    this.model = model;
  }

  /** Return a copy whose lists may be changed without touching this one. */
  clone(): Query {
    const q = new Query(this.model);
    q.filters = this.filters.slice();
    q.annotations = this.annotations.slice();
    q.order = this.order ? this.order.slice() : null;
    q.reversed = this.reversed;
    q.distinct = this.distinct;
    q.distinctFields = this.distinctFields;
    q.limit = this.limit;
    q.offset = this.offset;
    q.mode = this.mode;
    q.valueNames = this.valueNames;
    q.selectRelated = this.selectRelated;
    q.prefetch = this.prefetch.slice();
    q.only = this.only;
    q.defer = this.defer;
    q.forUpdate = this.forUpdate;
    q.combinator = this.combinator;
    q.empty = this.empty;
    q.using = this.using;
    q.shareMultiJoins = this.shareMultiJoins;
    q.groupByPk = this.groupByPk;
    return q;
  }

  /** True when the query is sliced (limit or offset). */
  get isSliced(): boolean {
    return this.limit !== null || this.offset > 0;
  }

  /** True when an annotation aggregates rows. */
  get hasAggregate(): boolean {
    return this.annotations.some((a) => a.expr.containsAggregate);
  }
}
