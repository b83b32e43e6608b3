// Django's standard context processors under their Django names, so TEMPLATES settings copied
// from a Django project work. They read only the request; what the framework adds later (the
// CSRF token, auth, messages) reaches them through the request or `registerContextProcessor`.
import { registerContextProcessor } from './engine.ts';
import { LANGUAGE_CODE } from './tags/i18n-tags.ts';

interface RequestLike {
  csrfToken?: string | (() => string);
  META?: Record<string, unknown>;
  debugContext?: Record<string, unknown>;
}

/** `{ request }`: the request itself. */
export function requestProcessor(request: unknown): Record<string, unknown> {
  return { request };
}

/** `{ csrf_token }` from `request.csrfToken` (a string or a getter), else 'NOTPROVIDED'. */
export function csrfProcessor(request: RequestLike): Record<string, unknown> {
  const t = request?.csrfToken;
  const token = typeof t === 'function' ? t.call(request) : t ?? request?.META?.['CSRF_COOKIE'];
  return { csrf_token: token ?? 'NOTPROVIDED' };
}

/** `{ debug, sql_queries }` when the request carries `debugContext` (set in DEBUG for internal IPs). */
export function debugProcessor(request: RequestLike): Record<string, unknown> {
  return request?.debugContext ?? {};
}

/** `{ LANGUAGES, LANGUAGE_CODE, LANGUAGE_BIDI }` for the single built-in language. */
export function i18nProcessor(): Record<string, unknown> {
  return { LANGUAGES: [[LANGUAGE_CODE, 'English']], LANGUAGE_CODE, LANGUAGE_BIDI: false };
}

const PREFIXES = ['django.template.context_processors.', 'reinhardt.template.context_processors.'];
for (const prefix of PREFIXES) {
  registerContextProcessor(`${prefix}request`, requestProcessor);
  registerContextProcessor(`${prefix}csrf`, csrfProcessor as (r: unknown) => Record<string, unknown>);
  registerContextProcessor(`${prefix}debug`, debugProcessor as (r: unknown) => Record<string, unknown>);
  registerContextProcessor(`${prefix}i18n`, i18nProcessor);
}
