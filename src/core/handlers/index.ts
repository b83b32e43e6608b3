// The request handler: middleware chain, exception mapping, and the node:http bridge.
export { BaseHandler } from './base-handler.ts';
export type { HandlerOptions, ResolvedRoute, UrlRouter } from './base-handler.ts';
export { getHandler, createNodeListener } from './node-handler.ts';
export { responseForException, summarizeRequest } from './exception-response.ts';
export type { ErrorHandlers, ExceptionContext } from './exception-response.ts';
export { badRequest, pageNotFound, permissionDenied, serverError } from './default-error-views.ts';
export type { ErrorView } from './default-error-views.ts';
export { instantiateMiddleware, resolveMiddlewareEntries } from './middleware.ts';
export type {
  GetResponse, LoadedMiddleware, MaybePromise, Middleware, MiddlewareFactory, MiddlewareFunction, MiddlewareHooks, MiddlewareObject, ViewFunction,
} from './middleware.ts';
