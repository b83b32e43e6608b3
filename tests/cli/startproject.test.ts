import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reinhardt, tempDir } from './helpers.ts';

test('startproject creates a project linked to this checkout that passes check', () => {
  const dir = tempDir();
  const r = reinhardt(dir, ['startproject', 'mysite']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Created project 'mysite'/);
  const root = join(dir, 'mysite');
  for (const f of ['package.json', 'tsconfig.json', 'mysite/settings.ts', 'mysite/urls.ts', '.gitignore']) {
    assert.ok(existsSync(join(root, f)), `${f} exists`);
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.reinhardt.settings, './mysite/settings.ts');
  assert.match(pkg.dependencies.reinhardt, /^file:/);
  assert.equal(realpathSync(join(root, 'node_modules', 'reinhardt')), realpathSync(new URL('../..', import.meta.url).pathname));
  assert.match(readFileSync(join(root, 'mysite/settings.ts'), 'utf8'), /SECRET_KEY: 'reinhardt-insecure-[\w-]{40,}'/);

  const check = reinhardt(root, ['check']);
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stdout, /System check identified no issues \(0 silenced\)\./);
});

test('startproject into a directory refuses to overwrite existing files', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'package.json'), '{}');
  const r = reinhardt(dir, ['startproject', 'site', '.']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /already contains 'package.json'; refusing to overwrite/);
  assert.ok(!existsSync(join(dir, 'site', 'settings.ts')), 'nothing half-written');
});

test('startproject rejects invalid and reserved names', () => {
  const dir = tempDir();
  assert.match(reinhardt(dir, ['startproject', 'my-site']).stderr, /'my-site' is not a valid project name/);
  assert.match(reinhardt(dir, ['startproject', 'test']).stderr, /conflicts with a name/);
  assert.match(reinhardt(dir, ['startproject']).stderr, /missing argument <name>/);
});

test('check --deploy reports the deployment warnings with Django ids', () => {
  const dir = tempDir();
  reinhardt(dir, ['startproject', 'mysite']);
  const r = reinhardt(join(dir, 'mysite'), ['check', '--deploy']);
  assert.equal(r.code, 0);
  for (const id of ['security.W009', 'security.W018', 'security.W020']) assert.match(r.stdout, new RegExp(id.replace('.', '\\.')));
  const fail = reinhardt(join(dir, 'mysite'), ['check', '--deploy', '--fail-level', 'WARNING']);
  assert.equal(fail.code, 1);
  const silenced = reinhardt(join(dir, 'mysite'), ['check', '--deploy'], { REINHARDT_SILENCED_SYSTEM_CHECKS: 'security.W009,security.W018' });
  assert.match(silenced.stdout, /\(2 silenced\)/);
  assert.match(reinhardt(join(dir, 'mysite'), ['check', '--tag', 'nope']).stderr, /no system check with the 'nope' tag/);
});

test('a mistyped setting stops the CLI with the setting, the file and a suggestion', () => {
  const dir = tempDir();
  reinhardt(dir, ['startproject', 'mysite']);
  const settingsFile = join(dir, 'mysite', 'mysite', 'settings.ts');
  writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('DEBUG: true', 'DEBGU: true'));
  const r = reinhardt(join(dir, 'mysite'), ['check']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Unknown setting 'DEBGU' in .*mysite\/settings\.ts; did you mean 'DEBUG'\?/);
});
