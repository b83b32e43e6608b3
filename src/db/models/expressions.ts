// Query expressions: F, Value, arithmetic, Func, Case/When, Subquery/OuterRef/Exists,
// aggregates and window functions. Each resolves against a query context into SQL tree
// nodes; names are validated by the context, function names by a strict pattern.
import type { OrderNode, SelectNode, SqlExpr } from '../sql/nodes.ts';
import type { Field } from './fields/field.ts';
import type { QObject } from './query-utils.ts';
import { FieldError } from './errors.ts';

/** What a query offers expressions while they resolve. */
export interface ResolveContext {
  /** Resolve a field path (`author__name`) or annotation name to a column/expression. */
  resolveName(name: string): { expr: SqlExpr; field: Field | null; internalType: string | null; isAggregate: boolean };
  /** Resolve an OuterRef name against the enclosing query. */
  resolveOuter(name: string): { expr: SqlExpr; internalType: string | null };
  /** Build the SELECT of a QuerySet used as a subquery inside this query. */
  subquery(qs: unknown): { node: SelectNode; internalType: string | null };
  /** Resolve a Q condition. */
  resolveCondition(q: QObject): SqlExpr;
  /** Resolve a plain value (model instances become their pk). */
  valueParam(value: unknown, internalType: string | null): SqlExpr;
}

/** The base of every expression. `T` is the JS type of its result (for annotate typing). */
export abstract class Expression<T = unknown> {
  declare readonly $result: T;
  readonly isExpression = true as const;
  /** Whether the expression (or a part of it) aggregates rows. */
  containsAggregate = false;
  /** Whether it is a window function (filtering on it is not allowed). */
  containsWindow = false;

  /** Resolve to an SQL node. */
  abstract resolve(ctx: ResolveContext): SqlExpr;

  /** The internal type of the result, used to convert values read back (null = as is). */
  outputType(_ctx: ResolveContext): string | null {
    return null;
  }

  /**
   * A string naming everything that decides this expression's SQL and output type, for the
   * compiled-query cache (query-shape.ts); null (the default) when there is none and queries
   * using the expression are compiled every time.
   */
  shapeKey(): string | null {
    return null;
  }

  add(other: unknown): Expression<T> { return new CombinedExpression<T>(this, '+', other); }
  sub(other: unknown): Expression<T> { return new CombinedExpression<T>(this, '-', other); }
  mul(other: unknown): Expression<T> { return new CombinedExpression<T>(this, '*', other); }
  div(other: unknown): Expression<T> { return new CombinedExpression<T>(this, '/', other); }
  mod(other: unknown): Expression<T> { return new CombinedExpression<T>(this, '%', other); }

  /** Order ascending by this expression. */
  asc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy { return new OrderBy(this, false, options); }
  /** Order descending by this expression. */
  desc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy { return new OrderBy(this, true, options); }
}

/** Resolve an expression or a plain value. */
export function resolveValue(v: unknown, ctx: ResolveContext, internalType: string | null = null): SqlExpr {
  if (v instanceof Expression) return v.resolve(ctx);
  return ctx.valueParam(v, internalType);
}

/** An ordering term (`F('x').desc({ nullsLast: true })`). */
export class OrderBy {
  readonly expression: Expression;
  readonly descending: boolean;
  readonly nulls: 'first' | 'last' | undefined;
  constructor(expression: Expression, descending: boolean, options: { nullsFirst?: boolean; nullsLast?: boolean } = {}) {
    this.expression = expression;
    this.descending = descending;
    this.nulls = options.nullsFirst ? 'first' : options.nullsLast ? 'last' : undefined;
  }
  resolve(ctx: ResolveContext): OrderNode {
    return { expr: this.expression.resolve(ctx), desc: this.descending, nulls: this.nulls };
  }
}

/**
 * A reference to a field (or annotation) of the row, resolved in SQL.
 *
 * @example
 * Choice.objects.update({ votes: F('votes').add(1) })  // UPDATE ... SET "votes" = ("votes" + ?)
 */
export class FExpr<T = unknown> extends Expression<T> {
  readonly name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
  resolve(ctx: ResolveContext): SqlExpr { return ctx.resolveName(this.name).expr; }
  override outputType(ctx: ResolveContext): string | null {
    const r = ctx.resolveName(this.name);
    return r.field ? r.field.valueType : r.internalType;
  }
  // Subclasses may resolve differently: only F itself has a key.
  override shapeKey(): string | null { return this.constructor === FExpr ? `F${this.name.length}:${this.name}` : null; }
}

/** Refer to a field of the current row: `F('votes')`. */
export function F<T = unknown>(name: string): FExpr<T> {
  return new FExpr<T>(name);
}

/** A literal value bound as a parameter: `Value(1)`. */
export class ValueExpr<T = unknown> extends Expression<T> {
  readonly value: T;
  readonly internalType: string | null;
  constructor(value: T, internalType: string | null = null) {
    super();
    this.value = value;
    this.internalType = internalType;
  }
  resolve(ctx: ResolveContext): SqlExpr { return ctx.valueParam(this.value, this.internalType); }
  override outputType(): string | null { return this.internalType; }
}

/** Bind a literal value: `Value('x')`. */
export function Value<T>(value: T, internalType: string | null = null): ValueExpr<T> {
  return new ValueExpr(value, internalType);
}

/** Arithmetic between two expressions. */
export class CombinedExpression<T = unknown> extends Expression<T> {
  readonly left: Expression;
  readonly op: '+' | '-' | '*' | '/' | '%';
  readonly right: unknown;
  constructor(left: Expression, op: '+' | '-' | '*' | '/' | '%', right: unknown) {
    super();
    this.left = left;
    this.op = op;
    this.right = right;
    this.containsAggregate = left.containsAggregate || (right instanceof Expression && right.containsAggregate);
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return { kind: 'binary', op: this.op, left: this.left.resolve(ctx), right: resolveValue(this.right, ctx, this.left.outputType(ctx)) };
  }
  override outputType(ctx: ResolveContext): string | null { return this.left.outputType(ctx); }
}

const FUNC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A SQL function call. The name must be a plain identifier (checked), arguments are
 * expressions, field names (strings) or values wrapped in `Value`.
 *
 * @example
 * Question.objects.annotate({ n: new Func('ABS', F('votes')) })
 */
export class Func<T = unknown> extends Expression<T> {
  readonly name: string;
  readonly args: Expression[];
  readonly output: string | null;
  constructor(name: string, ...args: (Expression | string)[]) {
    super();
    if (!FUNC_NAME.test(name)) throw new FieldError(`Invalid SQL function name ${JSON.stringify(name)}`, 'db.invalid_function');
    this.name = name.toUpperCase();
    this.args = args.map((a) => (typeof a === 'string' ? F(a) : a));
    this.output = null;
    this.containsAggregate = this.args.some((a) => a.containsAggregate);
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return { kind: 'func', name: this.name, args: this.args.map((a) => a.resolve(ctx)) };
  }
  override outputType(ctx: ResolveContext): string | null {
    return this.output ?? this.args[0]?.outputType(ctx) ?? null;
  }
}

/** A `WHEN condition THEN value` branch of `Case`. */
export class When<T = unknown> {
  readonly condition: QObject | Record<string, unknown>;
  readonly then: unknown;
  declare readonly $result: T;
  constructor(condition: QObject | Record<string, unknown>, then: T | Expression<T>) {
    this.condition = condition;
    this.then = then;
  }
}

/**
 * A conditional expression.
 *
 * @example
 * Client.objects.annotate({ discount: new Case([new When({ accountType: 'G' }, Value(5))], Value(0)) })
 */
export class Case<T = unknown> extends Expression<T> {
  readonly whens: When[];
  readonly otherwise: unknown;
  readonly output: string | null;
  constructor(whens: When<T>[], otherwise: T | Expression<T> | null = null, output: string | null = null) {
    super();
    this.whens = whens as When[];
    this.otherwise = otherwise;
    this.output = output;
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return {
      kind: 'case',
      whens: this.whens.map((w) => ({
        cond: ctx.resolveCondition(isQ(w.condition) ? w.condition : qFrom(w.condition)),
        then: resolveValue(w.then, ctx, this.output),
      })),
      else: this.otherwise === null ? null : resolveValue(this.otherwise, ctx, this.output),
    };
  }
  override outputType(ctx: ResolveContext): string | null {
    if (this.output) return this.output;
    for (const w of this.whens) if (w.then instanceof Expression) return w.then.outputType(ctx);
    return null;
  }
}

let qFactory: (args: Record<string, unknown>) => QObject = () => { throw new Error('Q not loaded'); };
/** Install the Q factory (called by query-utils consumers to avoid a cycle). */
export function setQFactory(fn: (args: Record<string, unknown>) => QObject): void { qFactory = fn; }
function qFrom(args: Record<string, unknown>): QObject { return qFactory(args); }
function isQ(v: unknown): v is QObject { return typeof v === 'object' && v !== null && (v as { isQ?: boolean }).isQ === true; }

/** A reference to a field of the outer query inside a Subquery/Exists. */
export class OuterRef<T = unknown> extends Expression<T> {
  readonly name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
  resolve(ctx: ResolveContext): SqlExpr { return ctx.resolveOuter(this.name).expr; }
  override outputType(ctx: ResolveContext): string | null { return ctx.resolveOuter(this.name).internalType; }
}

/**
 * A QuerySet used as a scalar value (it must select one column, e.g. with `values('x')`).
 *
 * @example
 * const newest = Comment.objects.filter({ post: new OuterRef('pk') }).orderBy('-createdAt');
 * Post.objects.annotate({ newest: new Subquery(newest.values('email').slice(0, 1)) })
 */
export class Subquery<T = unknown> extends Expression<T> {
  readonly queryset: unknown;
  constructor(queryset: unknown) {
    super();
    this.queryset = queryset;
  }
  resolve(ctx: ResolveContext): SqlExpr { return { kind: 'subquery', query: ctx.subquery(this.queryset).node }; }
  override outputType(ctx: ResolveContext): string | null { return ctx.subquery(this.queryset).internalType; }
}

/** `EXISTS (subquery)`; usable in filter() and annotate(). */
export class Exists extends Expression<boolean> {
  readonly queryset: unknown;
  readonly negated: boolean;
  constructor(queryset: unknown, negated = false) {
    super();
    this.queryset = queryset;
    this.negated = negated;
  }
  resolve(ctx: ResolveContext): SqlExpr { return { kind: 'exists', query: ctx.subquery(this.queryset).node, negated: this.negated }; }
  override outputType(): string | null { return 'BooleanField'; }
  /** Return `NOT EXISTS (...)`. */
  not(): Exists { return new Exists(this.queryset, !this.negated); }
}

/** The base of aggregate functions. */
export abstract class Aggregate<T = unknown> extends Expression<T> {
  abstract readonly fn: string;
  readonly source: Expression | '*';
  readonly distinct: boolean;
  readonly filter: QObject | Record<string, unknown> | undefined;
  override containsAggregate = true;
  constructor(source: string | Expression, options: { distinct?: boolean; filter?: QObject | Record<string, unknown> } = {}) {
    super();
    this.source = source === '*' ? '*' : typeof source === 'string' ? F(source) : source;
    this.distinct = options.distinct ?? false;
    this.filter = options.filter;
  }
  resolve(ctx: ResolveContext): SqlExpr {
    const arg: SqlExpr = this.source === '*' ? { kind: 'star' } : this.source.resolve(ctx);
    const filter = this.filter ? ctx.resolveCondition(isQ(this.filter) ? this.filter : qFrom(this.filter)) : undefined;
    return { kind: 'func', name: this.fn, args: [arg], distinct: this.distinct, filter };
  }
  override outputType(ctx: ResolveContext): string | null {
    return this.source === '*' ? null : this.source.outputType(ctx);
  }
  override shapeKey(): string | null {
    // Only the built-in aggregates without a filter: a subclass may change the SQL or type.
    if (this.filter !== undefined || !KEYED_AGGREGATES.has(this.constructor)) return null;
    const source = this.source === '*' ? '*' : this.source.shapeKey();
    return source === null ? null : `${this.constructor.name}:${this.fn}:${+this.distinct}(${source})`;
  }
}

/** Count rows or non-null values: `Count('choices', { distinct: true })`. */
export class Count extends Aggregate<number> {
  readonly fn = 'COUNT';
  constructor(source: string | Expression = '*', options: { distinct?: boolean; filter?: QObject | Record<string, unknown> } = {}) { super(source, options); }
  override outputType(): string | null { return 'IntegerField'; }
}
/** Sum of values (null over no rows). */
export class Sum<T = number | null> extends Aggregate<T> { readonly fn = 'SUM'; }
/** Average of values, as a float (or Decimal for DecimalField). */
export class Avg<T = number | null> extends Aggregate<T> {
  readonly fn = 'AVG';
  override outputType(ctx: ResolveContext): string | null { return super.outputType(ctx) === 'DecimalField' ? 'DecimalField' : 'FloatField'; }
}
/** Smallest value. */
export class Min<T = unknown> extends Aggregate<T> { readonly fn = 'MIN'; }
/** Largest value. */
export class Max<T = unknown> extends Aggregate<T> { readonly fn = 'MAX'; }
/** Population (or sample) standard deviation. */
export class StdDev extends Aggregate<number | null> {
  readonly fn: string;
  constructor(source: string | Expression, options: { sample?: boolean; filter?: QObject | Record<string, unknown> } = {}) {
    super(source, options);
    this.fn = options.sample ? 'STDDEV_SAMP' : 'STDDEV_POP';
  }
  override outputType(): string | null { return 'FloatField'; }
}
/** Population (or sample) variance. */
export class Variance extends Aggregate<number | null> {
  readonly fn: string;
  constructor(source: string | Expression, options: { sample?: boolean; filter?: QObject | Record<string, unknown> } = {}) {
    super(source, options);
    this.fn = options.sample ? 'VAR_SAMP' : 'VAR_POP';
  }
  override outputType(): string | null { return 'FloatField'; }
}

const KEYED_AGGREGATES = new Set<unknown>([Count, Sum, Avg, Min, Max, StdDev, Variance]);

/**
 * A window function: `new Window(new RowNumber(), { partitionBy: ['question'], orderBy: ['-votes'] })`.
 */
export class Window<T = unknown> extends Expression<T> {
  readonly expression: Expression<T>;
  readonly partitionBy: (string | Expression)[];
  readonly orderBy: (string | OrderBy)[];
  override containsWindow = true;
  constructor(expression: Expression<T>, options: { partitionBy?: (string | Expression)[]; orderBy?: (string | OrderBy)[] } = {}) {
    super();
    this.expression = expression;
    this.partitionBy = options.partitionBy ?? [];
    this.orderBy = options.orderBy ?? [];
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return {
      kind: 'window',
      expr: this.expression.resolve(ctx),
      partitionBy: this.partitionBy.map((p) => (typeof p === 'string' ? ctx.resolveName(p).expr : p.resolve(ctx))),
      orderBy: this.orderBy.map((o) => {
        if (o instanceof OrderBy) return o.resolve(ctx);
        const desc = o.startsWith('-');
        return { expr: ctx.resolveName(desc ? o.slice(1) : o).expr, desc };
      }),
    };
  }
  override outputType(ctx: ResolveContext): string | null { return this.expression.outputType(ctx); }
}

/** A window-only function with fixed SQL name and arguments. */
export class WindowFunc<T = unknown> extends Expression<T> {
  readonly name: string;
  readonly args: unknown[];
  readonly output: string | null;
  constructor(name: string, args: unknown[] = [], output: string | null = null) {
    super();
    this.name = name;
    this.args = args;
    this.output = output;
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return { kind: 'func', name: this.name, args: this.args.map((a) => (typeof a === 'string' ? ctx.resolveName(a).expr : resolveValue(a, ctx))) };
  }
  override outputType(ctx: ResolveContext): string | null {
    if (this.output) return this.output;
    const first = this.args[0];
    return typeof first === 'string' ? F(first).outputType(ctx) : first instanceof Expression ? first.outputType(ctx) : null;
  }
}

/** ROW_NUMBER() */
export class RowNumber extends WindowFunc<number> { constructor() { super('ROW_NUMBER', [], 'IntegerField'); } }
/** RANK() */
export class Rank extends WindowFunc<number> { constructor() { super('RANK', [], 'IntegerField'); } }
/** DENSE_RANK() */
export class DenseRank extends WindowFunc<number> { constructor() { super('DENSE_RANK', [], 'IntegerField'); } }
/** LAG(expr, offset) */
export class Lag<T = unknown> extends WindowFunc<T> { constructor(expr: string | Expression, offset = 1) { super('LAG', [expr, Value(offset)]); } }
/** LEAD(expr, offset) */
export class Lead<T = unknown> extends WindowFunc<T> { constructor(expr: string | Expression, offset = 1) { super('LEAD', [expr, Value(offset)]); } }
/** FIRST_VALUE(expr) */
export class FirstValue<T = unknown> extends WindowFunc<T> { constructor(expr: string | Expression) { super('FIRST_VALUE', [expr]); } }
/** LAST_VALUE(expr) */
export class LastValue<T = unknown> extends WindowFunc<T> { constructor(expr: string | Expression) { super('LAST_VALUE', [expr]); } }
/** NTILE(n) */
export class Ntile extends WindowFunc<number> { constructor(n: number) { super('NTILE', [Value(n)], 'IntegerField'); } }
