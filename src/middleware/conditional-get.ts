// ConditionalGetMiddleware: answer 304 Not Modified when the client's cached copy is current
// (If-None-Match / If-Modified-Since), adding an ETag to plain GET responses that lack one.
import { createHash } from 'node:crypto';
import { HttpResponse, HttpResponseNotModified } from '../http/index.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';
import { MiddlewareMixin } from './middleware-mixin.ts';

const COPIED_TO_304 = ['Cache-Control', 'Content-Location', 'Date', 'ETag', 'Expires', 'Last-Modified', 'Vary'];

function parseEtags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return header.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Weak comparison: `W/"x"` equals `"x"` (RFC 9110 section 8.8.3.2). */
function weakMatch(a: string, b: string): boolean {
  return a.replace(/^W\//, '') === b.replace(/^W\//, '');
}

function notModified(response: HttpResponseBase): HttpResponseBase {
  const out = new HttpResponseNotModified();
  out.headers.delete('Content-Type');
  for (const name of COPIED_TO_304) {
    const value = response.headers.get(name);
    if (value !== undefined) out.headers.set(name, value);
  }
  for (const [name, morsel] of response.cookies) out.cookies.set(name, morsel);
  return out;
}

/**
 * Handle conditional GET and HEAD requests: set a strong `ETag` (an MD5 of the body) on
 * in-memory 200 responses without one (unless `Cache-Control: no-store`), then answer
 * `304 Not Modified` when `If-None-Match` matches the ETag, or, without it, when
 * `If-Modified-Since` is not older than `Last-Modified`.
 *
 * Differs from Django: `If-Match` / `If-Unmodified-Since` (412) are left to the view's own
 * conditional decorators.
 *
 * @example
 * // GET /page with If-None-Match: "5d41402abc4b2a76b9719d911017c592" -> 304
 */
export class ConditionalGetMiddleware extends MiddlewareMixin {
  /** Add the ETag and turn a current response into 304. */
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (request.method !== 'GET' && request.method !== 'HEAD') return response;
    if (response.status !== 200) return response;
    if (response instanceof HttpResponse && !response.headers.has('ETag') && !/no-store/i.test(response.headers.get('Cache-Control') ?? '')) {
      response.headers.set('ETag', `"${createHash('md5').update(response.content).digest('hex')}"`);
    }
    const etag = response.headers.get('ETag');
    const ifNoneMatch = request.headers.get('if-none-match');
    if (ifNoneMatch !== undefined) {
      if (etag !== undefined && parseEtags(ifNoneMatch).some((t) => t === '*' || weakMatch(t, etag))) return notModified(response);
      return response;
    }
    const lastModified = Date.parse(response.headers.get('Last-Modified') ?? '');
    const since = Date.parse(request.headers.get('if-modified-since') ?? '');
    if (Number.isFinite(lastModified) && Number.isFinite(since) && lastModified <= since) return notModified(response);
    return response;
  }
}
