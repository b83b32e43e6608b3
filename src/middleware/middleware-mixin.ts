// Base class for middleware written in Django's hook style: `processRequest` before the rest
// of the stack, `processResponse` after it. The handler constructs it with the next layer's
// `getResponse` and calls `call(request)` per request.
import type { GetResponse, MaybePromise } from '../core/handlers/middleware.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';

/**
 * Base of class middleware. Subclasses define `processRequest` (return a response to answer
 * early), `processResponse` (return the response, changed or replaced), and any of the
 * handler hooks `processView`, `processException`, `processTemplateResponse`.
 *
 * Differs from Django: `call(request)` instead of `__call__`, and no sync/async split.
 *
 * @example
 * class TimingMiddleware extends MiddlewareMixin {
 *   processResponse(request: HttpRequest, response: HttpResponseBase) {
 *     response.headers.set('Server-Timing', 'app;dur=1');
 *     return response;
 *   }
 * }
 * // settings: MIDDLEWARE: [SecurityMiddleware, TimingMiddleware]
 */
export abstract class MiddlewareMixin {
  /** The next layer: the rest of the middleware stack and the view. */
  readonly getResponse: GetResponse;

  constructor(getResponse: GetResponse) {
    if (typeof getResponse !== 'function') {
      throw new TypeError(`${new.target.name} must be constructed with getResponse, the next layer of the middleware chain`);
    }
    this.getResponse = getResponse;
  }

  /** Look at the request before the rest of the stack; return a response to stop there. */
  processRequest?(request: HttpRequest): MaybePromise<HttpResponseBase | null | undefined | void>;

  /** Look at (or replace) the response on its way out. */
  processResponse?(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase>;

  /** Run `processRequest`, the rest of the stack, then `processResponse`. */
  call(request: HttpRequest): MaybePromise<HttpResponseBase> {
    if (this.processRequest !== undefined) {
      const early = this.processRequest(request);
      if (early instanceof Promise) {
        return early.then((response) => response ?? this.#continue(request));
      }
      if (early) return early;
    }
    return this.#continue(request);
  }

  #continue(request: HttpRequest): MaybePromise<HttpResponseBase> {
    const pending = this.getResponse(request);
    if (this.processResponse === undefined) return pending;
    if (pending instanceof Promise) return pending.then((response) => this.processResponse!(request, response));
    return this.processResponse(request, pending);
  }
}
