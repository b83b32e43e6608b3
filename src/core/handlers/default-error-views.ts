// The pages answered for errors when DEBUG is off (Django's views/defaults): the project's
// `404.html`, `500.html`, `403.html` or `400.html` template when it has one, else a short,
// generic built-in page free of anything about the request or the error. A root URLconf may
// replace each one with its own `handler400` / `handler403` / `handler404` / `handler500` view.
import { isConfigured, settings } from '../../conf/index.ts';
import { HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError } from '../../http/index.ts';
import type { HttpRequest } from '../../http/request.ts';
import type { HttpResponseBase } from '../../http/response.ts';
import { templateEngine } from '../../shortcuts/template-engine.ts';
import { TemplateDoesNotExist } from '../../template/index.ts';

/** An error view: the request (absent when it could not be built) and the error. */
export type ErrorView = (request: HttpRequest | null, error?: unknown) => HttpResponseBase | Promise<HttpResponseBase>;

const page = (title: string, text: string): string =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1>${text ? `<p>${text}</p>` : ''}</body></html>\n`;

const NOT_FOUND = page('Not Found', 'The requested resource was not found on this server.');
const SERVER_ERROR = page('Server Error (500)', '');
const BAD_REQUEST = page('Bad Request (400)', '');
const FORBIDDEN = page('403 Forbidden', '');

/**
 * Render the project's error template `name` (looked up like any template: `TEMPLATES` dirs,
 * then app `templates/` folders), or return null when there is no template engine or no such
 * template. Any other error, a template that exists but fails to compile or render included,
 * is thrown: the handler reports it and answers the built-in page.
 */
async function renderErrorTemplate(name: string, context: Record<string, unknown>, request?: HttpRequest | null): Promise<string | null> {
  if (!isConfigured() || settings.TEMPLATES.length === 0) return null;
  const engine = await templateEngine();
  let template;
  try {
    template = engine.getTemplate(name);
  } catch (err) {
    if (err instanceof TemplateDoesNotExist) return null;
    throw err;
  }
  return template.render(engine.makeContext(context, request ?? undefined));
}

/** Django's `quote(path)`: percent-encode all but letters, digits, `_.-~` and `/`. */
function quotePath(path: string): string {
  return encodeURIComponent(path)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** What the 404 template shows as `exception`: the message, or the class name for a URL miss. */
function exceptionText(error: unknown): string {
  const name = (error as { constructor?: { name?: string } } | null | undefined)?.constructor?.name ?? 'Http404';
  if (!(error instanceof Error) || 'tried' in error || error.message === '') return name;
  return error.message;
}

/** The built-in 404 page (also the answer when a `handler404` or `404.html` fails). */
export const plainPageNotFound: ErrorView = () => new HttpResponseNotFound(NOT_FOUND);

/** The built-in 500 page (also the answer when a `handler500` or `500.html` fails). */
export const plainServerError: ErrorView = () => new HttpResponseServerError(SERVER_ERROR);

/** The built-in 403 page (also the answer when a `handler403` or `403.html` fails). */
export const plainPermissionDenied: ErrorView = () => new HttpResponseForbidden(FORBIDDEN);

/** The status a bad-request error asks for (413 for an oversized body), else 400. */
function badRequestStatus(error: unknown): number {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
}

/** The built-in 400 page, with the status the error carries (also the fallback of `400.html`). */
export const plainBadRequest: ErrorView = (_request, error) => {
  const status = badRequestStatus(error);
  return status === 400 ? new HttpResponseBadRequest(BAD_REQUEST) : new HttpResponse(page(`${status} Error`, ''), { status });
};

/**
 * Answer 404 with the project's `404.html` (context: `request_path`, the URL-quoted path, and
 * `exception`, the error's message or, for a path no pattern matched, its class name; context
 * processors run with the request), else a plain page.
 *
 * @example
 * await pageNotFound(request, new Http404('No Question matches the given query.'))
 * // 404 rendered from templates/404.html, or '<h1>Not Found</h1>...'
 */
export const pageNotFound: ErrorView = async (request, error) => {
  const context = { request_path: quotePath(request?.path ?? '/'), exception: exceptionText(error) };
  const body = await renderErrorTemplate('404.html', context, request);
  return body === null ? plainPageNotFound(request, error) : new HttpResponseNotFound(body);
};

/**
 * Answer 500 with the project's `500.html` (rendered with no context, as in Django, so it
 * cannot fail on the state that caused the error), else a plain page.
 *
 * @example
 * await serverError(request) // 500 rendered from templates/500.html, or '<h1>Server Error (500)</h1>'
 */
export const serverError: ErrorView = async (request, error) => {
  const body = await renderErrorTemplate('500.html', {});
  return body === null ? plainServerError(request, error) : new HttpResponseServerError(body);
};

/**
 * Answer 400 with the project's `400.html` (no context), else a plain page; the status is
 * taken from the error when it carries one (e.g. 413 for an oversized body).
 *
 * @example
 * await badRequest(request, new BadRequest('bad JSON')) // 400 '<h1>Bad Request (400)</h1>'
 */
export const badRequest: ErrorView = async (request, error) => {
  const body = await renderErrorTemplate('400.html', {});
  return body === null ? plainBadRequest(request, error) : new HttpResponse(body, { status: badRequestStatus(error) });
};

/**
 * Answer 403 with the project's `403.html` (context: `exception`, the error's message; context
 * processors run with the request), else a plain page.
 *
 * @example
 * await permissionDenied(request, new PermissionDenied('staff only')) // 403 '<h1>403 Forbidden</h1>'
 */
export const permissionDenied: ErrorView = async (request, error) => {
  const exception = error instanceof Error ? error.message : String(error ?? '');
  const body = await renderErrorTemplate('403.html', { exception }, request);
  return body === null ? plainPermissionDenied(request, error) : new HttpResponseForbidden(body);
};
