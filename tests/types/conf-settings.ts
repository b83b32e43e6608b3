// Type-level tests: settings are typed; middleware entries may be strings, factories or classes.
import { defineSettings } from '../../src/conf/index.ts';

class TimingMiddleware {
  readonly getResponse: (request: never) => unknown;
  constructor(getResponse: (request: never) => unknown) {
    this.getResponse = getResponse;
  }
}

defineSettings({
  DEBUG: true,
  MIDDLEWARE: ['reinhardt/middleware:SecurityMiddleware', (getResponse) => getResponse, TimingMiddleware],
});

// @ts-expect-error a misspelt setting does not compile
defineSettings({ DEBGU: true });
// @ts-expect-error a wrongly typed setting does not compile
defineSettings({ ALLOWED_HOSTS: 'example.com' });
// @ts-expect-error X_FRAME_OPTIONS takes only DENY or SAMEORIGIN
defineSettings({ X_FRAME_OPTIONS: 'ALLOW' });
