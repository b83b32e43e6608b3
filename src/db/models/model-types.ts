// Type-level machinery: from one field declaration derive instance values, create() input,
// filter keys per lookup family, values() shapes and relation types. Relation-spanning keys
// go one hop deep (the typed escape hatch for deeper paths is `Q()`), which keeps checking fast.
import type { Field, LookupKind } from './fields/field.ts';
import type { ForeignKey, ManyToManyField } from './fields/related-fields.ts';
import type { ManyRelatedManager } from './related-managers.ts';

/** The phantom key holding a model's field map on its instance type (never set at runtime). */
export const FIELDS: unique symbol = Symbol('reinhardt.fields');
/** Any field (for constraints). */
export type AnyField = Field<any, any, any, any>;
/** A model's declared fields. */
export type FieldMap = { readonly [name: string]: AnyField };
/**
 * The bound of the fields object `Model.define` infers: each value is a field (it carries the
 * phantom lookup family). Deliberately smaller than `FieldMap`: it is the contextual type of
 * every `fields.X(...)` call in the object, and inferring each call's options against the
 * whole Field class made declaring models slow to type-check.
 */
export type FieldDecls = { readonly [name: string]: { readonly $kind: LookupKind } };

/** The JS value of a field on an instance. */
export type ValueOf<F> = F extends Field<infer T, infer N, any, any> ? (N extends true ? T | null : T) : never;

/** Fields of `M` (an instance type). */
export type FieldsOf<M> = M extends { readonly [FIELDS]: infer F } ? F : never;

/** The primary key value type of instance type `M`. */
export type PkOf<M> = M extends { readonly pk: infer P } ? P : unknown;

/**
 * The explicit loader of a forward relation: `await choice.question` or
 * `choice.question.get()`. It has no model fields, so reading one without loading fails to
 * compile; after `selectRelated('question')` the property is the instance itself (`Loaded`).
 */
export interface RelatedRef<T> extends PromiseLike<T> {
  get(): Promise<T>;
  readonly loaded: false;
}

/** The related manager of a reverse FK or many-to-many relation on an instance. */
export interface RelatedManagerLike<T> {
  readonly $target?: T;
}

/** The reverse side of a OneToOneField on an instance: `await place.restaurant`. */
export type ReverseOneToOne<T> = PromiseLike<T | null> & RelatedManagerLike<T>;

type RelKeys<F> = { [K in keyof F]: F[K] extends ForeignKey<any, any, any> ? K : never }[keyof F];
type M2MKeys<F> = { [K in keyof F]: F[K] extends ManyToManyField<any> ? K : never }[keyof F];
type PlainKeys<F> = Exclude<keyof F, RelKeys<F> | M2MKeys<F>>;

/** Instance data of a field map: values, relation loaders, `<fk>Id` attributes, many-to-many managers. */
export type InstanceData<F> =
  & { -readonly [K in keyof F]: InstanceValue<F[K]> }
  & { -readonly [K in RelKeys<F> & string as `${K}Id`]: FkIdValue<F[K]> };
/** The value of the `<fk>Id` attribute of foreign key `X`. */
type FkIdValue<X> = X extends ForeignKey<infer T, infer N, any> ? (N extends true ? PkOf<T> | null : PkOf<T>) : never;
type InstanceValue<X> =
  X extends ForeignKey<infer T, infer N, any> ? RelatedRef<N extends true ? T | null : T>
  : X extends ManyToManyField<infer T> ? ManyRelatedManager<T>
  : ValueOf<X>;

/** Whether field `X` must be given to `create()` (no default, not nullable, not auto; relations may come as `<fk>Id`). */
type RequiredInput<X> = X extends ForeignKey<any, any, any> | ManyToManyField<any> ? false : X extends Field<any, any, true, any> ? false : true;
type RequiredKeys<F> = { [K in keyof F]: RequiredInput<F[K]> extends true ? K : never }[keyof F];
/** The value `create()` takes for field `X` (many-to-many relations are set after saving). */
type InputValue<X> = X extends ForeignKey<infer T, infer N, any> ? (N extends true ? T | null : T) : X extends ManyToManyField<any> ? never : ValueOf<X>;

/** The object accepted by `create()` / `new Model(...)`: required fields, optional defaults. */
export type CreateInput<F> =
  & { [K in RequiredKeys<F>]: InputValue<F[K]> }
  & { -readonly [K in keyof F]?: InputValue<F[K]> }
  & { [K in RelKeys<F> & string as `${K}Id`]?: FkIdValue<F[K]> };

/** Common comparison lookups. */
export interface CommonLookups<T> {
  exact: T | null;
  in: readonly T[] | QuerySetLike;
  gt: T; gte: T; lt: T; lte: T;
  range: readonly [T, T];
  isnull: boolean;
}
/** Lookups of text fields. */
export interface TextLookups<T> extends CommonLookups<T> {
  iexact: string; contains: string; icontains: string; startswith: string; istartswith: string;
  endswith: string; iendswith: string; regex: string; iregex: string;
}
type Cmp = 'exact' | 'gt' | 'gte' | 'lt' | 'lte';
type PartLookups<P extends string> = { [K in P]: number } & { [K in `${P}__${Cmp}`]: number } & { [K in `${P}__in`]: readonly number[] } & { [K in `${P}__range`]: readonly [number, number] };
type DatePart = 'year' | 'iso_year' | 'month' | 'day' | 'week' | 'week_day' | 'iso_week_day' | 'quarter';
type TimePart = 'hour' | 'minute' | 'second';
/** Lookups of DateField. */
export type DateLookups<T> = CommonLookups<T> & PartLookups<DatePart>;
/** Lookups of DateTimeField. */
export type DateTimeLookups<T> = CommonLookups<T> & PartLookups<DatePart | TimePart>
  & { date: string } & { [K in `date__${Cmp}`]: string } & { date__range: readonly [string, string] }
  & { time: string } & { [K in `time__${Cmp}`]: string };
/** Lookups of TimeField. */
export type TimeLookups<T> = CommonLookups<T> & PartLookups<TimePart>;
/** Lookups of JSONField (key paths are open-ended: `data__owner__name`). */
export interface JsonLookups<T> { exact: T | null; isnull: boolean; has_key: string; has_keys: readonly string[]; has_any_keys: readonly string[] }

/** The lookups of a field by its lookup family. */
export type LookupsOf<F> =
  F extends Field<infer T, any, any, infer K>
    ? K extends 'text' ? TextLookups<T>
    : K extends 'date' ? DateLookups<T>
    : K extends 'datetime' ? DateTimeLookups<T>
    : K extends 'time' ? TimeLookups<T>
    : K extends 'json' ? JsonLookups<T>
    : K extends 'bool' ? { exact: T | null; isnull: boolean; in: readonly T[] }
    : CommonLookups<T>
    : never;

/** Anything a value position accepts besides a literal: F(), Value(), Subquery(), ... */
export interface ExpressionLike { readonly isExpression: true }
/** Any QuerySet (for `__in` subqueries). */
export interface QuerySetLike { readonly isQuerySet: true }
type Val<T> = T | ExpressionLike;

type JsonKeys<F> = { [K in PlainKeys<F> & string]: F[K] extends Field<any, any, any, 'json'> ? K : never }[PlainKeys<F> & string];
type RelOwnLookup = 'exact' | 'in' | 'isnull' | 'gt' | 'gte' | 'lt' | 'lte';
type PkLookups = { pk: unknown; pk__exact: unknown; pk__in: readonly unknown[] | QuerySetLike; pk__gt: unknown; pk__gte: unknown; pk__lt: unknown; pk__lte: unknown; pk__isnull: boolean };
type RelTarget<X> = X extends ForeignKey<infer T, any, any> ? T : X extends ManyToManyField<infer T> ? T : never;
type ReverseTarget<X> = X extends RelatedManagerLike<infer T> ? T : never;

/**
 * The value filter key `K` accepts on instance type `M` (field map `F`, annotations `A`), or
 * `never` for an unknown key. Keys are parsed, not enumerated: `field`, `field__lookup`,
 * `fkId`, `pk__lookup`, and relation paths (`fk__…`, `reverse__…`, `m2m__…`) which continue on
 * the related model, to any depth. Only the keys a call uses are ever computed. A wide
 * `string` key (a `Record<string, unknown>`) is the untyped escape hatch, checked at run time.
 */
export type FilterValue<M, A, K, F = FieldsOf<M>> =
  string extends K ? unknown
  : K extends keyof A ? Val<A[K]>
  : K extends keyof F ? (F[K] extends ForeignKey<any, any, any> | ManyToManyField<any> ? unknown : Val<ValueOf<F[K]>>)
  : K extends keyof PkLookups ? PkLookups[K]
  : K extends `${infer H}__${infer L}` ? PathValue<M, A, F, H, L>
  : K extends `${infer R}Id` ? (R extends keyof F ? (F[R] extends ForeignKey<any, any, any> ? unknown : never) : never)
  : never;
type PathValue<M, A, F, H, L> =
  string extends L ? unknown // an open-ended key pattern of FilterArgs (`fk__${string}`)
  : H extends keyof A ? (L extends keyof CommonLookups<unknown> ? Val<CommonLookups<A[H]>[L]> : never)
  : H extends keyof F ? FieldPathValue<F[H], L>
  : H extends `${infer R}Id` ? (R extends keyof F ? (F[R] extends ForeignKey<any, any, any> ? (L extends RelOwnLookup ? unknown : never) : never) : never)
  : H extends keyof M ? (M[H] extends RelatedManagerLike<infer T> ? (L extends RelOwnLookup ? unknown : FilterValue<T, {}, L>) : never)
  : never;
type FieldPathValue<X, L> =
  X extends ForeignKey<infer T, any, any> ? (L extends RelOwnLookup ? unknown : FilterValue<T, {}, L>)
  : X extends ManyToManyField<infer T> ? (L extends RelOwnLookup ? unknown : FilterValue<T, {}, L>)
  : L extends keyof LookupsOf<X> ? Val<LookupsOf<X>[L]>
  : X extends Field<any, any, any, 'json'> ? unknown
  : never;

/**
 * Checks a filter object lazily: each of its own keys maps to the value that key accepts
 * (`never` for unknown keys). `filter()`, `exclude()`, `get()` take `T extends CheckFilter<M, A, T>`,
 * so checking costs what the call uses, not every key the model has.
 */
export type CheckFilter<M, A, T> = { [K in keyof T]: FilterValue<M, A, K> };

type ScalarPaths<F> = { [K in PlainKeys<F> & string]: K | `${K}__${keyof LookupsOf<F[K]> & string}` }[PlainKeys<F> & string];
/** Keys one hop across a relation (the full key set below; deeper paths are accepted by `filter()`). */
type HopKeys<F> = { [K in (PlainKeys<F> | RelKeys<F>) & string]: K | `${K}__${string}` }[(PlainKeys<F> | RelKeys<F>) & string] | 'pk' | `pk__${string}` | `${RelKeys<F> & string}Id`;
type RelPaths<F> = { [K in (RelKeys<F> | M2MKeys<F>) & string]: `${K}__${HopKeys<FieldsOf<RelTarget<F[K]>>>}` }[(RelKeys<F> | M2MKeys<F>) & string];
type ReverseKeys<M> = { [K in keyof M]: M[K] extends RelatedManagerLike<any> ? K : never }[keyof M] & string;
type ReversePaths<M> = { [K in ReverseKeys<M>]: K | `${K}__${RelOwnLookup}` | `${K}__${HopKeys<FieldsOf<ReverseTarget<M[K]>>>}` }[ReverseKeys<M>];
type FilterKeys<M, A> =
  | ScalarPaths<FieldsOf<M>>
  | `${JsonKeys<FieldsOf<M>>}__${string}`
  | keyof PkLookups
  | { [K in RelKeys<FieldsOf<M>> & string]: K | `${K}__${RelOwnLookup}` | `${K}Id` | `${K}Id__${RelOwnLookup}` }[RelKeys<FieldsOf<M>> & string]
  | RelPaths<FieldsOf<M>>
  | ReversePaths<M>
  | { [K in keyof A & string]: K | `${K}__${keyof CommonLookups<unknown> & string}` }[keyof A & string];

/**
 * Every filter key of instance type `M` (with annotations `A`) as one object type, for
 * annotating a variable or a typed `Q<FilterArgs<M>>(...)`. It enumerates the keys (one hop
 * across relations), so it costs more to check than a `filter()` call, which checks lazily.
 */
export type FilterArgs<M, A = {}> = { [K in FilterKeys<M, A>]?: FilterValue<M, A, K> };

/** Keys `values()` / `valuesList()` / `orderBy()` accept. */
export type ValueKeys<M, A = {}> =
  | (PlainKeys<FieldsOf<M>> & string)
  | (RelKeys<FieldsOf<M>> & string)
  | `${RelKeys<FieldsOf<M>> & string}Id`
  | 'pk'
  | { [K in RelKeys<FieldsOf<M>> & string]: `${K}__${PlainKeys<FieldsOf<RelTarget<FieldsOf<M>[K]>>> & string}` }[RelKeys<FieldsOf<M>> & string]
  | (keyof A & string);

/** The value type of one `values()` key. */
export type ValueAt<M, A, P> =
  P extends keyof A ? A[P]
  : P extends 'pk' ? PkOf<M>
  : P extends keyof FieldsOf<M> ? (FieldsOf<M>[P] extends ForeignKey<infer T, infer N, any> ? (N extends true ? PkOf<T> | null : PkOf<T>) : ValueOf<FieldsOf<M>[P]>)
  : P extends `${infer K}Id` ? (K extends keyof FieldsOf<M> ? (FieldsOf<M>[K] extends ForeignKey<infer T, infer N, any> ? (N extends true ? PkOf<T> | null : PkOf<T>) : never) : never)
  : P extends `${infer K}__${infer Rest}` ? (K extends keyof FieldsOf<M> ? ValueOf<FieldsOf<RelTarget<FieldsOf<M>[K]>>[Rest & keyof FieldsOf<RelTarget<FieldsOf<M>[K]>>]> | (FieldsOf<M>[K] extends ForeignKey<any, true, any> ? null : never) : unknown)
  : unknown;

/** The row shape of `values(...keys)`. */
export type ValuesRow<M, A, K extends string> = { [P in K]: ValueAt<M, A, P> };

/** Ordering keys: value keys, optionally prefixed with '-', and '?' for random. */
export type OrderKey<M, A = {}> = ValueKeys<M, A> | `-${ValueKeys<M, A>}` | '?';

/**
 * `M` with the relations `K` loaded (after `selectRelated`): the property is the instance.
 * `P` are the `selectRelated` paths; the part after `K__` loads the next level
 * (`selectRelated('question__author')` loads `question` and `question.author`).
 */
export type Loaded<M, K extends keyof M, P = K> = Omit<M, K> & { [H in K]: M[H] extends RelatedRef<infer T> ? LoadedTarget<T, PathTail<P, H>> : M[H] };
type LoadedTarget<T, Rest> = [Rest] extends [never] ? T : T extends null ? null : Loaded<T, PathHead<Rest> & keyof T, Rest>;
/** The first segment of a relation path (`question` of `question__author`). */
export type PathHead<P> = P extends `${infer H}__${string}` ? H : P;
type PathTail<P, H> = P extends `${H & string}__${infer T}` ? T : never;

/** Relation names `selectRelated` accepts (forward FK/O2O). */
export type RelationKeys<M> = RelKeys<FieldsOf<M>> & string;
/**
 * Paths `selectRelated` accepts: a forward relation, a forward relation of its target
 * (`question__author`), and deeper paths below those (checked at run time).
 */
export type RelationPaths<M> = { [K in RelationKeys<M>]: K | SubPaths<K, RelationKeys<RelTarget<FieldsOf<M>[K]>>> }[RelationKeys<M>];
type SubPaths<K extends string, K2 extends string> = `${K}__${K2}` | `${K}__${K2}__${string}`;
