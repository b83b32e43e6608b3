// CommonMiddleware: refuse disallowed user agents, validate the Host header, and redirect for
// PREPEND_WWW and APPEND_SLASH (only when the slashed path exists, asked of the URL resolver).
import { settings } from '../conf/index.ts';
import { PermissionDenied } from '../core/exceptions.ts';
import { isValidPath } from '../core/handlers/root-router.ts';
import type { GetResponse } from '../core/handlers/middleware.ts';
import { HttpResponsePermanentRedirect } from '../http/index.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';
import { MiddlewareMixin } from './middleware-mixin.ts';

const UNSAFE_FOR_REDIRECT = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The "common" conveniences, as in Django:
 * - a `User-Agent` matching `DISALLOWED_USER_AGENTS` gets 403;
 * - the Host header is checked against `ALLOWED_HOSTS` (400 when it is not allowed);
 * - with `PREPEND_WWW`, `example.com/x` redirects to `www.example.com/x`;
 * - with `APPEND_SLASH` (the default), a 404 for `/polls` redirects to `/polls/` when that
 *   path resolves to a view whose `shouldAppendSlash` is not `false`.
 *
 * @example
 * // GET /polls  (only 'polls/' is routed) -> 301 Location: /polls/
 */
export class CommonMiddleware extends MiddlewareMixin {
  readonly #agents: readonly RegExp[];
  readonly #prependWww: boolean;
  readonly #appendSlash: boolean;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    this.#agents = settings.DISALLOWED_USER_AGENTS.map((p) => (typeof p === 'string' ? new RegExp(p) : p));
    this.#prependWww = settings.PREPEND_WWW;
    this.#appendSlash = settings.APPEND_SLASH;
  }

  /** Refuse disallowed agents, check the host, and redirect to `www.` when asked. */
  override processRequest(request: HttpRequest): Promise<HttpResponseBase | undefined> | undefined {
    if (this.#agents.length) {
      const agent = request.headers.get('user-agent');
      if (agent !== undefined && this.#agents.some((re) => re.test(agent))) throw new PermissionDenied('Forbidden user agent');
    }
    const host = request.getHost();
    if (this.#prependWww && host && !host.startsWith('www.')) return this.#wwwRedirect(request, host);
    return undefined;
  }

  async #wwwRedirect(request: HttpRequest, host: string): Promise<HttpResponseBase> {
    const path = (await this.shouldRedirectWithSlash(request)) ? this.getFullPathWithSlash(request) : request.getFullPath();
    return new HttpResponsePermanentRedirect(`${request.scheme}://www.${host}${path}`);
  }

  /**
   * Return whether `request` should be redirected to its path with a slash appended: the path
   * lacks one, does not resolve, and the slashed path does.
   */
  async shouldRedirectWithSlash(request: HttpRequest): Promise<boolean> {
    if (!this.#appendSlash || request.pathInfo.endsWith('/')) return false;
    if (await isValidPath(request.pathInfo)) return false;
    const match = await isValidPath(`${request.pathInfo}/`);
    if (!match) return false;
    return (match.func as { shouldAppendSlash?: boolean } | undefined)?.shouldAppendSlash !== false;
  }

  /**
   * Return the full path with a slash appended; in DEBUG, refuse to lose a POST body to a
   * redirect and say how to fix the form.
   */
  getFullPathWithSlash(request: HttpRequest): string {
    let path = request.getFullPath(true);
    // `//evil.com/` after the redirect would be read as a protocol-relative URL.
    if (path.startsWith('//')) path = `/%2F${path.slice(2)}`;
    if (settings.DEBUG && UNSAFE_FOR_REDIRECT.has(request.method)) {
      throw new Error(
        `You called this URL via ${request.method}, but the URL doesn't end in a slash and you have APPEND_SLASH set. ` +
          `Reinhardt can't redirect to the slash URL while keeping the ${request.method} data. Change your form to point to ` +
          `${request.getHost()}${path} (note the trailing slash), or set APPEND_SLASH: false in your settings.`,
      );
    }
    return path;
  }

  /** Turn a 404 into a redirect to the slashed path when that path exists. */
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase | Promise<HttpResponseBase> {
    if (response.status !== 404 || !this.#appendSlash || request.pathInfo.endsWith('/')) return response;
    return this.shouldRedirectWithSlash(request).then((redirect) =>
      redirect ? new HttpResponsePermanentRedirect(this.getFullPathWithSlash(request)) : response,
    );
  }
}
