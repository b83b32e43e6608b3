// The ORM's own registry of prepared model classes: resolves lazy relation references
// ('self', 'Author', 'polls.Author') and is fed by the app registry's model hooks or by
// models that declare `appLabel` themselves.
import { FieldError } from './errors.ts';
import { relationResolver, type FieldOwnerClass, type ModelRef } from './fields/related-fields.ts';
import { closest } from '../../utils/suggest.ts';

const byLabel = new Map<string, FieldOwnerClass>();
const pending = new Set<() => void>();

/** Record a prepared model under its lower-cased label. */
export function registerModelClass(model: FieldOwnerClass): void {
  byLabel.set(model.meta.label.toLowerCase(), model);
}

/** Forget a model (tests that declare throwaway models). */
export function unregisterModelClass(label: string): void {
  byLabel.delete(label.toLowerCase());
}

/** Return the model registered as `label` ('app.Model', case-insensitive), or undefined. */
export function findModel(label: string): FieldOwnerClass | undefined {
  return byLabel.get(label.toLowerCase());
}

/** Every prepared model. */
export function allModels(): FieldOwnerClass[] {
  return [...byLabel.values()];
}

/** Run `fn` once more models are registered (used for relations to not-yet-prepared models). */
export function whenModelsChange(fn: () => void): void {
  pending.add(fn);
}

function isClass(x: unknown): x is FieldOwnerClass {
  return typeof x === 'function' && typeof (x as { prototype?: unknown }).prototype === 'object' && 'meta' in (x as object);
}

relationResolver.resolve = (ref: ModelRef<unknown>, from) => {
  if (typeof ref === 'object' && ref !== null && 'lazyRef' in ref) {
    const name = ref.lazyRef;
    if (name === 'self') return from as FieldOwnerClass;
    const label = name.includes('.') ? name : `${from.meta.label.split('.')[0]}.${name}`;
    const found = findModel(label);
    if (!found) {
      const best = closest(label, [...byLabel.values()].map((m) => m.meta.label));
      throw new FieldError(
        `${from.meta.label} refers to model '${name}', which is not registered` +
          (best ? `; did you mean '${best}'?` : '; make sure its app is installed or the model has been used (prepareModels)'),
        'db.unknown_model',
      );
    }
    return found;
  }
  if (isClass(ref)) return ref;
  const resolved = (ref as () => unknown)();
  if (!isClass(resolved)) throw new FieldError(`${from.meta.label}: relation target is not a model class`, 'db.unknown_model');
  return resolved;
};
