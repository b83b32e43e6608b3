// Rebuild fields from their plain description (`field.deconstruct()`), for migrations and
// historical models. Third-party fields register their class under their internal type.
import type { DeconstructedField, Field } from './field.ts';
import * as f from './scalar-fields.ts';
import * as r from './related-fields.ts';

type FieldCtor = new (options: Record<string, unknown>) => Field;
type RelCtor = new (to: r.ModelRef<unknown>, options: never) => Field;

const scalar = new Map<string, FieldCtor>();
const related = new Map<string, RelCtor>();
for (const [name, cls] of Object.entries(f)) {
  if (typeof cls === 'function' && name.endsWith('Field') && name !== 'IntegerFieldBase') scalar.set(name, cls as unknown as FieldCtor);
}
related.set('ForeignKey', r.ForeignKey as unknown as RelCtor);
related.set('OneToOneField', r.OneToOneField as unknown as RelCtor);
related.set('ManyToManyField', r.ManyToManyField as unknown as RelCtor);

/**
 * Register a custom field class so `fieldFromDeconstructed` can rebuild it.
 *
 * @example
 * registerFieldClass('ColorField', ColorField)
 */
export function registerFieldClass(type: string, cls: new (options: Record<string, unknown>) => Field): void {
  scalar.set(type, cls);
}

/**
 * Rebuild a field from `field.deconstruct()` output. Relation targets given as labels become
 * lazy references resolved against the model registry (or the historical models in use).
 *
 * @example
 * fieldFromDeconstructed({ type: 'CharField', options: { maxLength: 200 } })  // a CharField
 */
export function fieldFromDeconstructed(d: DeconstructedField): Field {
  const rel = related.get(d.type);
  if (rel) {
    const { to, ...rest } = d.options;
    if (typeof to !== 'string') throw new TypeError(`${d.type} description needs 'to' as a model label`);
    return new rel(r.ref(to), rest as never);
  }
  const cls = scalar.get(d.type);
  if (!cls) throw new TypeError(`Unknown field type '${d.type}'; register it with registerFieldClass()`);
  return new cls({ ...d.options });
}
