// Map an exception to a response, in one place: 404 (technical page with the patterns tried
// when DEBUG, or the welcome page for an empty project), 403, 400 for bad and suspicious input
// (413 for an oversized body), 500 otherwise. Without DEBUG the pages say nothing about the
// error. Used by BaseHandler around every middleware layer and by the node listener.
import { BadRequest, Http404, PermissionDenied, SuspiciousOperation } from '../exceptions.ts';
import { gotRequestException } from '../signals.ts';
import { HttpResponse } from '../../http/index.ts';
import type { HttpRequest } from '../../http/request.ts';
import type { HttpResponseBase } from '../../http/response.ts';
import { technical404Html, technical404Text, technical500Html, technical500Text, welcomePageHtml } from '../../views/debug/index.ts';
import type { RequestSummary } from '../../views/debug/index.ts';
import { badRequest, pageNotFound, permissionDenied, plainBadRequest, plainPageNotFound, plainPermissionDenied, plainServerError, serverError } from './default-error-views.ts';
import type { ErrorView } from './default-error-views.ts';

/** Custom error views (from the root URLconf's `handler400`...`handler500`). */
export interface ErrorHandlers {
  handler400?: ErrorView;
  handler403?: ErrorView;
  handler404?: ErrorView;
  handler500?: ErrorView;
}

/** What the exception mapping needs to know, fixed when the handler is built. */
export interface ExceptionContext {
  /** Read per error (errors are rare), so `overrideSettings({ DEBUG })` takes effect. */
  debug: () => boolean;
  settings?: object;
  handlers: ErrorHandlers;
  /** The root URLconf's name for the technical 404 page. */
  urlconfName?: string;
  /** True when the root URLconf has no patterns: `/` then shows the welcome page in DEBUG. */
  noRoutes: () => boolean;
  /** Where 500s are reported; defaults to stderr. */
  logError?: (message: string, error: unknown) => void;
}

function accepts(request: HttpRequest | null, type: string): boolean {
  const accept = request?.headers.get('accept');
  if (!accept) return true;
  return accept.includes(type) || accept.includes('*/*') || accept.includes(`${type.split('/')[0]}/*`);
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/**
 * Build the plain data the debug pages show about `request`, never throwing (the request may be
 * the very thing that is malformed).
 */
export function summarizeRequest(request: HttpRequest | null, fallbackUrl = '/'): RequestSummary {
  if (!request) return { method: 'GET', url: fallbackUrl, path: fallbackUrl.split('?')[0] ?? '/' };
  const fullPath = safely(() => request.getFullPath(), request.path);
  const form = request.bodyBytes !== null ? safely(() => [...request.POST.entries()] as [string, unknown][], []) : [];
  return {
    method: request.method,
    url: safely(() => request.buildAbsoluteUri(), fullPath),
    path: request.path,
    query: safely(() => [...request.GET.entries()] as [string, unknown][], [['(query string)', request.queryString]]),
    form,
    cookies: safely(() => Object.entries(request.COOKIES), []),
    headers: safely(() => request.headers.toJSON(), {}),
    view: request.resolverMatch?.viewName,
    user: request.user === undefined ? undefined : safely(() => String(request.user), undefined),
  };
}

function debugResponse(request: HttpRequest | null, status: number, html: () => string, text: () => string): HttpResponseBase {
  return accepts(request, 'text/html')
    ? new HttpResponse(html(), { status, contentType: 'text/html; charset=utf-8' })
    : new HttpResponse(text(), { status, contentType: 'text/plain; charset=utf-8' });
}

async function callErrorView(view: ErrorView, fallback: ErrorView, request: HttpRequest | null, err: unknown, ctx: ExceptionContext): Promise<HttpResponseBase> {
  try {
    return await view(request, err);
  } catch (viewErr) {
    report(ctx, `Error view ${view.name || 'handler'} failed`, viewErr);
    return fallback(request, err);
  }
}

function report(ctx: ExceptionContext, message: string, err: unknown): void {
  if (ctx.logError) ctx.logError(message, err);
  else process.stderr.write(err === '' ? `${message}\n` : `${message}\n${err instanceof Error ? err.stack : String(err)}\n`);
}

/**
 * Return the response for an exception raised while handling `request`.
 *
 * Differs from Django: `RequestDataTooBig` answers 413 rather than 400; debug pages are sent as
 * plain text to clients whose `Accept` excludes HTML.
 *
 * @example
 * await responseForException(request, new Http404('No Question matches the given query.'), ctx)
 * // 404 (technical page in DEBUG, plain "Not Found" page otherwise)
 */
export async function responseForException(request: HttpRequest | null, err: unknown, ctx: ExceptionContext, rawUrl?: string): Promise<HttpResponseBase> {
  const debug = ctx.debug();
  const summary = (): RequestSummary => summarizeRequest(request, rawUrl);
  if (err instanceof Http404) {
    if (!debug) return callErrorView(ctx.handlers.handler404 ?? pageNotFound, plainPageNotFound, request, err, ctx);
    const tried = (err as { tried?: readonly unknown[] }).tried;
    if (request?.path === '/' && ctx.noRoutes() && (tried === undefined || tried.length === 0)) {
      return new HttpResponse(welcomePageHtml({ urlconf: ctx.urlconfName }), { contentType: 'text/html; charset=utf-8' });
    }
    const isResolver = tried !== undefined;
    const info = {
      request: summary(),
      reason: err.message,
      tried,
      urlconf: ctx.urlconfName,
      raisedBy: isResolver ? undefined : request?.resolverMatch?.viewName,
    };
    return debugResponse(request, 404, () => technical404Html(info), () => technical404Text(info));
  }
  if (err instanceof PermissionDenied) {
    return callErrorView(ctx.handlers.handler403 ?? permissionDenied, plainPermissionDenied, request, err, ctx);
  }
  if (err instanceof BadRequest || err instanceof SuspiciousOperation || isMultipartError(err)) {
    const status = (err as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
    if (err instanceof SuspiciousOperation) report(ctx, `Suspicious request (${err.constructor.name}): ${err.message}`, '');
    if (debug) {
      const info = { error: err, request: summary(), settings: ctx.settings };
      return debugResponse(request, code, () => technical500Html(info), () => technical500Text(info));
    }
    const response = await callErrorView(ctx.handlers.handler400 ?? badRequest, plainBadRequest, request, err, ctx);
    return response;
  }
  if (gotRequestException.hasListeners()) await gotRequestException.sendRobust(null, { request, error: err });
  report(ctx, `Internal Server Error: ${request?.path ?? rawUrl ?? '?'}`, err);
  if (debug) {
    const info = { error: err, request: summary(), settings: ctx.settings };
    return debugResponse(request, 500, () => technical500Html(info), () => technical500Text(info));
  }
  return callErrorView(ctx.handlers.handler500 ?? serverError, plainServerError, request, err, ctx);
}

function isMultipartError(err: unknown): boolean {
  return err instanceof Error && err.name === 'MultiPartParserError';
}
