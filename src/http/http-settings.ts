// Reading settings from the http layer: the configured value, or Django's default when no
// settings are configured (so requests and responses can be built in plain scripts and tests).
import type { Settings } from '../conf/index.ts';
import { settingsOrDefaults } from '../conf/settings.ts';

/**
 * Return a setting, falling back to its default when settings are not configured.
 *
 * @example
 * httpSetting('DEFAULT_CHARSET') // 'utf-8'
 */
export function httpSetting<K extends keyof Settings>(name: K): Settings[K] {
  return settingsOrDefaults()[name];
}
