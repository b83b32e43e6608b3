// The middleware contract and the loader that turns `MIDDLEWARE` entries into one chain.
// A middleware is Django's onion layer: built once with the next layer's `getResponse`, then
// called once per request. Optional hooks run around the view (see BaseHandler).
import type { MiddlewareEntry } from '../../conf/index.ts';
import { importFromProject } from '../../conf/index.ts';
import { ImproperlyConfigured } from '../exceptions.ts';
import type { HttpRequest } from '../../http/request.ts';
import type { HttpResponseBase } from '../../http/response.ts';

/** A response, or a promise of one. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The next layer of the onion: call it to get the response of the rest of the stack. It returns
 * the response itself when every inner layer answered synchronously, else a promise: `await` it
 * (or check for a promise) rather than calling `.then` on it.
 */
export type GetResponse = (request: HttpRequest) => MaybePromise<HttpResponseBase>;

/** A view as the handler calls it: the request, then the captured URL arguments. */
export type ViewFunction = (request: HttpRequest, ...args: any[]) => MaybePromise<HttpResponseBase>;

/** The optional hooks a middleware may define (Django's process_* methods). */
export interface MiddlewareHooks {
  /**
   * Called just before the view, innermost middleware last. Return a response to skip the
   * view (and the remaining `processView` hooks), or nothing to continue.
   */
  processView?(request: HttpRequest, view: ViewFunction, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): MaybePromise<HttpResponseBase | null | undefined | void>;
  /** Called when the view throws; return a response to use it instead of the error page. */
  processException?(request: HttpRequest, error: unknown): MaybePromise<HttpResponseBase | null | undefined | void>;
  /**
   * Called with a response that has a `render()` method (a TemplateResponse) before it is
   * rendered; return the response (the same or another).
   */
  processTemplateResponse?(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase>;
}

/** A middleware as a callable: a function taking the request, optionally carrying hooks. */
export type MiddlewareFunction = ((request: HttpRequest) => MaybePromise<HttpResponseBase>) & MiddlewareHooks;

/** A middleware as an object: a `call(request)` method plus optional hooks (the class style). */
export interface MiddlewareObject extends MiddlewareHooks {
  call(request: HttpRequest): MaybePromise<HttpResponseBase>;
}

/** What a factory returns: either style. */
export type Middleware = MiddlewareFunction | MiddlewareObject;

/**
 * A `MIDDLEWARE` entry once imported: a factory called with `getResponse`, or a class
 * constructed with it. Throwing `MiddlewareNotUsed` from either leaves the middleware out.
 */
export type MiddlewareFactory =
  | ((getResponse: GetResponse) => Middleware)
  | (new (getResponse: GetResponse) => Middleware);

/** One loaded middleware, normalised to an object with a `call` method and hooks. */
export interface LoadedMiddleware extends MiddlewareHooks {
  readonly name: string;
  call(request: HttpRequest): MaybePromise<HttpResponseBase>;
}

const isClass = (fn: Function): boolean => /^class[\s{]/.test(Function.prototype.toString.call(fn));

/**
 * Build one middleware from its factory and the next layer.
 *
 * @example
 * instantiateMiddleware(SecurityMiddleware, getResponse).call(request)
 */
export function instantiateMiddleware(factory: MiddlewareFactory, getResponse: GetResponse): LoadedMiddleware {
  const name = factory.name || '<anonymous middleware>';
  const made: unknown = isClass(factory)
    ? new (factory as new (g: GetResponse) => Middleware)(getResponse)
    : (factory as (g: GetResponse) => Middleware)(getResponse);
  if (typeof made === 'function') {
    const fn = made as MiddlewareFunction;
    return {
      name,
      call: fn,
      processView: fn.processView?.bind(fn),
      processException: fn.processException?.bind(fn),
      processTemplateResponse: fn.processTemplateResponse?.bind(fn),
    };
  }
  if (made !== null && typeof made === 'object' && typeof (made as MiddlewareObject).call === 'function') {
    const obj = made as MiddlewareObject;
    return {
      name,
      call: obj.call.bind(obj),
      processView: obj.processView?.bind(obj),
      processException: obj.processException?.bind(obj),
      processTemplateResponse: obj.processTemplateResponse?.bind(obj),
    };
  }
  throw new ImproperlyConfigured(
    `Middleware factory ${name} returned ${made === null ? 'null' : typeof made}; it must return a function ` +
      '(request) => response, or an object with a call(request) method',
  );
}

/**
 * Resolve `MIDDLEWARE` entries to factories: functions and classes are used as they are;
 * strings are module specifiers with an export name (`'reinhardt/middleware:SecurityMiddleware'`,
 * `'./mysite/middleware.ts:timing'`), or without one when the module default-exports the factory.
 *
 * @example
 * await resolveMiddlewareEntries(['reinhardt/middleware:SecurityMiddleware', timing])
 */
export async function resolveMiddlewareEntries(entries: readonly MiddlewareEntry[], base?: string): Promise<MiddlewareFactory[]> {
  const out: MiddlewareFactory[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry === 'function') {
      out.push(entry as unknown as MiddlewareFactory);
      continue;
    }
    if (typeof entry !== 'string') {
      throw new ImproperlyConfigured(`MIDDLEWARE[${i}] must be a middleware factory, a class or a module specifier, not ${typeof entry}`);
    }
    const loaded = await importFromProject<unknown>(entry, base);
    const factory = typeof loaded === 'function' ? loaded : (loaded as { default?: unknown }).default;
    if (typeof factory !== 'function') {
      throw new ImproperlyConfigured(
        `MIDDLEWARE[${i}] '${entry}' is not a middleware factory; name the export after a colon, e.g. '${entry}:MyMiddleware'`,
      );
    }
    out.push(factory as MiddlewareFactory);
  }
  return out;
}
