// SecurityMiddleware: HTTPS redirect and the security headers (HSTS, nosniff, Referrer-Policy,
// Cross-Origin-Opener-Policy). Settings are read once, when the chain is built.
import { settings } from '../conf/index.ts';
import { HttpResponsePermanentRedirect } from '../http/index.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';
import { prepareHeader, setDefaultPrepared, type PreparedHeader } from '../http/headers.ts';
import type { GetResponse } from '../core/handlers/middleware.ts';
import { MiddlewareMixin } from './middleware-mixin.ts';

/**
 * Add security headers to every response and, with `SECURE_SSL_REDIRECT`, redirect plain HTTP
 * to HTTPS. Reads `SECURE_HSTS_SECONDS`, `SECURE_HSTS_INCLUDE_SUBDOMAINS`, `SECURE_HSTS_PRELOAD`,
 * `SECURE_CONTENT_TYPE_NOSNIFF`, `SECURE_REFERRER_POLICY`, `SECURE_CROSS_ORIGIN_OPENER_POLICY`,
 * `SECURE_SSL_REDIRECT`, `SECURE_SSL_HOST` and `SECURE_REDIRECT_EXEMPT`. A header the view set
 * itself is left alone.
 *
 * @example
 * // MIDDLEWARE: ['reinhardt/middleware:SecurityMiddleware', ...]
 * // GET http://example.com/ with SECURE_SSL_REDIRECT -> 301 Location: https://example.com/
 * // every response: X-Content-Type-Options: nosniff, Referrer-Policy: same-origin, ...
 */
export class SecurityMiddleware extends MiddlewareMixin {
  readonly #hsts: string | null;
  readonly #defaults: readonly PreparedHeader[];
  readonly #redirect: boolean;
  readonly #redirectHost: string | null;
  readonly #redirectExempt: readonly RegExp[];

  constructor(getResponse: GetResponse) {
    super(getResponse);
    const seconds = settings.SECURE_HSTS_SECONDS;
    this.#hsts = seconds > 0
      ? `max-age=${seconds}${settings.SECURE_HSTS_INCLUDE_SUBDOMAINS ? '; includeSubDomains' : ''}${settings.SECURE_HSTS_PRELOAD ? '; preload' : ''}`
      : null;
    const defaults: PreparedHeader[] = [];
    if (settings.SECURE_CONTENT_TYPE_NOSNIFF) defaults.push(prepareHeader('X-Content-Type-Options', 'nosniff'));
    const referrer = settings.SECURE_REFERRER_POLICY as string | readonly string[] | null;
    if (referrer) defaults.push(prepareHeader('Referrer-Policy', typeof referrer === 'string' ? referrer.split(',').map((s) => s.trim()).join(',') : referrer.join(',')));
    if (settings.SECURE_CROSS_ORIGIN_OPENER_POLICY) defaults.push(prepareHeader('Cross-Origin-Opener-Policy', settings.SECURE_CROSS_ORIGIN_OPENER_POLICY));
    this.#defaults = defaults;
    this.#redirect = settings.SECURE_SSL_REDIRECT;
    this.#redirectHost = settings.SECURE_SSL_HOST;
    this.#redirectExempt = settings.SECURE_REDIRECT_EXEMPT.map((p) => new RegExp(p));
    if (!this.#redirect) this.processRequest = undefined;
  }

  /** Redirect plain-HTTP requests to HTTPS when `SECURE_SSL_REDIRECT` is on. */
  override processRequest?(request: HttpRequest): HttpResponseBase | undefined {
    if (request.isSecure()) return undefined;
    const path = request.pathInfo.replace(/^\/+/, '');
    if (this.#redirectExempt.some((re) => re.test(path))) return undefined;
    const host = this.#redirectHost ?? request.getHost();
    return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`);
  }

  /** Add the security headers the response does not already carry. */
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    const headers = response.headers;
    if (this.#hsts !== null && !headers.has('Strict-Transport-Security') && request.isSecure()) {
      headers.set('Strict-Transport-Security', this.#hsts);
    }
    const defaults = this.#defaults;
    for (let i = 0; i < defaults.length; i++) setDefaultPrepared(headers, defaults[i]!);
    return response;
  }
}
