// Built-in deployment checks (`reinhardt check --deploy`), with Django's ids. Layer 2.
import { settings } from '../../conf/settings.ts';
import { checks, Tags } from './registry.ts';
import { error, warning, type CheckMessage } from './messages.ts';

const INSECURE_PREFIX = 'reinhardt-insecure-';

/** Return the deployment findings for the active settings. */
export function deploymentChecks(): CheckMessage[] {
  const out: CheckMessage[] = [];
  const key = settings.SECRET_KEY;
  if (key.length < 50 || new Set(key).size < 5 || key.startsWith(INSECURE_PREFIX)) {
    out.push(warning('security.W009',
      'Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it is prefixed with ' +
        `'${INSECURE_PREFIX}' meaning it was generated for development.`,
      { hint: 'Generate a long random key (node -e "console.log(require(\'crypto\').randomBytes(48).toString(\'base64url\'))") and set it through REINHARDT_SECRET_KEY.' }));
  }
  if (settings.DEBUG) {
    out.push(warning('security.W018', 'You should not have DEBUG set to true in deployment.'));
  }
  if (settings.ALLOWED_HOSTS.length === 0) {
    out.push(warning('security.W020', 'ALLOWED_HOSTS must not be empty in deployment.'));
  }
  if (settings.SECURE_HSTS_SECONDS === 0) {
    out.push(warning('security.W004', 'You have not set a value for SECURE_HSTS_SECONDS.',
      { hint: 'If the site is only served over HTTPS, set it (e.g. 31536000) so browsers refuse plain HTTP.' }));
  }
  if (!settings.SECURE_SSL_REDIRECT) {
    out.push(warning('security.W008', 'SECURE_SSL_REDIRECT is not true: plain-HTTP requests are not redirected to HTTPS.'));
  }
  return out;
}

/** Errors that hold in every environment. */
export function settingsChecks(): CheckMessage[] {
  const out: CheckMessage[] = [];
  if (!settings.DEBUG && settings.SECRET_KEY === '') {
    out.push(error('security.E101', 'SECRET_KEY is empty and DEBUG is off.', { hint: 'Set REINHARDT_SECRET_KEY in the environment or SECRET_KEY in settings.' }));
  }
  return out;
}

/** Register the built-in checks once. */
export function registerBuiltinChecks(): void {
  if (registered) return;
  registered = true;
  checks.register(deploymentChecks, [Tags.security], { deploy: true });
  checks.register(settingsChecks, [Tags.security, Tags.settings]);
}
let registered = false;
