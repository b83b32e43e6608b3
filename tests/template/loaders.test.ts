import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppDirectoriesLoader,
  CachedLoader,
  Engine,
  FilesystemLoader,
  LocmemLoader,
  Loader,
  TemplateDoesNotExist,
} from '../../src/template/index.ts';

let root = '';

before(() => {
  root = mkdtempSync(join(tmpdir(), 'tpl-loaders-'));
  mkdirSync(join(root, 'site', 'polls'), { recursive: true });
  mkdirSync(join(root, 'app', 'templates', 'polls'), { recursive: true });
  writeFileSync(join(root, 'site', 'polls', 'index.html'), 'site {{ x }}');
  mkdirSync(join(root, 'conf', 'templates', 'polls'), { recursive: true });
  writeFileSync(join(root, 'conf', 'templates', 'polls', 'index.html'), 'site {{ x }}');
  writeFileSync(join(root, 'app', 'templates', 'polls', 'index.html'), 'app');
  writeFileSync(join(root, 'app', 'templates', 'polls', 'detail.html'), 'detail');
});

after(() => rmSync(root, { recursive: true, force: true }));

// One conformance suite every loader passes: finds what it holds, reports what it does not.
const members: [string, () => Loader][] = [
  ['LocmemLoader', () => new LocmemLoader({ 'polls/index.html': 'site {{ x }}' })],
  ['FilesystemLoader', () => new FilesystemLoader([join(root, 'site')])],
  ['AppDirectoriesLoader', () => new AppDirectoriesLoader([join(root, 'conf')])],
  ['CachedLoader', () => new CachedLoader([new LocmemLoader({ 'polls/index.html': 'site {{ x }}' })])],
];

for (const [name, make] of members) {
  describe(`${name} conformance`, () => {
    test('finds and compiles a template it holds', async () => {
      const engine = new Engine({ loaders: [make()] });
      assert.equal(await engine.renderToString('polls/index.html', { x: 1 }), 'site 1');
    });

    test('raises TemplateDoesNotExist with the places tried', () => {
      const engine = new Engine({ loaders: [make()] });
      assert.throws(() => engine.getTemplate('polls/nope.html'), (err: unknown) => err instanceof TemplateDoesNotExist && err.tried.length > 0);
    });

    test('lists the names it can see', () => {
      assert.ok(make().listNames().includes('polls/index.html'));
    });
  });
}

describe('loaders', () => {
  test('DIRS come before app directories', async () => {
    const engine = new Engine({ dirs: [join(root, 'site')], appDirs: [join(root, 'app')] });
    assert.equal(await engine.renderToString('polls/index.html', { x: 2 }), 'site 2');
    assert.equal(await engine.renderToString('polls/detail.html'), 'detail');
  });

  test('the filesystem loader refuses names that escape its directory', () => {
    const loader = new AppDirectoriesLoader([join(root, 'app')]);
    assert.deepEqual([...loader.sources('../../site/polls/index.html')], []);
  });

  test('the cached loader compiles once and, in DEBUG, recompiles changed files', async () => {
    const file = join(root, 'site', 'changing.html');
    writeFileSync(file, 'v1');
    const engine = new Engine({ dirs: [join(root, 'site')], debug: true });
    const first = engine.getTemplate('changing.html');
    assert.equal(engine.getTemplate('changing.html'), first);
    writeFileSync(file, 'v2');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    assert.equal(await engine.getTemplate('changing.html').render({}), 'v2');
  });

  test('without DEBUG the cached loader keeps the first compilation', async () => {
    const file = join(root, 'site', 'fixed.html');
    writeFileSync(file, 'v1');
    const engine = new Engine({ dirs: [join(root, 'site')] });
    engine.getTemplate('fixed.html');
    writeFileSync(file, 'v2');
    assert.equal(await engine.getTemplate('fixed.html').render({}), 'v1');
  });

  test('extends can reach a same-named template further down the loaders', async () => {
    const engine = new Engine({ dirs: [join(root, 'site')], loaders: undefined, templates: { 'polls/index.html': 'mem+{% extends "polls/index.html" %}' } });
    assert.equal(await engine.renderToString('polls/index.html', { x: 3 }), 'mem+site 3');
  });
});
