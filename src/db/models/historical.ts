// Historical models: model classes built at run time from plain field descriptions (what
// migrations store), for data migrations (RunCode) that must see the schema of their time.
import { Model, type ModelClass } from './model.ts';
import { fieldFromDeconstructed } from './fields/field-registry.ts';
import type { DeconstructedField } from './fields/field.ts';
import type { MetaOptions } from './options.ts';

/**
 * Build a model class named `name` in app `appLabel` from `field.deconstruct()` outputs.
 * Relation targets are resolved by label among registered (or other historical) models.
 *
 * @example
 * const Question = historicalModel('polls', 'Question', { questionText: { type: 'CharField', options: { maxLength: 200 } } });
 * await Question.objects.filter({ questionText__startswith: 'What' }).count();
 */
export function historicalModel(appLabel: string, name: string, fields: Record<string, DeconstructedField>, meta: MetaOptions = {}): ModelClass {
  const built: Record<string, ReturnType<typeof fieldFromDeconstructed>> = {};
  for (const [k, d] of Object.entries(fields)) built[k] = fieldFromDeconstructed(d);
  const Base = Model.define<never>()(built as never, { ...meta, appLabel }) as unknown as ModelClass;
  const cls = { [name]: class extends Base {} }[name]! as unknown as ModelClass;
  return cls;
}
