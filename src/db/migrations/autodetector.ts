// The autodetector: compare the state replayed from migration files with the state of the
// current models and produce the operations that take one to the other, grouped into one new
// migration per app with explicit dependencies. Renames are asked of the questioner.

import {
  ALTERABLE_OPTION_KEYS,
  deepClone,
  deepEqual,
  isManyToMany,
  isRelation,
  type FieldDescription,
  type ModelOptions,
} from './descriptions.ts';
import type { MigrationGraph } from './graph.ts';
import { Migration, type MigrationKey } from './migration.ts';
import type { Operation } from './operations/base.ts';
import { AddConstraint, RemoveConstraint } from './operations/constraints.ts';
import { AddField, AlterField, RemoveField, RenameField } from './operations/fields.ts';
import { AddIndex, RemoveIndex, RenameIndex } from './operations/indexes.ts';
import { AlterModelOptions, AlterModelTable, AlterUniqueTogether, CreateModel, DeleteModel, RenameModel } from './operations/models.ts';
import { NO_DEFAULT, type Questioner } from './questioner.ts';
import { splitModelRef, type ModelState, type ProjectState } from './state.ts';

/** Phases order the operations of one app's migration so each finds what it needs. */
const PHASE = {
  renameModel: 0,
  removeIndex: 1,
  createModel: 2,
  renameField: 3,
  addField: 4,
  alterField: 5,
  alterModel: 6,
  addIndex: 7,
  removeField: 8,
  deleteModel: 9,
} as const;

interface Planned {
  op: Operation;
  phase: number;
  seq: number;
  /** Other apps this operation needs migrated first. */
  needs: Set<string>;
}

const AUTO_TYPES = new Set(['AutoField', 'BigAutoField', 'SmallAutoField']);

function relationApps(field: FieldDescription, appLabel: string): string[] {
  const out: string[] = [];
  for (const key of ['to', 'through'] as const) {
    const ref = field[key];
    if (typeof ref === 'string') {
      const [app] = splitModelRef(ref, appLabel);
      if (app !== appLabel) out.push(app);
    }
  }
  return out;
}

function fieldsEqual(a: ModelState, b: ModelState): boolean {
  return deepEqual([...a.fields.entries()], [...b.fields.entries()]);
}

function alterableOptions(o: ModelOptions): ModelOptions {
  const out: Record<string, unknown> = {};
  for (const k of ALTERABLE_OPTION_KEYS) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = deepClone(v);
  }
  return out as ModelOptions;
}

/**
 * Compare two project states and produce new migrations.
 *
 * @example
 * const detector = new MigrationAutodetector(loader.projectState(), modelsState, questioner);
 * const changes = await detector.changes(loader.graph);
 * changes.get('polls')?.[0]?.name; // '0002_question_votes'
 */
export class MigrationAutodetector {
  readonly fromState: ProjectState;
  readonly toState: ProjectState;
  readonly questioner: Questioner;
  #planned = new Map<string, Planned[]>();
  #seq = 0;

  constructor(fromState: ProjectState, toState: ProjectState, questioner: Questioner) {
    this.fromState = fromState;
    this.toState = toState;
    this.questioner = questioner;
  }

  #add(app: string, op: Operation, phase: number, needs: Iterable<string> = []): void {
    const list = this.#planned.get(app) ?? [];
    list.push({ op, phase, seq: this.#seq++, needs: new Set(needs) });
    this.#planned.set(app, list);
  }

  /**
   * Detect the changes and return the new migrations per app, named and with dependencies.
   * `apps` limits the result to those apps (plus apps they need new migrations from).
   */
  async changes(graph: MigrationGraph, options: { apps?: string[]; name?: string; now?: Date } = {}): Promise<Map<string, Migration[]>> {
    await this.#detect();
    return this.#arrange(graph, options);
  }

  async #detect(): Promise<void> {
    const from = this.fromState.clone();
    const to = this.toState;
    // 1. Renamed models.
    const removed = () => [...from.models.values()].filter((m) => !to.models.has(m.key));
    for (const added of [...to.models.values()].filter((m) => !from.models.has(m.key))) {
      for (const old of removed()) {
        if (old.appLabel !== added.appLabel) continue;
        const explicit = this.questioner.renameAnswer(`${old.appLabel}.${old.name}`);
        if (explicit !== undefined && explicit.toLowerCase() !== added.nameLower) continue;
        if (explicit === undefined && !fieldsEqual(old, added)) continue;
        if (!(await this.questioner.askRenameModel(old.appLabel, old.name, added.name))) continue;
        const op = new RenameModel({ oldName: old.name, newName: added.name });
        op.stateForwards(old.appLabel, from);
        this.#add(old.appLabel, op, PHASE.renameModel);
        break;
      }
    }
    // 2. Created models, ordered so that relation targets exist first.
    this.#createModels(from, [...to.models.values()].filter((m) => !from.models.has(m.key)));
    // 3. Changed models.
    for (const after of to.models.values()) {
      const before = from.models.get(after.key);
      if (before) await this.#compareModel(from, before, after);
    }
    // 4. Deleted models: relations between deleted models go first, then the tables.
    const gone = [...from.models.values()].filter((m) => !to.models.has(m.key));
    const goneKeys = new Set(gone.map((m) => m.key));
    for (const m of gone) {
      for (const [name, field] of m.fields) {
        if (!isRelation(field) || isManyToMany(field)) continue;
        const target = from.resolveTarget(String(field.to), m.appLabel);
        if (target.key !== m.key && goneKeys.has(target.key)) {
          this.#add(m.appLabel, new RemoveField({ modelName: m.name, name }), PHASE.removeField);
        }
      }
      this.#add(m.appLabel, new DeleteModel({ name: m.name }), PHASE.deleteModel);
    }
  }

  #createModels(from: ProjectState, added: ModelState[]): void {
    const pending = new Map(added.map((m) => [m.key, m]));
    const available = (ref: string, app: string, self: string): boolean => {
      const [a, n] = splitModelRef(ref, app);
      const key = `${a}.${n.toLowerCase()}`;
      return key === self || !pending.has(key) || a !== app || from.models.has(key);
    };
    while (pending.size) {
      let pick = [...pending.values()].find((m) =>
        [...m.fields.values()].every((f) => (!isRelation(f) ? true : available(String(f.to), m.appLabel, m.key) && (typeof f.through !== 'string' || available(f.through, m.appLabel, m.key)))),
      );
      const deferred: string[] = [];
      if (!pick) {
        // A cycle: create the first model without its unresolved relations, add them after.
        pick = pending.values().next().value!;
        for (const [name, f] of pick.fields) {
          const ready = available(String(f.to), pick.appLabel, pick.key) && (typeof f.through !== 'string' || available(f.through, pick.appLabel, pick.key));
          if (isRelation(f) && !ready) deferred.push(name);
        }
      }
      pending.delete(pick.key);
      const fields: Record<string, FieldDescription> = {};
      const needs = new Set<string>();
      for (const [name, f] of pick.fields) {
        for (const app of relationApps(f, pick.appLabel)) needs.add(app);
        if (!deferred.includes(name)) fields[name] = deepClone(f);
      }
      const options = deepClone(pick.options);
      const touchesDeferred = (list: string[] | undefined) => (list ?? []).some((f) => deferred.includes(f.replace(/^-/, '')));
      const lateIndexes = (options.indexes ?? []).filter((i) => touchesDeferred(i.fields));
      const lateConstraints = (options.constraints ?? []).filter((c) => touchesDeferred(c.fields));
      const lateTogether = (options.uniqueTogether ?? []).some((g) => touchesDeferred(g));
      if (lateIndexes.length) options.indexes = options.indexes!.filter((i) => !lateIndexes.includes(i));
      if (lateConstraints.length) options.constraints = options.constraints!.filter((c) => !lateConstraints.includes(c));
      if (lateTogether) delete options.uniqueTogether;
      for (const k of ['indexes', 'constraints'] as const) if (options[k] && !options[k]!.length) delete options[k];
      const args: ConstructorParameters<typeof CreateModel>[0] = { name: pick.name, fields, options };
      if (pick.bases.length) args.bases = [...pick.bases];
      this.#add(pick.appLabel, new CreateModel(args), PHASE.createModel, needs);
      for (const name of deferred) {
        this.#add(pick.appLabel, new AddField({ modelName: pick.name, name, field: deepClone(pick.getField(name)) }), PHASE.addField);
      }
      for (const index of lateIndexes) this.#add(pick.appLabel, new AddIndex({ modelName: pick.name, index }), PHASE.addIndex);
      for (const constraint of lateConstraints) this.#add(pick.appLabel, new AddConstraint({ modelName: pick.name, constraint }), PHASE.addIndex);
      if (lateTogether) {
        this.#add(pick.appLabel, new AlterUniqueTogether({ name: pick.name, uniqueTogether: deepClone(pick.options.uniqueTogether!) }), PHASE.alterModel);
      }
    }
  }

  async #compareModel(from: ProjectState, before: ModelState, after: ModelState): Promise<void> {
    const app = after.appLabel;
    const modelName = after.name;
    // Renamed fields.
    for (const [newName, newField] of after.fields) {
      if (before.fields.has(newName)) continue;
      for (const [oldName, oldField] of [...before.fields]) {
        if (after.fields.has(oldName)) continue;
        const explicit = this.questioner.renameAnswer(`${app}.${before.name}.${oldName}`);
        if (explicit !== undefined && explicit !== newName) continue;
        if (explicit === undefined && !deepEqual({ ...oldField, dbColumn: undefined }, { ...newField, dbColumn: undefined })) continue;
        if (!(await this.questioner.askRenameField(app, modelName, oldName, newName, newField))) continue;
        const op = new RenameField({ modelName, oldName, newName });
        op.stateForwards(app, from);
        this.#add(app, op, PHASE.renameField);
        before = from.getModel(app, modelName);
        break;
      }
    }
    // Added, altered and removed fields.
    for (const [name, field] of after.fields) {
      const old = before.fields.get(name);
      const needs = relationApps(field, app);
      if (!old) {
        await this.#addField(app, modelName, name, field, needs);
      } else if (!deepEqual(old, field)) {
        await this.#alterField(app, modelName, name, old, field, needs);
      }
    }
    for (const name of before.fields.keys()) {
      if (!after.fields.has(name)) this.#add(app, new RemoveField({ modelName, name }), PHASE.removeField);
    }
    // Options.
    if (before.options.dbTable !== after.options.dbTable) {
      this.#add(app, new AlterModelTable({ name: modelName, table: after.options.dbTable ?? null }), PHASE.alterModel);
    }
    const optsBefore = alterableOptions(before.options);
    const optsAfter = alterableOptions(after.options);
    if (!deepEqual(optsBefore, optsAfter)) {
      this.#add(app, new AlterModelOptions({ name: modelName, options: optsAfter }), PHASE.alterModel);
    }
    if (!deepEqual(before.options.uniqueTogether ?? [], after.options.uniqueTogether ?? [])) {
      this.#add(app, new AlterUniqueTogether({ name: modelName, uniqueTogether: deepClone(after.options.uniqueTogether ?? []) }), PHASE.alterModel);
    }
    this.#compareIndexes(app, modelName, before, after);
    this.#compareConstraints(app, modelName, before, after);
  }

  async #addField(app: string, modelName: string, name: string, field: FieldDescription, needs: string[]): Promise<void> {
    const needsValue =
      field.null !== true &&
      field.default === undefined &&
      field.dbDefault === undefined &&
      !field.primaryKey &&
      !AUTO_TYPES.has(field.type) &&
      !isManyToMany(field);
    if (needsValue) {
      const value = await this.questioner.askNotNullAddition(app, modelName, name);
      this.#add(app, new AddField({ modelName, name, field: { ...deepClone(field), default: value }, preserveDefault: false }), PHASE.addField, needs);
      return;
    }
    this.#add(app, new AddField({ modelName, name, field: deepClone(field) }), PHASE.addField, needs);
  }

  async #alterField(app: string, modelName: string, name: string, old: FieldDescription, field: FieldDescription, needs: string[]): Promise<void> {
    if (isManyToMany(old) !== isManyToMany(field)) {
      // A column cannot become a join table: remove and add.
      this.#add(app, new RemoveField({ modelName, name }), PHASE.renameField);
      await this.#addField(app, modelName, name, field, needs);
      return;
    }
    const becomesNotNull = old.null === true && field.null !== true && field.default === undefined && field.dbDefault === undefined;
    if (becomesNotNull) {
      const value = await this.questioner.askNotNullAlteration(app, modelName, name);
      if (value !== NO_DEFAULT) {
        this.#add(app, new AlterField({ modelName, name, field: { ...deepClone(field), default: value }, preserveDefault: false }), PHASE.alterField, needs);
        return;
      }
    }
    this.#add(app, new AlterField({ modelName, name, field: deepClone(field) }), PHASE.alterField, needs);
  }

  #compareIndexes(app: string, modelName: string, before: ModelState, after: ModelState): void {
    const oldList = before.options.indexes ?? [];
    const newList = after.options.indexes ?? [];
    const removed = oldList.filter((o) => !newList.some((n) => n.name === o.name && deepEqual(n, o)));
    const added = newList.filter((n) => !oldList.some((o) => o.name === n.name && deepEqual(n, o)));
    for (const n of [...added]) {
      const same = removed.find((o) => !newList.some((x) => x.name === o.name) && deepEqual({ ...o, name: '' }, { ...n, name: '' }));
      if (same && !oldList.some((o) => o.name === n.name)) {
        this.#add(app, new RenameIndex({ modelName, oldName: same.name, newName: n.name }), PHASE.addIndex);
        removed.splice(removed.indexOf(same), 1);
        added.splice(added.indexOf(n), 1);
      }
    }
    for (const o of removed) this.#add(app, new RemoveIndex({ modelName, name: o.name }), PHASE.removeIndex);
    for (const n of added) this.#add(app, new AddIndex({ modelName, index: deepClone(n) }), PHASE.addIndex);
  }

  #compareConstraints(app: string, modelName: string, before: ModelState, after: ModelState): void {
    const oldList = before.options.constraints ?? [];
    const newList = after.options.constraints ?? [];
    for (const o of oldList) {
      if (!newList.some((n) => deepEqual(n, o))) this.#add(app, new RemoveConstraint({ modelName, name: o.name }), PHASE.removeIndex);
    }
    for (const n of newList) {
      if (!oldList.some((o) => deepEqual(n, o))) this.#add(app, new AddConstraint({ modelName, constraint: deepClone(n) }), PHASE.addIndex);
    }
  }

  #arrange(graph: MigrationGraph, options: { apps?: string[]; name?: string; now?: Date }): Map<string, Migration[]> {
    // Keep the requested apps and, transitively, the apps whose new operations they need.
    let keep = new Set(this.#planned.keys());
    if (options.apps) {
      keep = new Set(options.apps.filter((a) => this.#planned.has(a)));
      const queue = [...keep];
      while (queue.length) {
        const app = queue.pop()!;
        for (const p of this.#planned.get(app) ?? []) {
          for (const need of p.needs) {
            if (this.#planned.has(need) && !keep.has(need)) {
              keep.add(need);
              queue.push(need);
            }
          }
        }
      }
    }
    const result = new Map<string, Migration[]>();
    const names = new Map<string, string>();
    for (const app of [...keep].sort()) {
      const planned = this.#planned.get(app)!.sort((a, b) => a.phase - b.phase || a.seq - b.seq);
      const leaves = graph.leafNodes(app);
      const numbers = [...graph.nodes.values()].filter((m) => m.appLabel === app).map((m) => Number.parseInt(m.name, 10)).filter((n) => !Number.isNaN(n));
      const next = String((numbers.length ? Math.max(...numbers) : 0) + 1).padStart(4, '0');
      const initial = leaves.length === 0;
      const ops = planned.map((p) => p.op);
      const name = `${next}_${options.name ?? suggestName(ops, initial, options.now)}`;
      names.set(app, name);
      const migration = new Migration(app, name, { operations: ops, initial });
      result.set(app, [migration]);
    }
    for (const [app, [migration]] of result as Map<string, [Migration]>) {
      const deps: MigrationKey[] = graph.leafNodes(app).map((k) => [app, k.slice(app.length + 1)]);
      const needs = new Set<string>();
      for (const p of this.#planned.get(app)!) for (const n of p.needs) needs.add(n);
      for (const other of [...needs].sort()) {
        if (other === app) continue;
        const created = names.get(other);
        if (created) deps.push([other, created]);
        else {
          const leaf = graph.leafNodes(other)[0];
          deps.push([other, leaf ? leaf.slice(other.length + 1) : '__first__']);
        }
      }
      migration.dependencies = deps;
    }
    return result;
  }
}

/**
 * Suggest a migration name from its operations: `initial`, one operation's fragment, several
 * fragments joined, or `auto_<date>` when they do not say enough.
 *
 * @example
 * suggestName([new AddField({ modelName: 'Question', name: 'votes', field })], false); // 'question_votes'
 */
export function suggestName(ops: Operation[], initial: boolean, now = new Date()): string {
  if (initial) return 'initial';
  const fragments = ops.map((o) => o.migrationNameFragment);
  if (fragments.length && fragments.every((f): f is string => f !== null)) {
    const joined = fragments.join('_');
    if (joined.length <= 52) return joined;
    return `${fragments[0]}_and_more`.slice(0, 60);
  }
  const iso = now.toISOString();
  return `auto_${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 16).replace(':', '')}`;
}
