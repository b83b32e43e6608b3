// The `fields` namespace users declare models with: one factory per field class whose return
// type records the value type, nullability, optionality on create and lookup family inferred
// from the options (`null: true`, `default`, `choices`).
import type { Decimal } from '../../../utils/decimal.ts';
import type { ChoiceOf, FieldOptions, NullOf } from './field.ts';
import * as f from './scalar-fields.ts';
import * as r from './related-fields.ts';

/** Whether options make the value optional on create. */
export type Opt<O> = O extends { null: true } | { default: unknown } | { dbDefault: unknown } | { primaryKey: true } | { autoNow: true } | { autoNowAdd: true } ? true : false;
/** A phantom marking the primary key field. */
export type PkMark<O> = O extends { primaryKey: true } ? { readonly $pk: true } : unknown;
type V<O, T> = ChoiceOf<O, T>;

/**
 * Factories for every field type. Options infer precisely: `null: true` adds `null` to the
 * instance type, `choices` narrows the value to the listed literals, `default`/`null` make the
 * value optional in `create()`.
 *
 * @example
 * class Question extends Model.define<Question>()({
 *   questionText: fields.CharField({ maxLength: 200 }),
 *   status: fields.CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']] }),
 * }) {}
 */
export const fields = {
  AutoField<const O extends FieldOptions<number>>(o?: O) { return new f.AutoField(o as never) as unknown as f.AutoField<number, false, true> & { readonly $pk: true }; },
  BigAutoField<const O extends FieldOptions<number>>(o?: O) { return new f.BigAutoField(o as never) as unknown as f.BigAutoField<number, false, true> & { readonly $pk: true }; },
  SmallAutoField<const O extends FieldOptions<number>>(o?: O) { return new f.SmallAutoField(o as never) as unknown as f.SmallAutoField<number, false, true> & { readonly $pk: true }; },
  IntegerField<const O extends FieldOptions<number>>(o?: O) { return new f.IntegerField(o as never) as unknown as f.IntegerField<V<O, number>, NullOf<O>, Opt<O>> & PkMark<O>; },
  SmallIntegerField<const O extends FieldOptions<number>>(o?: O) { return new f.SmallIntegerField(o as never) as unknown as f.SmallIntegerField<V<O, number>, NullOf<O>, Opt<O>> & PkMark<O>; },
  PositiveIntegerField<const O extends FieldOptions<number>>(o?: O) { return new f.PositiveIntegerField(o as never) as unknown as f.PositiveIntegerField<V<O, number>, NullOf<O>, Opt<O>> & PkMark<O>; },
  PositiveSmallIntegerField<const O extends FieldOptions<number>>(o?: O) { return new f.PositiveSmallIntegerField(o as never) as unknown as f.PositiveSmallIntegerField<V<O, number>, NullOf<O>, Opt<O>> & PkMark<O>; },
  BigIntegerField<const O extends FieldOptions<bigint>>(o?: O) { return new f.BigIntegerField(o as never) as unknown as f.BigIntegerField<V<O, bigint>, NullOf<O>, Opt<O>> & PkMark<O>; },
  PositiveBigIntegerField<const O extends FieldOptions<bigint>>(o?: O) { return new f.PositiveBigIntegerField(o as never) as unknown as f.PositiveBigIntegerField<V<O, bigint>, NullOf<O>, Opt<O>> & PkMark<O>; },
  FloatField<const O extends FieldOptions<number>>(o?: O) { return new f.FloatField(o as never) as unknown as f.FloatField<V<O, number>, NullOf<O>, Opt<O>>; },
  DecimalField<const O extends f.DecimalFieldOptions>(o: O) { return new f.DecimalField(o as never) as unknown as f.DecimalField<Decimal, NullOf<O>, Opt<O>>; },
  BooleanField<const O extends FieldOptions<boolean>>(o?: O) { return new f.BooleanField(o as never) as unknown as f.BooleanField<boolean, NullOf<O>, Opt<O>>; },
  CharField<const O extends f.CharFieldOptions>(o?: O) { return new f.CharField(o as never) as unknown as f.CharField<V<O, string>, NullOf<O>, Opt<O>> & PkMark<O>; },
  TextField<const O extends f.CharFieldOptions>(o?: O) { return new f.TextField(o as never) as unknown as f.TextField<V<O, string>, NullOf<O>, Opt<O>>; },
  SlugField<const O extends f.CharFieldOptions>(o?: O) { return new f.SlugField(o as never) as unknown as f.SlugField<V<O, string>, NullOf<O>, Opt<O>> & PkMark<O>; },
  EmailField<const O extends f.CharFieldOptions>(o?: O) { return new f.EmailField(o as never) as unknown as f.EmailField<V<O, string>, NullOf<O>, Opt<O>>; },
  URLField<const O extends f.CharFieldOptions>(o?: O) { return new f.URLField(o as never) as unknown as f.URLField<V<O, string>, NullOf<O>, Opt<O>>; },
  UUIDField<const O extends FieldOptions<string>>(o?: O) { return new f.UUIDField(o as never) as unknown as f.UUIDField<string, NullOf<O>, Opt<O>> & PkMark<O>; },
  GenericIPAddressField<const O extends FieldOptions<string>>(o?: O) { return new f.GenericIPAddressField(o as never) as unknown as f.GenericIPAddressField<string, NullOf<O>, Opt<O>>; },
  DateField<const O extends f.DateFieldOptions<string>>(o?: O) { return new f.DateField(o as never) as unknown as f.DateField<string, NullOf<O>, Opt<O>>; },
  DateTimeField<const O extends f.DateFieldOptions<Date>>(o?: O) { return new f.DateTimeField(o as never) as unknown as f.DateTimeField<Date, NullOf<O>, Opt<O>>; },
  TimeField<const O extends f.DateFieldOptions<string>>(o?: O) { return new f.TimeField(o as never) as unknown as f.TimeField<string, NullOf<O>, Opt<O>>; },
  DurationField<const O extends FieldOptions<number>>(o?: O) { return new f.DurationField(o as never) as unknown as f.DurationField<number, NullOf<O>, Opt<O>>; },
  JSONField<T = unknown, const O extends FieldOptions<T> = FieldOptions<T>>(o?: O) { return new f.JSONField(o as never) as unknown as f.JSONField<T, NullOf<O>, Opt<O>>; },
  BinaryField<const O extends FieldOptions<Buffer>>(o?: O) { return new f.BinaryField(o as never) as unknown as f.BinaryField<Buffer, NullOf<O>, Opt<O>>; },
  ForeignKey<M, const O extends r.ForeignKeyOptions>(to: r.ModelRef<M>, o: O) { return new r.ForeignKey<M>(to, o) as unknown as r.ForeignKey<M, NullOf<O>, Opt<O>>; },
  OneToOneField<M, const O extends r.ForeignKeyOptions>(to: r.ModelRef<M>, o: O) { return new r.OneToOneField<M>(to, o) as unknown as r.OneToOneField<M, NullOf<O>, Opt<O>> & PkMark<O>; },
  ManyToManyField<M>(to: r.ModelRef<M>, o?: r.ManyToManyOptions) { return new r.ManyToManyField<M>(to, o); },
};
