// The executor: plans which migrations to apply or unapply to reach targets, then runs them.
// Where DDL is transactional each migration runs in one transaction; elsewhere (MySQL) each
// operation's completion is recorded so a failure names the operation and a rerun resumes.

import type { MigrationConnection } from './db-types.ts';
import { MigrationError, PartialMigrationError } from './errors.ts';
import { historicalApps } from './historical.ts';
import { MigrationLoader, conflictMessage, type MigrationApp } from './loader.ts';
import type { Migration } from './migration.ts';
import type { DatabaseStep, Operation, SchemaActions } from './operations/base.ts';
import { isConfigured } from '../../conf/settings.ts';
import { router } from '../connections.ts';
import { MigrationRecorder } from './recorder.ts';
import { schemaActions } from './schema-actions.ts';
import type { ProjectState } from './state.ts';
import { columnName } from './table-spec.ts';
import { isManyToMany } from './descriptions.ts';

/** A target: `[appLabel, migrationName]`, or `[appLabel, null]` to unapply the whole app. */
export type MigrationTarget = [appLabel: string, name: string | null];

/** One step of a plan. */
export interface PlanStep {
  migration: Migration;
  backwards: boolean;
}

/** Progress events the executor reports (the `migrate` command prints them). */
export interface MigrationProgress {
  action: 'apply_start' | 'apply_success' | 'unapply_start' | 'unapply_success' | 'skipped';
  migration: Migration;
  fake?: boolean;
}



/** Options of `MigrationExecutor.migrate`. */
export interface MigrateOptions {
  /** Record the migrations as applied/unapplied without running them. */
  fake?: boolean;
  /** Fake an initial migration whose tables (and columns) all exist already. */
  fakeInitial?: boolean;
  onProgress?: (event: MigrationProgress) => void;
}

/**
 * Plan and run migrations on one connection.
 *
 * @example
 * const executor = await MigrationExecutor.create(conn, apps.getAppConfigs());
 * await executor.migrate(executor.leafTargets());
 */
export class MigrationExecutor {
  readonly connection: MigrationConnection;
  readonly recorder: MigrationRecorder;
  readonly apps: MigrationApp[];
  loader!: MigrationLoader;

  private constructor(connection: MigrationConnection, apps: MigrationApp[]) {
    this.connection = connection;
    this.recorder = new MigrationRecorder(connection);
    this.apps = apps;
  }

  /** Load the migrations and what is applied on `connection`. */
  static async create(connection: MigrationConnection, apps: MigrationApp[]): Promise<MigrationExecutor> {
    const executor = new MigrationExecutor(connection, apps);
    await executor.reload();
    return executor;
  }

  /** Reload the migration files' graph and the applied set from the database. */
  async reload(): Promise<void> {
    this.loader = await MigrationLoader.load(this.apps, { applied: await this.recorder.appliedKeys() });
  }

  /** Throw when an app has conflicting leaf migrations (naming the files and `--merge`). */
  checkConflicts(): void {
    const conflicts = this.loader.detectConflicts();
    if (conflicts.size) throw new MigrationError(conflictMessage(this.loader.graph, conflicts), 'migrations.conflict');
  }

  /** Targets that bring every app (or one app) up to its latest migration. */
  leafTargets(appLabel?: string): MigrationTarget[] {
    if (appLabel !== undefined) this.loader.app(appLabel);
    return this.loader.graph.leafNodes(appLabel).map((k) => {
      const m = this.loader.graph.get(k);
      return [m.appLabel, m.name];
    });
  }

  /**
   * Resolve a migration name or unique prefix of an app (`'0002'`, `'0002_votes'`, `'zero'`).
   */
  resolveTarget(appLabel: string, name: string): MigrationTarget {
    this.loader.app(appLabel);
    if (name === 'zero') return [appLabel, null];
    const nodes = [...this.loader.graph.nodes.values()].filter((m) => m.appLabel === appLabel);
    const exact = nodes.find((m) => m.name === name);
    if (exact) return [appLabel, exact.name];
    const matches = nodes.filter((m) => m.name.startsWith(name));
    if (matches.length === 1) return [appLabel, matches[0]!.name];
    if (matches.length > 1) {
      throw new MigrationError(`More than one migration of '${appLabel}' matches '${name}': ${matches.map((m) => m.name).join(', ')}; give more of the name`, 'migrations.ambiguous_target');
    }
    throw new MigrationError(`Cannot find a migration matching '${name}' in app '${appLabel}'`, 'migrations.unknown_migration');
  }

  /** Return the steps that reach the targets: all forwards or all backwards. */
  migrationPlan(targets: MigrationTarget[]): PlanStep[] {
    const graph = this.loader.graph;
    const applied = this.loader.applied;
    const seen = new Set<string>();
    const plan: PlanStep[] = [];
    const push = (key: string, backwards: boolean) => {
      if (seen.has(key)) return;
      seen.add(key);
      plan.push({ migration: graph.get(key), backwards });
    };
    for (const [app, name] of targets) {
      if (name === null) {
        for (const root of graph.rootNodes(app)) {
          for (const key of graph.backwardsPlan(root)) if (applied.has(key)) push(key, true);
        }
      } else if (applied.has(`${app}.${name}`)) {
        const key = `${app}.${name}`;
        for (const child of [...graph.children.get(key)!].sort()) {
          if (graph.get(child).appLabel !== app) continue;
          for (const k of graph.backwardsPlan(child)) if (applied.has(k)) push(k, true);
        }
      } else {
        for (const key of graph.forwardsPlan(`${app}.${name}`)) if (!applied.has(key)) push(key, false);
      }
    }
    if (plan.some((s) => s.backwards) && plan.some((s) => !s.backwards)) {
      throw new MigrationError('Migration plans with both forwards and backwards steps are not supported; migrate one app at a time', 'migrations.mixed_plan');
    }
    return plan;
  }

  /** Replay the applied migrations (except `exclude`) into a state. */
  #appliedState(exclude: Set<string>): { state: ProjectState; order: string[] } {
    const order = this.loader.graph.fullPlan();
    const state = this.loader.projectState([], true);
    for (const key of order) {
      if (this.loader.applied.has(key) && !exclude.has(key)) this.loader.graph.get(key).mutateState(state, false);
    }
    return { state, order };
  }

  /**
   * Apply or unapply the plan that reaches `targets`. Takes the migrate lock first and plans
   * again under it, so a concurrent run's work is not repeated.
   */
  async migrate(targets: MigrationTarget[], options: MigrateOptions = {}): Promise<PlanStep[]> {
    return this.recorder.withLock(async () => {
      await this.recorder.ensureSchema();
      await this.reload();
      const plan = this.migrationPlan(targets);
      if (!plan.length) return plan;
      if (plan[0]!.backwards) await this.#migrateBackwards(plan, options);
      else await this.#migrateForwards(plan, options);
      return plan;
    });
  }

  async #migrateForwards(plan: PlanStep[], options: MigrateOptions): Promise<void> {
    let { state } = this.#appliedState(new Set());
    for (const { migration } of plan) {
      options.onProgress?.({ action: 'apply_start', migration, fake: options.fake === true });
      let fake = options.fake === true;
      if (!fake && options.fakeInitial && migration.initial) fake = await this.#softApplied(migration, state);
      state = await this.applyMigration(state, migration, fake);
      options.onProgress?.({ action: 'apply_success', migration, fake });
    }
  }

  async #migrateBackwards(plan: PlanStep[], options: MigrateOptions): Promise<void> {
    const unapply = new Set(plan.map((s) => s.migration.key));
    const { state: base, order } = this.#appliedState(unapply);
    const before = new Map<string, ProjectState>();
    const after = new Map<string, ProjectState>();
    let state = base;
    for (const key of order) {
      if (!unapply.has(key)) continue;
      before.set(key, state);
      state = this.loader.graph.get(key).mutateState(state);
      after.set(key, state);
    }
    for (const { migration } of plan) {
      const irreversible = migration.operations.find((o) => !o.reversible);
      if (irreversible && !options.fake) {
        throw new MigrationError(`Operation '${irreversible.describe()}' in ${migration.key} (${migration.where}) is not reversible`, 'migrations.irreversible', { file: migration.file ?? undefined });
      }
    }
    for (const { migration } of plan) {
      options.onProgress?.({ action: 'unapply_start', migration, fake: options.fake === true });
      await this.unapplyMigration(after.get(migration.key)!, before.get(migration.key)!, migration, options.fake === true);
      options.onProgress?.({ action: 'unapply_success', migration, fake: options.fake === true });
    }
  }

  #step(schema: SchemaActions, migration: Migration, fromState: ProjectState, toState: ProjectState): DatabaseStep {
    return {
      appLabel: migration.appLabel,
      schema,
      fromState,
      toState,
      runCodeContext: (state) => ({ apps: historicalApps(this.connection, state), schema, connection: this.connection, using: this.connection.alias }),
    };
  }

  /** Apply one migration from `state`; return the state after it. */
  async applyMigration(state: ProjectState, migration: Migration, fake = false): Promise<ProjectState> {
    const { appLabel, name } = migration;
    if (fake) {
      await this.recorder.recordApplied(appLabel, name);
      for (const key of this.loader.replacements.get(migration.key) ?? []) {
        const [a, n] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
        await this.recorder.recordApplied(a, n);
      }
      return migration.mutateState(state);
    }
    const editor = this.connection.schemaEditor();
    const schema = schemaActions(this.connection, editor);
    if (this.connection.features.canRollbackDdl && migration.atomic) {
      // One transaction per migration (on SQLite, with foreign-key checks deferred to its end).
      return editor.run(async () => {
        await this.recorder.claimWriteLock();
        if ((await this.recorder.appliedKeys()).has(migration.key)) return migration.mutateState(state);
        let current = state;
        for (const op of migration.operations) {
          const next = current.clone();
          op.stateForwards(appLabel, next);
          if (this.#allowed(migration, op)) {
            await this.#runOp(() => op.databaseForwards(this.#step(schema, migration, current, next)), migration, op.describe());
          }
          current = next;
        }
        await this.#recordApplied(migration);
        return current;
      });
    }
    // DDL is not transactional: record each operation, resume after the last one done.
    const done = (await this.recorder.partial()).get(migration.key) ?? 0;
    let current = state;
    for (const [i, op] of migration.operations.entries()) {
      const next = current.clone();
      op.stateForwards(appLabel, next);
      if (i >= done && this.#allowed(migration, op)) {
        try {
          await op.databaseForwards(this.#step(schema, migration, current, next));
        } catch (error) {
          const total = migration.operations.length;
          const kept = i === 0 ? 'No operation of it was applied' : `Operations 1-${i} were applied and are recorded`;
          throw new PartialMigrationError(
            `Migration ${migration.key} (${migration.where}) stopped at operation ${i + 1}/${total} (${op.describe()}): ${(error as Error).message}. ` +
              `${kept}; this database cannot roll back schema changes. Fix the cause and run migrate again: it resumes at operation ${i + 1}.`,
            migration.key,
            i,
            error,
          );
        }
        if (i < migration.operations.length - 1) await this.recorder.recordProgress(appLabel, name, i + 1);
      }
      current = next;
    }
    await this.#recordApplied(migration);
    return current;
  }

  async #runOp(run: () => Promise<void>, migration: Migration, description: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(
        `Migration ${migration.key} (${migration.where}) failed at '${description}': ${(error as Error).message}. The migration was rolled back.`,
        'migrations.failed',
        { file: migration.file ?? undefined, cause: error },
      );
    }
  }

  async #recordApplied(migration: Migration): Promise<void> {
    const replaced = this.loader.replacements.get(migration.key);
    if (replaced) {
      for (const key of replaced) {
        const dot = key.indexOf('.');
        await this.recorder.recordApplied(key.slice(0, dot), key.slice(dot + 1));
      }
    }
    await this.recorder.recordApplied(migration.appLabel, migration.name);
  }

  async #recordUnapplied(migration: Migration): Promise<void> {
    for (const key of this.loader.replacements.get(migration.key) ?? []) {
      const dot = key.indexOf('.');
      await this.recorder.recordUnapplied(key.slice(0, dot), key.slice(dot + 1));
    }
    await this.recorder.recordUnapplied(migration.appLabel, migration.name);
  }

  /** Unapply one migration: `after` is the state with it, `before` the state without it. */
  async unapplyMigration(after: ProjectState, before: ProjectState, migration: Migration, fake = false): Promise<void> {
    if (fake) {
      await this.#recordUnapplied(migration);
      return;
    }
    const editor = this.connection.schemaEditor();
    const schema = schemaActions(this.connection, editor);
    const run = async () => {
      // Intermediate states, then the operations in reverse order.
      const states: ProjectState[] = [before];
      for (const op of migration.operations) {
        const next = states[states.length - 1]!.clone();
        op.stateForwards(migration.appLabel, next);
        states.push(next);
      }
      for (let i = migration.operations.length - 1; i >= 0; i--) {
        const op = migration.operations[i]!;
        if (!this.#allowed(migration, op)) continue;
        await this.#runOp(() => op.databaseBackwards(this.#step(schema, migration, states[i + 1]!, states[i]!)), migration, op.describe());
      }
      await this.#recordUnapplied(migration);
    };
    void after;
    await editor.run(run, { atomic: this.connection.features.canRollbackDdl && migration.atomic });
  }

  /** Whether the routers let this operation touch this database (`allowMigrate`). */
  #allowed(migration: Migration, op: Operation): boolean {
    if (!isConfigured()) return true;
    const args = op.deconstruct();
    const model = (args.modelName ?? args.name ?? args.oldName) as unknown;
    const hints = (args.hints ?? {}) as Record<string, unknown>;
    return router.allowMigrate(this.connection.alias, migration.appLabel, typeof model === 'string' ? model.toLowerCase() : undefined, hints);
  }

  /** Whether every table and column an initial migration creates already exists. */
  async #softApplied(migration: Migration, state: ProjectState): Promise<boolean> {
    const tables = new Set(await this.connection.introspection.tableNames());
    const after = migration.mutateState(state);
    let found = false;
    for (const op of migration.operations) {
      const o = op as unknown as { kind: string; name?: string; modelName?: string };
      if (o.kind !== 'CreateModel' && o.kind !== 'AddField') continue;
      const model = after.getModel(migration.appLabel, o.kind === 'CreateModel' ? o.name! : o.modelName!);
      if (!model.managed) continue;
      if (!tables.has(model.dbTable)) return false;
      const cols = new Set((await this.connection.introspection.getColumns(model.dbTable)).map((c) => c.name));
      for (const [name, field] of model.fields) {
        if (isManyToMany(field)) continue;
        if (!cols.has(columnName(name, field)!)) return false;
      }
      found = true;
    }
    return found;
  }

  /** Return the SQL a migration would run (forwards or backwards) without running it. */
  async collectSql(migration: Migration, backwards = false): Promise<string[]> {
    const editor = this.connection.schemaEditor({ collectSql: true });
    const schema = schemaActions(this.connection, editor);
    const deps = this.loader.graph.forwardsPlan(migration.key).filter((k) => k !== migration.key);
    const before = this.loader.projectState(deps, true);
    const states: ProjectState[] = [before];
    for (const op of migration.operations) {
      const next = states[states.length - 1]!.clone();
      op.stateForwards(migration.appLabel, next);
      states.push(next);
    }
    const order = migration.operations.map((op, i) => [op, i] as const);
    if (backwards) order.reverse();
    // Through run(), so queued foreign keys come out at the end as they would when applied.
    await editor.run(async () => {
      for (const [op, i] of order) {
        editor.collectedSql.push(`-- ${op.describe()}`);
        if (!this.#allowed(migration, op)) {
          editor.collectedSql.push('-- (skipped on this database: DATABASE_ROUTERS allowMigrate() said no)');
          continue;
        }
        if (op.kind === 'RunCode') {
          editor.collectedSql.push('-- (code; no SQL to show)');
          continue;
        }
        const step = this.#step(schema, migration, backwards ? states[i + 1]! : states[i]!, backwards ? states[i]! : states[i + 1]!);
        if (backwards) await op.databaseBackwards(step);
        else await op.databaseForwards(step);
      }
    });
    return editor.collectedSql;
  }
}
