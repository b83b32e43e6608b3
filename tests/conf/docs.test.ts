import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { settingTypes } from '../../src/conf/setting-types.ts';

test('the settings reference documents every setting', () => {
  const doc = readFileSync(new URL('../../docs/ref/settings.md', import.meta.url), 'utf8');
  const missing = Object.keys(settingTypes).filter((name) => !doc.includes(`| \`${name}\` |`));
  assert.deepEqual(missing, [], 'add the missing settings to docs/ref/settings.md');
});
