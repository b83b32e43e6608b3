// Benchmark: makemigrations and migrate on a generated 200-model project (10 apps x 20 models,
// foreign keys within and across apps, indexes), on SQLite and PostgreSQL. The goal is under
// two seconds for each command. Run: node --import tsx bench/migrations.ts
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { configure } from '../dist/conf/index.js';
import { makemigrations } from '../dist/db/migrations/commands/makemigrations.js';
import { migrate } from '../dist/db/migrations/commands/migrate.js';
import { projectStateFromModels } from '../dist/db/migrations/from-models.js';
import type { ProjectState } from '../dist/db/migrations/state.js';
import { setupTestDatabase, testDatabases } from '../dist/test/databases.js';

configure({ DEBUG: false, DATABASES: {} } as never);

const APPS = 10;
const PER_APP = 20;
const modelsUrl = pathToFileURL(join(import.meta.dirname, '..', 'src', 'db', 'models', 'index.ts')).href;

function modelsSource(app: number, extraField: boolean): string {
  const lines = [`import { Model, fields, CASCADE, SET_NULL, Index } from '${modelsUrl}';`];
  if (app > 0) lines.push(`import * as prev from '../app${app - 1}/models.ts';`);
  for (let i = 0; i < PER_APP; i++) {
    const f = [
      `  name: fields.CharField({ maxLength: 100 }),`,
      `  count: fields.IntegerField({ default: 0 }),`,
      `  created: fields.DateTimeField(),`,
      `  flag: fields.BooleanField({ default: false }),`,
      `  price: fields.DecimalField({ maxDigits: 10, decimalPlaces: 2, null: true }),`,
      `  notes: fields.TextField({ null: true }),`,
    ];
    if (i > 0) f.push(`  parent: fields.ForeignKey(M${i - 1}, { onDelete: CASCADE }),`);
    if (app > 0 && i % 5 === 0) f.push(`  other: fields.ForeignKey(prev.M${i}, { onDelete: SET_NULL, null: true }),`);
    if (extraField && i < 1) f.push(`  added: fields.IntegerField({ null: true }),`);
    const meta = i % 4 === 0 ? `, indexes: [new Index({ fields: ['name'], name: 'app${app}_m${i}_name_idx' })]` : '';
    lines.push(`export class M${i} extends Model.define<M${i}>()({\n${f.join('\n')}\n}, { appLabel: 'app${app}'${meta} }) {}`);
  }
  return lines.join('\n') + '\n';
}

async function loadState(root: string, version: number): Promise<ProjectState> {
  const models: unknown[] = [];
  for (let a = 0; a < APPS; a++) {
    const mod = (await import(`${pathToFileURL(join(root, `app${a}`, 'models.ts')).href}?v=${version}`)) as Record<string, unknown>;
    models.push(...Object.values(mod));
  }
  return projectStateFromModels(models);
}

async function time<T>(label: string, fn: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  ${ms < 2000 ? '(goal < 2000 ms: met)' : '(goal < 2000 ms: MISSED)'}`);
  return ms;
}

const root = mkdtempSync(join(tmpdir(), 'rt_g_bench_'));
writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
const apps = Array.from({ length: APPS }, (_, a) => ({ label: `app${a}`, path: join(root, `app${a}`) }));
for (let a = 0; a < APPS; a++) {
  mkdirSync(join(root, `app${a}`, 'migrations'), { recursive: true });
  writeFileSync(join(root, `app${a}`, 'models.ts'), modelsSource(a, false));
}
const quiet = () => new PassThrough().resume();
console.log(`Generated project: ${APPS} apps x ${PER_APP} models = ${APPS * PER_APP} models`);

try {
  let state: ProjectState | undefined;
  await time('import and describe the 200 models', async () => {
    state = await loadState(root, 1);
  });
  const env = { apps: () => apps, currentState: () => state! };
  await time('makemigrations (initial: 10 migrations, 200 CreateModel)', () => makemigrations({ stdout: quiet(), noInput: true, env }));
  await time('makemigrations (no changes: load, replay, compare)', () => makemigrations({ stdout: quiet(), noInput: true, env }));
  writeFileSync(join(root, 'app3', 'models.ts'), modelsSource(3, true));
  const changed = await loadState(root, 2);
  await time('makemigrations (one field added)', () => makemigrations({ stdout: quiet(), noInput: true, env: { ...env, currentState: () => changed } }));

  for (const db of testDatabases().filter((d) => d.key !== 'mysql')) {
    if (db.skip) {
      console.log(`${db.vendor}: skipped (${db.skip})`);
      continue;
    }
    const h = await setupTestDatabase(db, { prefix: 'rt_g_bench_', pool: { max: 4 } });
    try {
      const dbEnv = { ...env, connection: () => h.connection };
      await time(`migrate on ${db.vendor} (11 migrations, 200 tables)`, () => migrate({ stdout: quiet(), env: dbEnv }));
      await time(`migrate on ${db.vendor} (nothing to do)`, () => migrate({ stdout: quiet(), env: dbEnv }));
      await time(`migrate app3 0001 on ${db.vendor} (unapply one migration)`, () => migrate({ stdout: quiet(), appLabel: 'app3', target: '0001', env: dbEnv }));
    } finally {
      await h.teardown();
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
