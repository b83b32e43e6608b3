import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reinhardt, tempDir } from './helpers.ts';

function projectWithApp(): string {
  const dir = tempDir();
  assert.equal(reinhardt(dir, ['startproject', 'mysite']).code, 0);
  const root = join(dir, 'mysite');
  const r = reinhardt(root, ['startapp', 'polls']);
  assert.equal(r.code, 0, r.stderr);
  const settingsFile = join(root, 'mysite', 'settings.ts');
  writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('INSTALLED_APPS: []', "INSTALLED_APPS: ['./polls']"));
  writeFileSync(join(root, 'polls', 'commands', 'closepoll.ts'), `import { defineCommand, CommandError } from 'reinhardt/core/management';

export default defineCommand({
  help: 'Close the given polls.',
  args: [{ name: 'pollIds', help: 'ids of the polls', variadic: true }],
  options: {
    delete: { type: 'boolean', help: 'delete instead of closing' },
    times: { type: 'number', default: 1, help: 'how many times' },
  },
  handle({ rest, options, stdout }) {
    if (rest.length === 0) throw new CommandError('give at least one poll id', 3);
    const total: number = options.times * rest.length;
    stdout.write(\`closed \${rest.join(',')} delete=\${options.delete} total=\${total}\\n\`);
  },
});
`);
  return root;
}

test('startapp creates the conventional parts of an app', () => {
  const root = projectWithApp();
  for (const f of ['app.ts', 'models.ts', 'views.ts', 'urls.ts', 'migrations', 'templates/polls', 'commands']) {
    assert.ok(existsSync(join(root, 'polls', f)), `${f} exists`);
  }
  assert.match(readFileSync(join(root, 'polls', 'app.ts'), 'utf8'), /class PollsConfig extends AppConfig/);
  const again = reinhardt(root, ['startapp', 'polls']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /refusing to overwrite/);
});

test('app commands run with typed options and appear in help', () => {
  const root = projectWithApp();
  const r = reinhardt(root, ['closepoll', '1', '2', '--delete', '--times', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'closed 1,2 delete=true total=6\n');
  const help = reinhardt(root, ['help']);
  assert.match(help.stdout, /\[polls\]\n\s+closepoll\s+Close the given polls\./);
  assert.match(reinhardt(root, ['help', 'closepoll']).stdout, /usage: reinhardt closepoll \[options\] \[pollIds\.\.\.\][\s\S]*--times <n>\s+how many times \(default: 1\)/);
  const bad = reinhardt(root, ['closepoll', '1', '--tims', '2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /closepoll: unknown option '--tims'; did you mean 'times'\?/);
  assert.match(reinhardt(root, ['closepoll', '1', '--times', 'x']).stderr, /--times expects a number, got 'x'/);
  const failing = reinhardt(root, ['closepoll']);
  assert.equal(failing.code, 3);
  assert.equal(failing.stderr, 'give at least one poll id\n');
});

test('an unknown command suggests the nearest one', () => {
  const root = projectWithApp();
  const r = reinhardt(root, ['chek']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Unknown command 'chek'; did you mean 'check'\?/);
  assert.match(reinhardt(root, ['closepol']).stderr, /did you mean 'closepoll'\?/);
});

test('shell -c runs code with the project loaded', () => {
  const root = projectWithApp();
  const r = reinhardt(root, ['shell', '-c', 'apps.getAppConfigs().map((a) => a.label).join() + " " + settings.DEBUG']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'polls true\n');
});

test('the interactive shell reads expressions from stdin, with top-level await', () => {
  const root = projectWithApp();
  const r = reinhardt(root, ['shell'], {}, 'await Promise.resolve(6 * 7)\nsettings.TIME_ZONE\n.exit\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /In scope: settings, apps/);
  assert.match(r.stdout, /42/);
  assert.match(r.stdout, /'UTC'/);
});

test('version and help need no project', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'empty'));
  const v = reinhardt(join(dir, 'empty'), ['version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
  const h = reinhardt(join(dir, 'empty'), ['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Available commands:[\s\S]*startproject/);
});
