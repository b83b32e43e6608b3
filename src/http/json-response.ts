// JsonResponse: a response whose body is JSON, with Django's `safe` guard against top-level
// arrays and scalars.
import { HttpResponse, type ResponseInit } from './response.ts';

/** Options of {@link JsonResponse}. */
export interface JsonResponseInit extends ResponseInit {
  /** Only allow plain objects at the top level (default true, as in Django). */
  safe?: boolean;
  /** A `JSON.stringify` replacer (Django's `encoder`). */
  replacer?: (this: unknown, key: string, value: unknown) => unknown;
  /** Indentation passed to `JSON.stringify`. */
  indent?: number | string;
}

const JSON_INIT: ResponseInit = Object.freeze({ contentType: 'application/json' });

/**
 * A JSON response (`Content-Type: application/json`).
 *
 * @example
 * new JsonResponse({ id: 3, title: 'Hi' })          // {"id":3,"title":"Hi"}
 * new JsonResponse([1, 2], { safe: false })
 */
export class JsonResponse extends HttpResponse {
  constructor(data: unknown, init?: JsonResponseInit) {
    if ((init?.safe ?? true) && (data === null || typeof data !== 'object' || Array.isArray(data))) {
      throw new TypeError(
        'In order to allow non-object values to be serialized set the safe option to false',
      );
    }
    let responseInit: ResponseInit = JSON_INIT;
    let body: string | undefined;
    if (init === undefined) {
      body = JSON.stringify(data);
    } else {
      const { safe: _safe, replacer, indent, ...rest } = init;
      body = JSON.stringify(data, replacer as never, indent);
      responseInit = { contentType: 'application/json', ...rest };
    }
    super(body ?? 'null', responseInit);
  }

  /** The body parsed back (handy in tests). */
  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }
}
