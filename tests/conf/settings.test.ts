import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { defineSettings, configure, settings, overrideSettings, registerSettings, settingsFromEnv, types } from '../../src/conf/index.ts';
import { ImproperlyConfigured } from '../../src/core/exceptions.ts';
import { settingChanged } from '../../src/core/signals.ts';

describe('defineSettings', () => {
  test('merges values over the documented defaults', () => {
    const s = defineSettings({ DEBUG: true, ALLOWED_HOSTS: ['example.com'] }, { env: false });
    assert.equal(s.DEBUG, true);
    assert.deepEqual(s.ALLOWED_HOSTS, ['example.com']);
    assert.equal(s.DATA_UPLOAD_MAX_NUMBER_FIELDS, 1000);
    assert.equal(s.X_FRAME_OPTIONS, 'DENY');
    assert.ok(Object.isFrozen(s));
  });

  test('rejects an unknown setting and suggests the closest name', () => {
    assert.throws(
      () => defineSettings({ DEBGU: true } as never, { env: false }),
      (err: unknown) => err instanceof ImproperlyConfigured && /Unknown setting 'DEBGU'.*did you mean 'DEBUG'\?/.test(err.message),
    );
  });

  test('rejects a mistyped value and names the setting and the expected type', () => {
    assert.throws(() => defineSettings({ DEBUG: 'yes' } as never, { env: false }), /Setting 'DEBUG'.* must be a boolean, got the string 'yes'/);
    assert.throws(() => defineSettings({ X_FRAME_OPTIONS: 'ALLOW' } as never, { env: false }), /one of 'DENY', 'SAMEORIGIN'/);
    assert.throws(() => defineSettings({ ALLOWED_HOSTS: [1] } as never, { env: false }), /ALLOWED_HOSTS.*array of strings/);
  });

  test('validates DATABASES entries', () => {
    assert.throws(() => defineSettings({ DATABASES: { default: { NAME: 'x' } } } as never, { env: false }), /DATABASES\['default'\]\.ENGINE .*is missing/);
    assert.throws(
      () => defineSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: 'x', HOTS: 'y' } } } as never, { env: false }),
      /Unknown key 'HOTS' in DATABASES\['default'\].*did you mean 'HOST'/,
    );
  });

  test('environment variables override settings, parsed by type', () => {
    const env = { REINHARDT_DEBUG: 'true', REINHARDT_ALLOWED_HOSTS: 'a.com, b.com', REINHARDT_DATA_UPLOAD_MAX_NUMBER_FIELDS: '5', DATABASE_URL: 'postgres://u:p%40ss@db:5433/app' };
    const s = defineSettings({ DEBUG: false }, { env });
    assert.equal(s.DEBUG, true);
    assert.deepEqual(s.ALLOWED_HOSTS, ['a.com', 'b.com']);
    assert.equal(s.DATA_UPLOAD_MAX_NUMBER_FIELDS, 5);
    assert.deepEqual(s.DATABASES.default, { ENGINE: 'postgresql', NAME: 'app', USER: 'u', PASSWORD: 'p@ss', HOST: 'db', PORT: 5433 });
  });

  test('a malformed environment value names the variable', () => {
    assert.throws(() => settingsFromEnv({ REINHARDT_DEBUG: 'maybe' }), /REINHARDT_DEBUG: expected true\/false/);
    assert.throws(() => settingsFromEnv({ REINHARDT_SECURE_HSTS_SECONDS: '1h' }), /REINHARDT_SECURE_HSTS_SECONDS: expected a whole number/);
  });

  test('registered settings are accepted and type-checked', () => {
    registerSettings({ POLLS_PAGE_SIZE: { default: 20, type: types.int } });
    const s = defineSettings({ POLLS_PAGE_SIZE: 50 } as never, { env: false }) as unknown as Record<string, unknown>;
    assert.equal(s.POLLS_PAGE_SIZE, 50);
    assert.throws(() => defineSettings({ POLLS_PAGE_SIZE: 'x' } as never, { env: false }), /POLLS_PAGE_SIZE.*whole number/);
  });
});

describe('settings and overrideSettings', () => {
  test('overrideSettings swaps values for the duration of the callback and signals changes', async () => {
    configure({ DEBUG: false });
    const seen: string[] = [];
    const off = settingChanged.connect(({ setting, enter }) => {
      seen.push(`${setting}:${enter}`);
    });
    const inside = await overrideSettings({ DEBUG: true }, async () => settings.DEBUG);
    off();
    assert.equal(inside, true);
    assert.equal(settings.DEBUG, false);
    assert.deepEqual(seen, ['DEBUG:true', 'DEBUG:false']);
  });

  test('overrideSettings restores settings when the callback throws', async () => {
    configure({ APPEND_SLASH: true });
    await assert.rejects(overrideSettings({ APPEND_SLASH: false }, () => {
      throw new Error('boom');
    }), /boom/);
    assert.equal(settings.APPEND_SLASH, true);
  });

  test('settings are read-only', () => {
    configure({});
    assert.throws(() => {
      (settings as { DEBUG: boolean }).DEBUG = true;
    }, /read-only; use overrideSettings/);
  });
});
