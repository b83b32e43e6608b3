import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Apps, isAppConfigInstance, setModelHooks } from '../../src/apps/index.ts';
import { ImproperlyConfigured } from '../../src/core/exceptions.ts';

const appConfigUrl = new URL('../../src/apps/config.ts', import.meta.url).href;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'rt-apps-'));
  mkdirSync(join(root, 'polls'));
  writeFileSync(join(root, 'polls', 'models.ts'), 'export class Question { static isModel = true }\nexport const notAModel = 1;\n');
  mkdirSync(join(root, 'blog'));
  writeFileSync(
    join(root, 'blog', 'app.ts'),
    `import { AppConfig } from '${appConfigUrl}';\n` +
      `export default class BlogConfig extends AppConfig {\n  override label = 'weblog';\n  override ready() { (globalThis as any).blogReady = (globalThis as any).blogReady + 1 || 1; }\n}\n`,
  );
  mkdirSync(join(root, 'blog', 'templates'));
  return root;
}

test('populate loads app configs, registers exported models and runs ready()', async () => {
  const root = project();
  const registered: string[] = [];
  setModelHooks({
    isModel: (v) => typeof v === 'function' && (v as { isModel?: boolean }).isModel === true,
    register: (app, name) => registered.push(`${app.label}.${name}`),
  });
  const reg = new Apps();
  await reg.populate(['./polls', './blog'], root);
  assert.deepEqual(reg.getAppConfigs().map((c) => c.label), ['polls', 'weblog']);
  assert.deepEqual(registered, ['polls.Question']);
  assert.equal((reg.getModel('polls.question') as { name: string }).name, 'Question');
  assert.equal((globalThis as { blogReady?: number }).blogReady, 1);
  const blog = reg.getAppConfig('weblog');
  assert.ok(isAppConfigInstance(blog));
  assert.equal(blog.folderPath('templates'), join(root, 'blog', 'templates'));
  assert.equal(blog.folderPath('static'), undefined);
  assert.equal(reg.getAppConfig('polls').modulePath('models'), join(root, 'polls', 'models.ts'));
  await reg.populate(['./polls', './blog'], root); // idempotent
  assert.equal((globalThis as { blogReady?: number }).blogReady, 1);
});

test('a missing app is an error naming the entry and suggesting a folder', async () => {
  const root = project();
  await assert.rejects(new Apps().populate(['./pols'], root), (err: unknown) =>
    err instanceof ImproperlyConfigured && /INSTALLED_APPS entry '.\/pols' not found.*did you mean 'polls'/.test(err.message));
  await assert.rejects(new Apps().populate(['no-such-package-xyz'], root), /not a local folder .* no installed package/);
});

test('duplicate apps and duplicate labels are errors', async () => {
  const root = project();
  await assert.rejects(new Apps().populate(['./polls', './polls'], root), /lists '.\/polls' twice/);
  mkdirSync(join(root, 'other'));
  mkdirSync(join(root, 'other', 'polls'));
  await assert.rejects(new Apps().populate(['./polls', './other/polls'], root), /labels aren't unique: 'polls'/);
});

test('unknown labels and models suggest the closest', async () => {
  const root = project();
  setModelHooks({ isModel: (v) => typeof v === 'function', register: () => {} });
  const reg = new Apps();
  await reg.populate(['./polls'], root);
  assert.throws(() => reg.getAppConfig('pols'), /No installed app with label 'pols'; did you mean 'polls'/);
  assert.throws(() => reg.getModel('polls.Questoin'), /App 'polls' has no model 'Questoin'; did you mean 'question'/);
});
