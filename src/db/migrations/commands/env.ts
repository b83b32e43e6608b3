// What the migration commands need from the project: its apps, a connection per alias, the
// transaction runner and the current models as a project state. Defaults come from the app
// registry and the connections; tests pass their own.

import { apps as registry } from '../../../apps/registry.ts';
import { connections } from '../../connections.ts';
import type { MigrationConnection } from '../db-types.ts';
import type { MigrationApp } from '../loader.ts';
import type { ProjectState } from '../state.ts';
import { projectStateFromModels } from '../from-models.ts';

/** The project a migration command works on. */
export interface MigrationEnv {
  /** Installed apps (label and folder). */
  apps(): MigrationApp[];
  /** The connection of a database alias. */
  connection(alias: string): MigrationConnection;
  /** The state of the models as declared now (what `makemigrations` compares with). */
  currentState(): ProjectState;
}

let provider: Partial<MigrationEnv> = {};

/** Install the default pieces of the environment (done by the ORM integration module). */
export function setMigrationEnv(parts: Partial<MigrationEnv>): void {
  provider = { ...provider, ...parts };
}

/** Return the environment: `overrides`, then installed defaults, then the app registry. */
export function resolveEnv(overrides: Partial<MigrationEnv> = {}): MigrationEnv {
  const merged = { ...provider, ...overrides };
  return {
    apps: merged.apps ?? (() => registry.getAppConfigs().map((c) => ({ label: c.label, path: c.path }))),
    connection: merged.connection ?? ((alias) => connections.get(alias)),
    currentState: merged.currentState ?? (() => projectStateFromModels(registry.getModels(), registry.getAppConfigs().map((c) => c.label))),
  };
}
