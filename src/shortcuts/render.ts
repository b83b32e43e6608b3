// Shortcuts views use every day: render a template to a response, redirect, and fetch an
// object or answer 404. Layer 5.
import { HttpResponse, type ResponseInit } from '../http/response.ts';
import { HttpResponsePermanentRedirect, HttpResponseRedirect } from '../http/response-subclasses.ts';
import { Http404, ObjectDoesNotExist } from '../core/exceptions.ts';
import { reverse, NoReverseMatch } from '../urls/reverse.ts';
import { templateEngine } from './template-engine.ts';

/**
 * Render a template with a context (and the request, for context processors) into an
 * HttpResponse.
 *
 * @example
 * return render(request, 'polls/index.html', { latestQuestions });
 */
export async function render(
  request: unknown,
  templateName: string | string[],
  context: Record<string, unknown> = {},
  init: ResponseInit = {},
): Promise<HttpResponse> {
  const engine = await templateEngine();
  const html = await engine.renderToString(templateName, context, request);
  return new HttpResponse(html, init);
}

/**
 * Render a template to a string with the project's engine.
 *
 * @example
 * const body = await renderToString('emails/welcome.txt', { user });
 */
export async function renderToString(templateName: string | string[], context: Record<string, unknown> = {}, request?: unknown): Promise<string> {
  return (await templateEngine()).renderToString(templateName, context, request);
}

/** Something `redirect()` can send the client to. */
export type RedirectTarget = string | { getAbsoluteUrl(): string };

/**
 * Redirect to a URL, a URL pattern name (reversed with `args`/`kwargs`), or an object's
 * `getAbsoluteUrl()`.
 *
 * @example
 * return redirect('polls:results', { args: [question.id] });   // 302 to /polls/1/results/
 * return redirect('/thanks/', { permanent: true });            // 301
 */
export function redirect(
  to: RedirectTarget,
  options: { permanent?: boolean; args?: unknown[]; kwargs?: Record<string, unknown> } = {},
): HttpResponseRedirect | HttpResponsePermanentRedirect {
  const url = resolveUrl(to, options);
  return options.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
}

function resolveUrl(to: RedirectTarget, options: { args?: unknown[]; kwargs?: Record<string, unknown> }): string {
  if (typeof to === 'object') return to.getAbsoluteUrl();
  // Like Django: relative and absolute URLs are taken as they are; anything else must reverse,
  // except a string with a dot (a host name) which falls back to itself.
  if (to.startsWith('./') || to.startsWith('../') || to.includes('/')) return to;
  try {
    return reverse(to as never, (options.args?.length ? { args: options.args } : { kwargs: options.kwargs ?? {} }) as never);
  } catch (err) {
    if (err instanceof NoReverseMatch && to.includes('.')) return to;
    throw err;
  }
}

/** A model class or a query set with an async `get(filters)`. */
interface Gettable<T> {
  get(filters?: Record<string, unknown>): Promise<T>;
}
interface Filterable<T> {
  filter(filters?: Record<string, unknown>): PromiseLike<T[]>;
}

function querySetOf<T>(source: unknown): Gettable<T> & Filterable<T> {
  const objects = (source as { objects?: unknown }).objects;
  return (objects ?? source) as Gettable<T> & Filterable<T>;
}

/**
 * Return the one object matching `filters` from a model or a query set, or raise Http404.
 *
 * @example
 * const question = await getObjectOr404(Question, { pk: params.questionId });
 */
export async function getObjectOr404<T>(source: { objects: Gettable<T> } | Gettable<T>, filters: Record<string, unknown> = {}): Promise<T> {
  try {
    return await querySetOf<T>(source).get(filters);
  } catch (err) {
    if (err instanceof ObjectDoesNotExist) throw new Http404(`No ${modelName(source)} matches the given query.`);
    throw err;
  }
}

/**
 * Return the objects matching `filters`, or raise Http404 when there are none.
 *
 * @example
 * const choices = await getListOr404(Choice, { question: q });
 */
export async function getListOr404<T>(source: { objects: Filterable<T> } | Filterable<T>, filters: Record<string, unknown> = {}): Promise<T[]> {
  const rows = await querySetOf<T>(source).filter(filters);
  if (rows.length === 0) throw new Http404(`No ${modelName(source)} matches the given query.`);
  return rows;
}

function modelName(source: unknown): string {
  const model = (source as { model?: { name?: string } }).model ?? source;
  return typeof model === 'function' && model.name ? model.name : 'object';
}
