import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
};

test('every subpath export points at built JavaScript and declarations that load', async () => {
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    const js = fileURLToPath(new URL(target.default, root));
    const dts = fileURLToPath(new URL(target.types, root));
    assert.ok(existsSync(js), `${subpath}: ${target.default} exists (npm run build)`);
    assert.ok(existsSync(dts), `${subpath}: ${target.types} exists`);
    const mod = (await import(new URL(target.default, root).href)) as Record<string, unknown>;
    assert.ok(Object.keys(mod).length > 0, `${subpath} exports something`);
  }
});

test('the package imports itself by name, as user projects do', async () => {
  const conf = (await import('reinhardt/conf')) as { defineSettings?: unknown };
  assert.equal(typeof conf.defineSettings, 'function');
});
