// Discover and load migration files (`<app path>/migrations/NNNN_name.ts`) through dynamic
// import, build the migration graph (squashed migrations replace the ones they squash when
// possible), and replay it into a ProjectState. Every error names the file concerned.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MigrationError } from './errors.ts';
import { MigrationGraph } from './graph.ts';
import { Migration, type MigrationKey, type MigrationSpec } from './migration.ts';
import { ProjectState } from './state.ts';
import { ensureSelfResolution } from './self-resolve.ts';

/** An installed app as the migration system sees it. */
export interface MigrationApp {
  label: string;
  /** The app's folder (absolute); migrations live in `<path>/migrations/`. */
  path: string;
  /** Override the migrations folder (absolute); `null` disables migrations for the app. */
  migrationsPath?: string | null;
}

const FILE_RE = /^([A-Za-z0-9_]+)\.(ts|mts|js|mjs)$/;

/** Return the migrations folder of an app, or `null` when it has none. */
export function migrationsDir(app: MigrationApp): string | null {
  if (app.migrationsPath === null) return null;
  return app.migrationsPath ?? join(app.path, 'migrations');
}

/** List the migration files of a folder: `[name, file]`, sorted by name. */
export function listMigrationFiles(dir: string): [string, string][] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: [string, string][] = [];
  for (const entry of readdirSync(dir).sort()) {
    const m = FILE_RE.exec(entry);
    if (!m || entry.startsWith('_') || m[1] === 'index' || entry.endsWith('.d.ts')) continue;
    if (out.some(([n]) => n === m[1])) {
      throw new MigrationError(`Two migration files are named ${m[1]} in ${dir}; keep one`, 'migrations.duplicate_name', { file: join(dir, entry) });
    }
    out.push([m[1]!, join(dir, entry)]);
  }
  return out;
}

function checkSpec(spec: unknown, file: string): MigrationSpec {
  if (spec === null || typeof spec !== 'object') {
    throw new MigrationError(`${file} has no default export; export default defineMigration({ dependencies, operations })`, 'migrations.bad_file', { file });
  }
  const s = spec as Record<string, unknown>;
  for (const key of ['dependencies', 'operations', 'replaces', 'runBefore']) {
    if (s[key] !== undefined && !Array.isArray(s[key])) {
      throw new MigrationError(`${file}: '${key}' must be an array`, 'migrations.bad_file', { file });
    }
  }
  for (const key of ['dependencies', 'replaces', 'runBefore']) {
    for (const dep of (s[key] as unknown[] | undefined) ?? []) {
      if (!Array.isArray(dep) || dep.length !== 2 || typeof dep[0] !== 'string' || typeof dep[1] !== 'string') {
        throw new MigrationError(`${file}: each entry of '${key}' must be ['app_label', 'migration_name'], got ${JSON.stringify(dep)}`, 'migrations.bad_file', { file });
      }
    }
  }
  ((s.operations as unknown[] | undefined) ?? []).forEach((op, i) => {
    const o = op as { kind?: unknown; stateForwards?: unknown } | null;
    if (!o || typeof o.kind !== 'string' || typeof o.stateForwards !== 'function') {
      throw new MigrationError(`${file}: operation #${i + 1} is not a migration operation (use new CreateModel(...), new AddField(...), ...)`, 'migrations.bad_file', { file });
    }
  });
  return s as MigrationSpec;
}

/**
 * Load one migration file and return its Migration; errors name the file.
 */
export async function loadMigrationFile(appLabel: string, name: string, file: string): Promise<Migration> {
  ensureSelfResolution();
  let mod: { default?: unknown };
  try {
    // The file's modification time in the URL: a file changed since it was last imported in
    // this process (an edited migration, a long-running test) is read again.
    const stat = statSync(file);
    mod = (await import(`${pathToFileURL(file).href}?v=${stat.mtimeMs}-${stat.size}`)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Could not load migration ${appLabel}.${name} from ${file}: ${reason}`, 'migrations.bad_file', { file, cause: error });
  }
  return new Migration(appLabel, name, checkSpec(mod.default, file), file);
}

/**
 * Load every app's migrations and build the graph.
 *
 * @example
 * const loader = await MigrationLoader.load(apps.getAppConfigs(), { applied: await recorder.appliedKeys() });
 * loader.graph.leafNodes('polls'); // ['polls.0002_question_votes']
 */
export class MigrationLoader {
  readonly apps: MigrationApp[];
  readonly diskMigrations = new Map<string, Migration>();
  /** Apps with a migrations folder holding at least one migration. */
  readonly migratedApps = new Set<string>();
  readonly unmigratedApps = new Set<string>();
  graph = new MigrationGraph();
  /** Keys of the migrations applied on the database, when given. */
  applied: Set<string>;
  /** Squashed migration key -> the keys it replaces, for replacements in effect. */
  readonly replacements = new Map<string, string[]>();

  private constructor(apps: MigrationApp[], applied: Set<string>) {
    this.apps = apps;
    this.applied = applied;
  }

  /** Load migrations from disk and build the graph. */
  static async load(apps: MigrationApp[], options: { applied?: Iterable<string>; replaceMigrations?: boolean } = {}): Promise<MigrationLoader> {
    const loader = new MigrationLoader(apps, new Set(options.applied ?? []));
    await loader.#loadDisk();
    loader.buildGraph(options.replaceMigrations ?? true);
    return loader;
  }

  /** Return an app by label, or throw an error naming the unknown label. */
  app(label: string): MigrationApp {
    const app = this.apps.find((a) => a.label === label);
    if (!app) {
      const known = this.apps.map((a) => a.label).join(', ');
      throw new MigrationError(`No installed app with label '${label}' (installed: ${known || 'none'})`, 'migrations.unknown_app');
    }
    return app;
  }

  async #loadDisk(): Promise<void> {
    for (const app of this.apps) {
      const dir = migrationsDir(app);
      const files = dir ? listMigrationFiles(dir) : [];
      if (!files.length) {
        this.unmigratedApps.add(app.label);
        continue;
      }
      this.migratedApps.add(app.label);
      const loaded = await Promise.all(files.map(([name, file]) => loadMigrationFile(app.label, name, file)));
      for (const m of loaded) this.diskMigrations.set(m.key, m);
    }
  }

  /** Resolve `__first__` / `__latest__` and check that the app exists. */
  #resolveKey(dep: MigrationKey, from: Migration): string | null {
    const [app, name] = dep;
    if (!this.apps.some((a) => a.label === app)) {
      throw new MigrationError(`Migration ${from.key} (${from.where}) depends on app '${app}', which is not installed`, 'migrations.unknown_app', { file: from.file ?? undefined });
    }
    if (name === '__first__' || name === '__latest__') {
      if (this.unmigratedApps.has(app)) return null;
      const nodes = name === '__first__' ? this.graph.rootNodes(app) : this.graph.leafNodes(app);
      return nodes[0] ?? null;
    }
    return `${app}.${name}`;
  }

  /** (Re)build the graph from the loaded migrations and the applied set. */
  buildGraph(replaceMigrations = true): void {
    const graph = new MigrationGraph();
    this.graph = graph;
    this.replacements.clear();
    for (const m of this.diskMigrations.values()) graph.addNode(m);
    const deps: [Migration, string][] = [];
    const addDeps = (m: Migration, phase: 'plain' | 'special') => {
      for (const d of m.dependencies) {
        const special = d[1] === '__first__' || d[1] === '__latest__';
        if ((phase === 'special') !== special) continue;
        const key = this.#resolveKey(d, m);
        if (key) {
          graph.addDependency(m, key);
          deps.push([m, key]);
        }
      }
      if (phase === 'plain') {
        for (const d of m.runBefore) {
          const key = `${d[0]}.${d[1]}`;
          const child = graph.nodes.get(key);
          if (!child) {
            throw new MigrationError(`Migration ${m.key} (${m.where}) must run before ${key}, which does not exist`, 'migrations.missing_dependency', { file: m.file ?? undefined });
          }
          graph.addDependency(child, m.key);
        }
      }
    };
    for (const m of this.diskMigrations.values()) addDeps(m, 'plain');
    for (const m of this.diskMigrations.values()) addDeps(m, 'special');
    if (replaceMigrations) this.#applyReplacements();
    graph.ensureNotCyclic();
  }

  #applyReplacements(): void {
    const graph = this.graph;
    for (const squashed of this.diskMigrations.values()) {
      if (!squashed.replaces.length || !graph.nodes.has(squashed.key)) continue;
      const replaced = squashed.replaces.map(([a, n]) => `${a}.${n}`);
      const appliedCount = replaced.filter((k) => this.applied.has(k)).length;
      if (appliedCount === 0 || appliedCount === replaced.length) {
        // Use the squashed migration: dependants of the replaced ones now depend on it.
        if (appliedCount === replaced.length) this.applied.add(squashed.key);
        for (const key of replaced) {
          for (const child of [...(graph.children.get(key) ?? [])]) {
            if (child === squashed.key || replaced.includes(child)) continue;
            graph.parents.get(child)!.add(squashed.key);
            graph.children.get(squashed.key)!.add(child);
          }
          if (graph.nodes.has(key)) graph.removeNode(key);
        }
        this.replacements.set(squashed.key, replaced);
      } else {
        // Partly applied: keep the originals; dependants of the squash depend on all of them.
        for (const child of [...graph.children.get(squashed.key)!]) {
          for (const key of replaced) {
            if (!graph.nodes.has(key)) continue;
            graph.parents.get(child)!.add(key);
            graph.children.get(key)!.add(child);
          }
        }
        graph.removeNode(squashed.key);
      }
    }
  }

  /**
   * Replay migrations into a project state: up to and including `nodes` (all leaves when
   * omitted), or, with `atEnd: false`, everything before them.
   */
  projectState(nodes?: string[], atEnd = true): ProjectState {
    const state = new ProjectState([], this.apps.map((a) => a.label));
    const targets = nodes ?? this.graph.leafNodes();
    let plan = this.graph.fullPlan(targets);
    if (!atEnd) {
      const exclude = new Set(nodes ?? []);
      plan = plan.filter((k) => !exclude.has(k));
    }
    for (const key of plan) this.graph.get(key).mutateState(state, false);
    return state;
  }

  /** Throw when an app has more than one leaf migration, naming the files and `--merge`. */
  detectConflicts(): Map<string, string[]> {
    return this.graph.conflicts();
  }
}

/** Return a human list of conflicting leaves with their files, pointing at `--merge`. */
export function conflictMessage(graph: MigrationGraph, conflicts: Map<string, string[]>): string {
  const lines = ['Conflicting migrations detected; multiple leaf nodes in the migration graph:'];
  for (const [app, leaves] of conflicts) {
    lines.push(`  ${app}: ${leaves.map((k) => `${k.slice(app.length + 1)} (${graph.get(k).where})`).join(', ')}`);
  }
  lines.push("To fix them run 'reinhardt makemigrations --merge'");
  return lines.join('\n');
}
