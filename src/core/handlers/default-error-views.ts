// The pages answered for errors when DEBUG is off (Django's views/defaults): short, generic,
// and free of anything about the request or the error. A root URLconf may replace each one
// with its own `handler400` / `handler403` / `handler404` / `handler500` view.
import { HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError } from '../../http/index.ts';
import type { HttpRequest } from '../../http/request.ts';
import type { HttpResponseBase } from '../../http/response.ts';

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
 * Answer 404 with a plain page.
 *
 * Differs from Django: no `404.html` template lookup yet; the page is fixed HTML.
 *
 * @example
 * pageNotFound(request) // 404 '<h1>Not Found</h1><p>The requested resource was not found on this server.</p>'
 */
export const pageNotFound: ErrorView = () => new HttpResponseNotFound(NOT_FOUND);

/**
 * Answer 500 with a plain page.
 *
 * @example
 * serverError(request) // 500 '<h1>Server Error (500)</h1>'
 */
export const serverError: ErrorView = () => new HttpResponseServerError(SERVER_ERROR);

/**
 * Answer 400 with a plain page (status taken from the error when it carries one, e.g. 413).
 *
 * @example
 * badRequest(request, new BadRequest('bad JSON')) // 400 '<h1>Bad Request (400)</h1>'
 */
export const badRequest: ErrorView = (_request, error) => {
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 400) {
    return new HttpResponse(page(`${status} Error`, ''), { status });
  }
  return new HttpResponseBadRequest(BAD_REQUEST);
};

/**
 * Answer 403 with a plain page.
 *
 * @example
 * permissionDenied(request) // 403 '<h1>403 Forbidden</h1>'
 */
export const permissionDenied: ErrorView = () => new HttpResponseForbidden(FORBIDDEN);
