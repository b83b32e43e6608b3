// The migration graph: nodes are migrations, edges their dependencies. It answers the plans
// (what to apply to reach a target, what to unapply), the leaves of each app, and it refuses
// cycles and missing dependencies with the file named.

import { MigrationGraphError } from './errors.ts';
import type { Migration } from './migration.ts';

/**
 * Hold migrations and their dependencies; compute forwards and backwards plans.
 *
 * @example
 * const g = new MigrationGraph();
 * g.addNode(m1); g.addNode(m2); g.addDependency(m2, 'polls.0001_initial');
 * g.forwardsPlan('polls.0002_votes'); // ['polls.0001_initial', 'polls.0002_votes']
 */
export class MigrationGraph {
  readonly nodes = new Map<string, Migration>();
  readonly parents = new Map<string, Set<string>>();
  readonly children = new Map<string, Set<string>>();

  /** Add a migration node. */
  addNode(migration: Migration): void {
    this.nodes.set(migration.key, migration);
    if (!this.parents.has(migration.key)) this.parents.set(migration.key, new Set());
    if (!this.children.has(migration.key)) this.children.set(migration.key, new Set());
  }

  /** Remove a node and its edges. */
  removeNode(key: string): void {
    for (const p of this.parents.get(key) ?? []) this.children.get(p)?.delete(key);
    for (const c of this.children.get(key) ?? []) this.parents.get(c)?.delete(key);
    this.nodes.delete(key);
    this.parents.delete(key);
    this.children.delete(key);
  }

  /** Make `child` depend on `parent`; fails naming the child's file when `parent` is unknown. */
  addDependency(child: Migration, parent: string): void {
    if (!this.nodes.has(parent)) {
      throw new MigrationGraphError(
        `Migration ${child.key} (${child.where}) depends on ${parent}, which does not exist; check the app label and the migration name in its dependencies`,
        'migrations.missing_dependency',
        { file: child.file ?? undefined },
      );
    }
    this.parents.get(child.key)!.add(parent);
    this.children.get(parent)!.add(child.key);
  }

  /** Return the migration for a key or throw an error naming it. */
  get(key: string): Migration {
    const m = this.nodes.get(key);
    if (!m) throw new MigrationGraphError(`Migration ${key} does not exist`, 'migrations.unknown_migration');
    return m;
  }

  /** Return the keys to apply, in order, so that `target` and everything it needs are applied. */
  forwardsPlan(target: string): string[] {
    this.get(target);
    return this.#walk(target, this.parents);
  }

  /** Return the keys to unapply, in order, so that `target` and everything needing it are gone. */
  backwardsPlan(target: string): string[] {
    this.get(target);
    return this.#walk(target, this.children);
  }

  /** Post-order walk over `edges` from `start`: dependencies before dependants. */
  #walk(start: string, edges: Map<string, Set<string>>): string[] {
    const out: string[] = [];
    const done = new Set<string>();
    const stack: [string, string[]][] = [[start, [...(edges.get(start) ?? [])].sort()]];
    const onPath = new Set<string>([start]);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = top[1].shift();
      if (next === undefined) {
        stack.pop();
        onPath.delete(top[0]);
        if (!done.has(top[0])) {
          done.add(top[0]);
          out.push(top[0]);
        }
        continue;
      }
      if (done.has(next)) continue;
      if (onPath.has(next)) this.#cycle([...stack.map((s) => s[0]), next]);
      onPath.add(next);
      stack.push([next, [...(edges.get(next) ?? [])].sort()]);
    }
    return out;
  }

  #cycle(path: string[]): never {
    const start = path.indexOf(path[path.length - 1]!);
    const cycle = path.slice(start);
    const files = cycle.slice(0, -1).map((k) => this.nodes.get(k)?.where ?? k);
    throw new MigrationGraphError(
      `Circular dependency between migrations: ${cycle.join(' -> ')} (files: ${files.join(', ')})`,
      'migrations.circular_dependency',
      { file: files[0] },
    );
  }

  /** Throw when the graph has a cycle, naming the migrations and files. */
  ensureNotCyclic(): void {
    const state = new Map<string, 1 | 2>();
    for (const start of [...this.nodes.keys()].sort()) {
      if (state.has(start)) continue;
      const stack: [string, string[]][] = [[start, [...this.parents.get(start)!].sort()]];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const next = top[1].shift();
        if (next === undefined) {
          state.set(top[0], 2);
          stack.pop();
          continue;
        }
        const s = state.get(next);
        if (s === 2) continue;
        if (s === 1) this.#cycle([...stack.map((x) => x[0]), next]);
        state.set(next, 1);
        stack.push([next, [...this.parents.get(next)!].sort()]);
      }
    }
  }

  /** Return the leaf migrations (nothing of the same app depends on them), sorted. */
  leafNodes(appLabel?: string): string[] {
    const out: string[] = [];
    for (const [key, m] of this.nodes) {
      if (appLabel !== undefined && m.appLabel !== appLabel) continue;
      const sameAppChild = [...this.children.get(key)!].some((c) => this.nodes.get(c)!.appLabel === m.appLabel);
      if (!sameAppChild) out.push(key);
    }
    return out.sort();
  }

  /** Return the root migrations of an app (no dependency within the same app), sorted. */
  rootNodes(appLabel?: string): string[] {
    const out: string[] = [];
    for (const [key, m] of this.nodes) {
      if (appLabel !== undefined && m.appLabel !== appLabel) continue;
      const sameAppParent = [...this.parents.get(key)!].some((p) => this.nodes.get(p)!.appLabel === m.appLabel);
      if (!sameAppParent) out.push(key);
    }
    return out.sort();
  }

  /** Return the apps that have more than one leaf, with the leaves. */
  conflicts(): Map<string, string[]> {
    const byApp = new Map<string, string[]>();
    for (const key of this.leafNodes()) {
      const app = this.nodes.get(key)!.appLabel;
      byApp.set(app, [...(byApp.get(app) ?? []), key]);
    }
    for (const [app, leaves] of byApp) if (leaves.length < 2) byApp.delete(app);
    return byApp;
  }

  /** Return every migration of every app, in an order that respects all dependencies. */
  fullPlan(leaves: string[] = this.leafNodes()): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const leaf of leaves) {
      for (const key of this.forwardsPlan(leaf)) {
        if (!seen.has(key)) {
          seen.add(key);
          out.push(key);
        }
      }
    }
    return out;
  }
}
