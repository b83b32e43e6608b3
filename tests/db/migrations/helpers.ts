// Shared helpers for the migration tests: temporary apps on disk and states from descriptions.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelState, ProjectState } from '../../../src/db/migrations/state.ts';
import type { FieldDescription, ModelOptions } from '../../../src/db/migrations/descriptions.ts';
import type { MigrationApp } from '../../../src/db/migrations/loader.ts';
import type { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';

export interface ModelDef {
  fields: Record<string, FieldDescription>;
  options?: ModelOptions;
}

/** Build a project state from `{ 'app.Model': { fields, options } }`. */
export function stateOf(models: Record<string, ModelDef>, apps: string[] = []): ProjectState {
  const s = new ProjectState([], apps);
  for (const [ref, def] of Object.entries(models)) {
    const [app, name] = ref.split('.') as [string, string];
    s.addModel(new ModelState(app, name, def.fields, def.options ?? {}));
    s.realApps.add(app);
  }
  return s;
}

/** A temporary project folder with one folder per app; `cleanup()` removes it. */
export function tempApps(labels: string[]): { root: string; apps: MigrationApp[]; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'rt_g_'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  const apps = labels.map((label) => {
    const path = join(root, label);
    mkdirSync(join(path, 'migrations'), { recursive: true });
    return { label, path };
  });
  return { root, apps, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Write migrations into their app folders. */
export function writeAll(apps: MigrationApp[], changes: Map<string, Migration[]>): string[] {
  const files: string[] = [];
  for (const [label, list] of changes) {
    const app = apps.find((a) => a.label === label)!;
    for (const m of list) {
      const file = join(app.path, 'migrations', `${m.name}.ts`);
      writeFileSync(file, writeMigration(m));
      files.push(file);
    }
  }
  return files;
}

export const pk: FieldDescription = { type: 'BigAutoField', primaryKey: true };
