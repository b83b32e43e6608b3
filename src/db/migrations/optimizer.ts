// The optimizer: fold a list of operations into a shorter equivalent one (used by
// squashmigrations): a model created then changed becomes one CreateModel, a field added then
// removed disappears, successive alterations keep the last.

import { deepClone, type FieldDescription } from './descriptions.ts';
import type { Operation } from './operations/base.ts';
import { AddField, type AlterField } from './operations/fields.ts';
import { CreateModel } from './operations/models.ts';
import type { AddIndex } from './operations/indexes.ts';
import type { AddConstraint } from './operations/constraints.ts';
import { ALTERABLE_OPTION_KEYS } from './descriptions.ts';
import { splitModelRef } from './state.ts';

type Args = Record<string, unknown>;

/** Return the lower-cased `app.model` keys an operation touches, or `'all'` when unknown. */
export function touchedModels(op: Operation, app: string): Set<string> | 'all' {
  const a = op.deconstruct() as Args;
  const out = new Set<string>();
  const add = (name: unknown) => {
    if (typeof name === 'string') out.add(`${app}.${name}`.toLowerCase());
  };
  const addRef = (ref: unknown) => {
    if (typeof ref !== 'string') return;
    const [x, n] = splitModelRef(ref, app);
    out.add(`${x}.${n}`.toLowerCase());
  };
  const addField = (f: unknown) => {
    const d = f as FieldDescription | undefined;
    if (d) {
      addRef(d.to);
      addRef(d.through);
    }
  };
  switch (op.kind) {
    case 'CreateModel':
      add(a.name);
      for (const f of Object.values(a.fields as Record<string, FieldDescription>)) addField(f);
      return out;
    case 'DeleteModel':
    case 'AlterModelTable':
    case 'AlterModelOptions':
    case 'AlterUniqueTogether':
      add(a.name);
      return out;
    case 'RenameModel':
      add(a.oldName);
      add(a.newName);
      return out;
    case 'AddField':
    case 'AlterField':
    case 'RemoveField':
    case 'RenameField':
    case 'AddIndex':
    case 'RemoveIndex':
    case 'RenameIndex':
    case 'AddConstraint':
    case 'RemoveConstraint':
      add(a.modelName);
      addField(a.field);
      return out;
    default:
      return 'all';
  }
}

function modelOf(op: Operation): string | null {
  const a = op.deconstruct() as Args;
  const n = (a.modelName ?? a.name) as unknown;
  return typeof n === 'string' ? n.toLowerCase() : null;
}

/** Reduce a pair of operations on the same model; `null` when they do not combine. */
function reduce(first: Operation, second: Operation): Operation[] | null {
  const a = first.deconstruct() as Args;
  const b = second.deconstruct() as Args;
  if (first.kind === 'CreateModel') {
    const c = first as CreateModel;
    const make = (fields: Record<string, FieldDescription>, options = c.options) =>
      new CreateModel({ name: c.name, fields, options, bases: c.bases });
    switch (second.kind) {
      case 'DeleteModel':
        return [];
      case 'AddField':
        return [make({ ...deepClone(c.fields), [b.name as string]: deepClone(b.field as FieldDescription) })];
      case 'AlterField': {
        if ((b as { preserveDefault?: boolean }).preserveDefault === false) return null;
        return [make({ ...deepClone(c.fields), [b.name as string]: deepClone(b.field as FieldDescription) })];
      }
      case 'RemoveField': {
        const fields = deepClone(c.fields);
        delete fields[b.name as string];
        return [make(fields)];
      }
      case 'RenameField': {
        const fields = Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k === b.oldName ? (b.newName as string) : k, deepClone(v)]));
        return [make(fields, renameOptions(deepClone(c.options), b.oldName as string, b.newName as string))];
      }
      case 'AlterModelTable': {
        const options = deepClone(c.options);
        if (b.table === null) delete options.dbTable;
        else options.dbTable = b.table as string;
        return [make(deepClone(c.fields), options)];
      }
      case 'AlterModelOptions': {
        const options = deepClone(c.options) as Args;
        for (const k of ALTERABLE_OPTION_KEYS) {
          const v = (b.options as Args)[k];
          if (v === undefined) delete options[k];
          else options[k] = deepClone(v);
        }
        return [make(deepClone(c.fields), options)];
      }
      case 'AlterUniqueTogether': {
        const options = deepClone(c.options);
        const ut = b.uniqueTogether as string[][];
        if (ut.length) options.uniqueTogether = deepClone(ut);
        else delete options.uniqueTogether;
        return [make(deepClone(c.fields), options)];
      }
      case 'AddIndex': {
        const options = deepClone(c.options);
        options.indexes = [...(options.indexes ?? []), deepClone((second as AddIndex).index)];
        return [make(deepClone(c.fields), options)];
      }
      case 'AddConstraint': {
        const options = deepClone(c.options);
        options.constraints = [...(options.constraints ?? []), deepClone((second as AddConstraint).constraint)];
        return [make(deepClone(c.fields), options)];
      }
      default:
        return null;
    }
  }
  const sameField = a.modelName !== undefined && String(a.modelName).toLowerCase() === String(b.modelName).toLowerCase() && a.name === b.name;
  if (first.kind === 'AddField' && sameField) {
    if (second.kind === 'RemoveField') return [];
    if (second.kind === 'AlterField' && (second as AlterField).preserveDefault) {
      return [new AddField({ modelName: a.modelName as string, name: a.name as string, field: deepClone(b.field as FieldDescription), preserveDefault: (first as AddField).preserveDefault })];
    }
  }
  if (first.kind === 'AlterField' && sameField) {
    if (second.kind === 'AlterField' && (first as AlterField).preserveDefault) return [second];
    if (second.kind === 'RemoveField') return [second];
  }
  if (first.kind === 'AlterModelOptions' && second.kind === 'AlterModelOptions' && a.name === b.name) return [second];
  if (first.kind === 'AlterUniqueTogether' && second.kind === 'AlterUniqueTogether' && a.name === b.name) return [second];
  if (first.kind === 'AlterModelTable' && second.kind === 'AlterModelTable' && a.name === b.name) return [second];
  return null;
}

function renameOptions(options: CreateModel['options'], oldName: string, newName: string): CreateModel['options'] {
  const r = (l: string[]) => l.map((f) => (f === oldName ? newName : f === `-${oldName}` ? `-${newName}` : f));
  if (options.ordering) options.ordering = r(options.ordering);
  if (options.uniqueTogether) options.uniqueTogether = options.uniqueTogether.map(r);
  for (const i of options.indexes ?? []) i.fields = r(i.fields);
  for (const c of options.constraints ?? []) if (c.fields) c.fields = r(c.fields);
  return options;
}

/**
 * Return an equivalent, shorter list of operations for one app.
 *
 * @example
 * optimize([new CreateModel({ name: 'A', fields }), new AddField({ modelName: 'A', name: 'x', field })], 'polls');
 * // [CreateModel A with x]
 */
export function optimize(operations: Operation[], app: string): Operation[] {
  let ops = [...operations];
  for (let changed = true; changed; ) {
    changed = false;
    outer: for (let i = 0; i < ops.length; i++) {
      const model = modelOf(ops[i]!);
      if (model === null || touchedModels(ops[i]!, app) === 'all') continue;
      for (let j = i + 1; j < ops.length; j++) {
        const second = ops[j]!;
        const touched = touchedModels(second, app);
        if (touched === 'all') continue outer;
        if (modelOf(second) === model && touched instanceof Set) {
          // A relation to a model created between the two cannot move up to `i`.
          const between = ops.slice(i + 1, j);
          const createdBetween = new Set(between.filter((o) => o.kind === 'CreateModel').map((o) => `${app}.${modelOf(o)}`));
          const moves = [...touched].some((k) => k !== `${app}.${model}` && createdBetween.has(k));
          const result = moves ? null : reduce(ops[i]!, second);
          if (result) {
            ops = [...ops.slice(0, i), ...result, ...ops.slice(i + 1, j), ...ops.slice(j + 1)];
            changed = true;
            break outer;
          }
        }
        // Moving a change up past an operation that only points at the model is safe; past one
        // that changes the model (or, for a deletion, uses it at all) is not.
        const blocks = modelOf(second) === model || (ops[i]!.kind === 'CreateModel' && ops.slice(i + 1).some((o) => o.kind === 'DeleteModel' && modelOf(o) === model) && touched.has(`${app}.${model}`));
        if (blocks) continue outer;
      }
    }
  }
  return ops;
}
