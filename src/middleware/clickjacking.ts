// XFrameOptionsMiddleware: forbid framing by other sites (clickjacking protection) by sending
// `X-Frame-Options` on every response that does not opt out.
import { settings } from '../conf/index.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';
import type { GetResponse } from '../core/handlers/middleware.ts';
import { MiddlewareMixin } from './middleware-mixin.ts';
import { prepareHeader, setDefaultPrepared, type PreparedHeader } from '../http/headers.ts';

/**
 * Set `X-Frame-Options` to `settings.X_FRAME_OPTIONS` (default `DENY`) unless the response
 * already has the header or is marked `xframeOptionsExempt = true` (by a view decorator).
 *
 * @example
 * // MIDDLEWARE: [..., 'reinhardt/middleware:XFrameOptionsMiddleware']
 * // every response: X-Frame-Options: DENY
 */
export class XFrameOptionsMiddleware extends MiddlewareMixin {
  readonly #value: string;
  readonly #prepared: PreparedHeader;
  readonly #custom: boolean;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    this.#value = String(settings.X_FRAME_OPTIONS ?? 'DENY').toUpperCase();
    this.#prepared = prepareHeader('X-Frame-Options', this.#value);
    // A subclass that varies the value per request is asked every time.
    this.#custom = this.getXFrameOptionsValue !== XFrameOptionsMiddleware.prototype.getXFrameOptionsValue;
  }

  /** Return the header value for this response; override to vary it per request. */
  getXFrameOptionsValue(_request: HttpRequest, _response: HttpResponseBase): string {
    return this.#value;
  }

  /** Add the header unless present or exempted. */
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if ((response as { xframeOptionsExempt?: boolean }).xframeOptionsExempt === true) return response;
    if (!this.#custom) {
      setDefaultPrepared(response.headers, this.#prepared);
      return response;
    }
    if (response.headers.has('X-Frame-Options')) return response;
    response.headers.set('X-Frame-Options', this.getXFrameOptionsValue(request, response));
    return response;
  }
}
