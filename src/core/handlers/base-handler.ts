// The request handler: the middleware onion built once from MIDDLEWARE, around the inner
// handler that resolves the URL, runs the view hooks, calls the view, and renders deferred
// (template) responses. Each layer's exceptions become responses right there, so outer
// middleware always sees a response. Layer 5.
import type { MiddlewareEntry } from '../../conf/index.ts';
import { Http404, ImproperlyConfigured, MiddlewareNotUsed } from '../exceptions.ts';
import type { HttpRequest, RequestResolverMatch } from '../../http/request.ts';
import { HttpResponseBase } from '../../http/response.ts';
import { responseForException } from './exception-response.ts';
import type { ErrorHandlers, ExceptionContext } from './exception-response.ts';
import { instantiateMiddleware, resolveMiddlewareEntries } from './middleware.ts';
import type { GetResponse, LoadedMiddleware, MaybePromise, MiddlewareFactory, MiddlewareHooks, ViewFunction } from './middleware.ts';

/** A URL resolved to a view. */
export interface ResolvedRoute {
  func: ViewFunction;
  /** Positional arguments (unnamed groups of a regex route). */
  args: readonly unknown[];
  /** Named arguments (path converters and named groups). */
  kwargs: Readonly<Record<string, unknown>>;
  /** Stored on `request.resolverMatch` for views and middleware. */
  match?: RequestResolverMatch;
}

/** What the handler needs from URL routing; throws `Http404` (with `tried`) on no match. */
export interface UrlRouter {
  resolve(path: string): MaybePromise<ResolvedRoute>;
  /** True when the URLconf has no patterns at all (a new project). */
  readonly empty: boolean;
  /** The URLconf's name for debug pages, e.g. `./mysite/urls.ts`. */
  readonly name?: string;
  /** The URLconf's `handler400`...`handler500`. */
  readonly handlers?: ErrorHandlers;
}

/** Options for {@link BaseHandler.create}; each defaults to the matching setting. */
export interface HandlerOptions {
  /** Middleware in request order; defaults to `settings.MIDDLEWARE`. */
  middleware?: readonly (MiddlewareEntry | MiddlewareFactory)[];
  /** URL routing; defaults to the root URLconf. */
  router?: UrlRouter | null;
  /** `DEBUG` (a function is asked at each error); defaults to reading `settings.DEBUG`. */
  debug?: boolean | (() => boolean);
  /** The settings shown (masked) on the technical 500 page. */
  settings?: object;
  /** Base folder for module specifiers in `middleware`. */
  baseDir?: string;
  /** Where 500 errors are reported; defaults to stderr. */
  logError?: (message: string, error: unknown) => void;
}

const NO_KWARGS: unknown[] = [Object.freeze({})];

/**
 * The arguments a view is called with after the request: the named parameters as one object
 * (`view(request, { id })`), or the positional ones when a regex route captured only those.
 */
function viewArgs(route: ResolvedRoute): unknown[] {
  for (const _ in route.kwargs) return [route.kwargs];
  return route.args.length ? (route.args as unknown[]) : NO_KWARGS;
}

interface Renderable extends HttpResponseBase {
  render(): unknown;
  readonly isRendered?: boolean;
}

const isRenderable = (r: HttpResponseBase): r is Renderable => typeof (r as Partial<Renderable>).render === 'function';

/**
 * The middleware chain and inner handler, built once; call {@link getResponse} per request.
 *
 * Differs from Django: there is one async handler (no sync/async adaptation); a middleware may
 * be a class with a `call(request)` method or a factory returning a function.
 *
 * @example
 * const handler = await BaseHandler.create({ middleware: [SecurityMiddleware], router });
 * const response = await handler.getResponse(new HttpRequest({ url: '/polls/' }));
 */
export class BaseHandler {
  readonly middleware: readonly LoadedMiddleware[];
  readonly #chain: GetResponse;
  readonly #router: UrlRouter | null;
  readonly #viewHooks: NonNullable<MiddlewareHooks['processView']>[] = [];
  readonly #exceptionHooks: NonNullable<MiddlewareHooks['processException']>[] = [];
  readonly #templateHooks: NonNullable<MiddlewareHooks['processTemplateResponse']>[] = [];
  readonly #ctx: ExceptionContext;

  private constructor(factories: readonly MiddlewareFactory[], router: UrlRouter | null, ctx: ExceptionContext) {
    this.#router = router;
    this.#ctx = ctx;
    let handler: GetResponse = this.#wrap((request) => this.#getResponseInner(request));
    const loaded: LoadedMiddleware[] = [];
    for (let i = factories.length - 1; i >= 0; i--) {
      let mw: LoadedMiddleware;
      try {
        mw = instantiateMiddleware(factories[i]!, handler);
      } catch (err) {
        if (err instanceof MiddlewareNotUsed) continue;
        throw err;
      }
      loaded.unshift(mw);
      if (mw.processView) this.#viewHooks.unshift(mw.processView);
      if (mw.processTemplateResponse) this.#templateHooks.push(mw.processTemplateResponse);
      if (mw.processException) this.#exceptionHooks.push(mw.processException);
      handler = this.#wrap(mw.call, mw.name);
    }
    this.middleware = loaded;
    this.#chain = handler;
  }

  /**
   * Build the handler: import the middleware entries, instantiate them innermost first, and
   * fix the routing and error context.
   */
  static async create(options: HandlerOptions & { exceptionContext: ExceptionContext }): Promise<BaseHandler> {
    const factories = await resolveMiddlewareEntries((options.middleware ?? []) as MiddlewareEntry[], options.baseDir);
    return new BaseHandler(factories, options.router ?? null, options.exceptionContext);
  }

  /** Return the response for `request` (never rejects for errors a view or middleware throws). */
  getResponse(request: HttpRequest): Promise<HttpResponseBase> {
    const result = this.#chain(request);
    return result instanceof Promise ? result : Promise.resolve(result);
  }

  /**
   * Like {@link getResponse}, but return the response itself when every layer answered
   * synchronously (the server then writes it in the same tick, which is measurably cheaper).
   */
  handle(request: HttpRequest): MaybePromise<HttpResponseBase> {
    return this.#chain(request);
  }

  /** The exception context (DEBUG, error views) used to map errors to responses. */
  get exceptionContext(): ExceptionContext {
    return this.#ctx;
  }

  #wrap(inner: (request: HttpRequest) => MaybePromise<HttpResponseBase>, name?: string): GetResponse {
    const ctx = this.#ctx;
    const wrong = (request: HttpRequest, response: unknown): Promise<HttpResponseBase> =>
      responseForException(request, new ImproperlyConfigured(
        `Middleware ${name ?? '?'} returned ${response === null ? 'null' : typeof response} instead of an HttpResponse`,
      ), ctx);
    // Not an async function: a layer whose inner layers answered synchronously answers
    // synchronously too, so the response can be written in the tick the request arrived.
    return (request) => {
      let result: MaybePromise<HttpResponseBase>;
      try {
        result = inner(request);
      } catch (err) {
        return responseForException(request, err, ctx);
      }
      if (result instanceof HttpResponseBase) return result;
      if (result instanceof Promise) {
        return result.then(
          (response) => (response instanceof HttpResponseBase ? response : wrong(request, response)),
          (err: unknown) => responseForException(request, err, ctx),
        );
      }
      return wrong(request, result);
    };
  }

  /** Resolve, call the view, render: synchronously when the route and the view are. */
  #getResponseInner(request: HttpRequest): MaybePromise<HttpResponseBase> {
    const router = this.#router;
    if (router === null) throw Object.assign(new Http404(`No URL patterns match ${request.path}: the project has no URLconf`), { tried: [] });
    const resolved = router.resolve(request.pathInfo);
    if (resolved instanceof Promise || this.#viewHooks.length > 0) return this.#getResponseAsync(request, resolved);
    if (resolved.match) request.resolverMatch = resolved.match;
    let result: MaybePromise<HttpResponseBase>;
    try {
      result = resolved.func(request, ...viewArgs(resolved));
    } catch (err) {
      return this.#recover(request, resolved, err);
    }
    if (result instanceof Promise) {
      return result.then((response) => this.#finish(request, resolved, response), (err: unknown) => this.#recover(request, resolved, err));
    }
    return this.#finish(request, resolved, result);
  }

  async #getResponseAsync(request: HttpRequest, resolved: MaybePromise<ResolvedRoute>): Promise<HttpResponseBase> {
    const route = resolved instanceof Promise ? await resolved : resolved;
    if (route.match) request.resolverMatch = route.match;
    for (const hook of this.#viewHooks) {
      const early = await hook(request, route.func, route.args, route.kwargs);
      if (early) return this.#finish(request, route, early);
    }
    let response: HttpResponseBase;
    try {
      response = await route.func(request, ...viewArgs(route));
    } catch (err) {
      return this.#recover(request, route, err);
    }
    return this.#finish(request, route, response);
  }

  /** Give a view's error to the processException hooks; rethrow when none answers. */
  async #recover(request: HttpRequest, route: ResolvedRoute, err: unknown): Promise<HttpResponseBase> {
    const response = await this.#processException(request, err);
    if (!response) throw err;
    return this.#finish(request, route, response);
  }

  /** Check what the view returned and render a deferred (template) response. */
  #finish(request: HttpRequest, route: ResolvedRoute, response: unknown): MaybePromise<HttpResponseBase> {
    if (!(response instanceof HttpResponseBase)) {
      throw new ImproperlyConfigured(
        `The view ${route.match?.viewName ?? route.func.name ?? 'view'} didn't return an HttpResponse object. ` +
          `It returned ${response === null ? 'null' : typeof response} instead.`,
      );
    }
    if (isRenderable(response) && response.isRendered !== true) return this.#render(request, response);
    return response;
  }

  async #render(request: HttpRequest, deferred: Renderable): Promise<HttpResponseBase> {
    let response: HttpResponseBase = deferred;
    for (const hook of this.#templateHooks) {
      response = await hook(request, response);
      if (!(response instanceof HttpResponseBase)) {
        throw new ImproperlyConfigured(`A processTemplateResponse hook returned ${typeof response} instead of an HttpResponse`);
      }
    }
    try {
      if (isRenderable(response)) await response.render();
    } catch (err) {
      const handled = await this.#processException(request, err);
      if (!handled) throw err;
      response = handled;
    }
    return response;
  }

  async #processException(request: HttpRequest, err: unknown): Promise<HttpResponseBase | null> {
    for (const hook of this.#exceptionHooks) {
      const response = await hook(request, err);
      if (response) return response;
    }
    return null;
  }
}
