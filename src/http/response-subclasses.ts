// Responses for redirects and the common error statuses (Django's HttpResponseRedirect,
// HttpResponseNotFound, ...), each a thin HttpResponse with its status preset.
import { DisallowedRedirect } from '../core/exceptions.ts';
import { HttpResponse, type ResponseContent, type ResponseInit } from './response.ts';

/** Django's cap on redirect URL length. */
export const MAX_REDIRECT_URL_LENGTH = 2048;

/** The schemes a redirect may use. */
export const ALLOWED_REDIRECT_SCHEMES: readonly string[] = ['http', 'https', 'ftp'];

/** Options of the redirect responses. */
export interface RedirectInit extends Omit<ResponseInit, 'status'> {
  /** Use 307/308 so the client repeats the method and body (Django 5.2's `preserve_request`). */
  preserveRequest?: boolean;
}

function checkRedirect(url: string): string {
  if (url.length > MAX_REDIRECT_URL_LENGTH) {
    throw new DisallowedRedirect(
      `Unsafe redirect exceeding ${MAX_REDIRECT_URL_LENGTH} characters`,
    );
  }
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url.trim());
  if (m && !ALLOWED_REDIRECT_SCHEMES.includes(m[1]!.toLowerCase())) {
    throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${m[1]}'`);
  }
  return url;
}

/**
 * A 302 redirect (307 with `preserveRequest`).
 *
 * @example
 * new HttpResponseRedirect('/polls/3/results/') // 302, Location: /polls/3/results/
 */
export class HttpResponseRedirect extends HttpResponse {
  constructor(url: string, init: RedirectInit = {}) {
    const { preserveRequest, ...rest } = init;
    super('', { ...rest, status: preserveRequest ? 307 : 302 });
    this.headers.set('Location', encodeURI(checkRedirect(url)).replace(/%25([0-9A-Fa-f]{2})/g, '%$1'));
  }

  /** The redirect target (the `Location` header). */
  get url(): string {
    return this.headers.get('Location') ?? '';
  }
}

/**
 * A 301 redirect (308 with `preserveRequest`).
 *
 * @example
 * new HttpResponsePermanentRedirect('https://example.com/')
 */
export class HttpResponsePermanentRedirect extends HttpResponseRedirect {
  constructor(url: string, init: RedirectInit = {}) {
    super(url, init);
    this.status = init.preserveRequest ? 308 : 301;
  }
}

/**
 * A 304 Not Modified: no body and no content type.
 *
 * @example
 * new HttpResponseNotModified()
 */
export class HttpResponseNotModified extends HttpResponse {
  constructor(init: Omit<ResponseInit, 'status'> = {}) {
    super(undefined, { ...init, status: 304 });
    this.headers.delete('Content-Type');
  }

  override set content(value: ResponseContent) {
    if (value !== undefined && value !== null && value !== '') {
      throw new TypeError('You cannot set content to a 304 (Not Modified) response');
    }
    super.content = value;
  }

  override get content(): Buffer {
    return super.content;
  }
}

function withStatus(status: number) {
  return class extends HttpResponse {
    constructor(content?: ResponseContent, init: Omit<ResponseInit, 'status'> = {}) {
      super(content, { ...init, status });
    }
  };
}

/** A 400 response. @example new HttpResponseBadRequest('Missing "q"') */
export class HttpResponseBadRequest extends withStatus(400) {}
/** A 403 response. @example new HttpResponseForbidden() */
export class HttpResponseForbidden extends withStatus(403) {}
/** A 404 response. @example new HttpResponseNotFound('<h1>Page not found</h1>') */
export class HttpResponseNotFound extends withStatus(404) {}
/** A 410 response. @example new HttpResponseGone() */
export class HttpResponseGone extends withStatus(410) {}
/** A 500 response. @example new HttpResponseServerError() */
export class HttpResponseServerError extends withStatus(500) {}

/**
 * A 405 response listing the allowed methods in `Allow`.
 *
 * @example
 * new HttpResponseNotAllowed(['GET', 'POST']) // 405, Allow: GET, POST
 */
export class HttpResponseNotAllowed extends HttpResponse {
  constructor(permittedMethods: readonly string[], content?: ResponseContent, init: Omit<ResponseInit, 'status'> = {}) {
    super(content, { ...init, status: 405 });
    this.headers.set('Allow', permittedMethods.map((m) => m.toUpperCase()).join(', '));
  }
}
