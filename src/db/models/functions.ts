// Database functions (Django's django.db.models.functions): text, math, dates and casts. Each
// is an Expression; vendor-specific SQL comes from backend hooks through the compiler.
import type { SqlExpr } from '../sql/nodes.ts';
import { Expression, F, Func, type ResolveContext } from './expressions.ts';

type Arg = string | Expression;
const toExpr = (a: Arg): Expression => (typeof a === 'string' ? F(a) : a);

class TypedFunc<T> extends Func<T> {
  readonly fixedOutput: string | null;
  constructor(name: string, output: string | null, ...args: Arg[]) {
    super(name, ...args);
    this.fixedOutput = output;
  }
  override outputType(ctx: ResolveContext): string | null { return this.fixedOutput ?? super.outputType(ctx); }
}

/** First non-null argument. */
export class Coalesce<T = unknown> extends Func<T> { constructor(...args: Arg[]) { super('COALESCE', ...args); } }
/** Lower-case text. */
export class Lower extends TypedFunc<string> { constructor(arg: Arg) { super('LOWER', 'TextField', arg); } }
/** Upper-case text. */
export class Upper extends TypedFunc<string> { constructor(arg: Arg) { super('UPPER', 'TextField', arg); } }
/** Character length of text. */
export class Length extends TypedFunc<number> { constructor(arg: Arg) { super('LENGTH', 'IntegerField', arg); } }
/** Absolute value. */
export class Abs<T = number> extends Func<T> { constructor(arg: Arg) { super('ABS', arg); } }
/** Trim spaces on both sides. */
export class Trim extends TypedFunc<string> { constructor(arg: Arg) { super('TRIM', 'TextField', arg); } }
/** Round to `places` decimals (default 0). */
export class Round<T = number> extends Expression<T> {
  readonly arg: Expression;
  readonly places: number;
  constructor(arg: Arg, places = 0) { super(); this.arg = toExpr(arg); this.places = Math.trunc(places); }
  resolve(ctx: ResolveContext): SqlExpr { return { kind: 'func', name: 'ROUND', args: [this.arg.resolve(ctx), { kind: 'param', value: this.places }] }; }
  override outputType(ctx: ResolveContext): string | null { return this.arg.outputType(ctx); }
}

/** Concatenate text; NULL parts count as empty. */
export class Concat extends Expression<string> {
  readonly args: Expression[];
  constructor(...args: Arg[]) { super(); this.args = args.map(toExpr); }
  resolve(ctx: ResolveContext): SqlExpr { return { kind: 'concat', args: this.args.map((a) => a.resolve(ctx)) }; }
  override outputType(): string | null { return 'TextField'; }
}

/** The current timestamp of the database. */
export class Now extends Expression<Date> {
  resolve(): SqlExpr { return { kind: 'now' }; }
  override outputType(): string | null { return 'DateTimeField'; }
}

/** Convert to the column type of a field type: `new Cast('votes', 'TextField')`. */
export class Cast<T = unknown> extends Expression<T> {
  readonly arg: Expression;
  readonly internalType: string;
  constructor(arg: Arg, internalType: string) { super(); this.arg = toExpr(arg); this.internalType = internalType; }
  resolve(ctx: ResolveContext): SqlExpr { return { kind: 'cast', expr: this.arg.resolve(ctx), internalType: this.internalType }; }
  override outputType(): string | null { return this.internalType; }
}

function greatestOrLeast(args: SqlExpr[], lookup: 'gte' | 'lte'): SqlExpr {
  // Emulated with CASE so it is the same on every database (SQLite has no GREATEST).
  let acc = args[0]!;
  for (const next of args.slice(1)) {
    acc = { kind: 'case', whens: [{ cond: { kind: 'lookup', lookup, lhs: acc, rhs: next, internalType: '' }, then: acc }], else: next };
  }
  return acc;
}
/** The largest argument (NULL when any is NULL). */
export class Greatest<T = unknown> extends Expression<T> {
  readonly args: Expression[];
  constructor(...args: Arg[]) { super(); this.args = args.map(toExpr); }
  resolve(ctx: ResolveContext): SqlExpr { return greatestOrLeast(this.args.map((a) => a.resolve(ctx)), 'gte'); }
  override outputType(ctx: ResolveContext): string | null { return this.args[0]?.outputType(ctx) ?? null; }
}
/** The smallest argument (NULL when any is NULL). */
export class Least<T = unknown> extends Expression<T> {
  readonly args: Expression[];
  constructor(...args: Arg[]) { super(); this.args = args.map(toExpr); }
  resolve(ctx: ResolveContext): SqlExpr { return greatestOrLeast(this.args.map((a) => a.resolve(ctx)), 'lte'); }
  override outputType(ctx: ResolveContext): string | null { return this.args[0]?.outputType(ctx) ?? null; }
}

const EXTRACT_PARTS = new Set(['year', 'iso_year', 'quarter', 'month', 'week', 'week_day', 'iso_week_day', 'day', 'hour', 'minute', 'second']);
const TRUNC_UNITS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']);

/** Extract a date part as a number: `new Extract('pubDate', 'year')`. */
export class Extract extends Expression<number> {
  readonly arg: Expression;
  readonly part: string;
  constructor(arg: Arg, part: string) {
    super();
    if (!EXTRACT_PARTS.has(part)) throw new TypeError(`Unknown date part '${part}' for Extract`);
    this.arg = toExpr(arg);
    this.part = part;
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return { kind: 'extract', part: this.part, expr: this.arg.resolve(ctx), internalType: this.arg.outputType(ctx) ?? 'DateTimeField' };
  }
  override outputType(): string | null { return 'IntegerField'; }
}
/** Truncate a date/datetime: `new Trunc('pubDate', 'month')`. */
export class Trunc<T = unknown> extends Expression<T> {
  readonly arg: Expression;
  readonly unit: string;
  constructor(arg: Arg, unit: string) {
    super();
    if (!TRUNC_UNITS.has(unit)) throw new TypeError(`Unknown unit '${unit}' for Trunc`);
    this.arg = toExpr(arg);
    this.unit = unit;
  }
  resolve(ctx: ResolveContext): SqlExpr {
    return { kind: 'trunc', unit: this.unit, expr: this.arg.resolve(ctx), internalType: this.arg.outputType(ctx) ?? 'DateTimeField' };
  }
  override outputType(ctx: ResolveContext): string | null { return this.arg.outputType(ctx); }
}
/** Shorthands for Extract/Trunc. */
export const ExtractYear = (a: Arg) => new Extract(a, 'year');
export const ExtractMonth = (a: Arg) => new Extract(a, 'month');
export const ExtractDay = (a: Arg) => new Extract(a, 'day');
export const TruncYear = (a: Arg) => new Trunc(a, 'year');
export const TruncMonth = (a: Arg) => new Trunc(a, 'month');
export const TruncDay = (a: Arg) => new Trunc(a, 'day');
