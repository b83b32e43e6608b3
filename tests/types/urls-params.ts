// Type tests: view params inferred from path() routes.
import { HttpResponse } from '../../src/http/response.ts';
import { path, rePath } from '../../src/urls/index.ts';
import type { RouteParams } from '../../src/urls/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export const e1: Equal<RouteParams<'articles/<int:year>/<slug:slug>/'>, { year: number; slug: string }> = true;
export const e2: Equal<RouteParams<'u/<uuid:id>/<path:rest>'>, { id: string; rest: string }> = true;
export const e3: Equal<RouteParams<'plain/'>, {}> = true;
export const e4: Equal<RouteParams<'<name>/'>, { name: string }> = true;
export const e5: Equal<RouteParams<string>, Record<string, unknown>> = true;

export const ok = path('articles/<int:year>/<slug:slug>/', (_request, { year, slug }) => {
  const next: number = year + 1;
  return new HttpResponse(`${slug} ${next}`);
});

export const async = path('a/<int:id>/', async (request, params) => {
  const id: number = params.id;
  return new HttpResponse(`${request.method} ${id}`);
});

// @ts-expect-error year is a number, not a string
export const wrongType = path('articles/<int:year>/', (_r, { year }: { year: string }) => new HttpResponse(year));

// @ts-expect-error the route has no param 'nope'
export const missing = path('a/<slug:s>/', (_r, { nope }) => new HttpResponse(String(nope)));

// @ts-expect-error a view must return a response
export const notResponse = path('a/', () => 'text');

export const re = rePath('^(?P<year>[0-9]{4})/$', (_r, params) => new HttpResponse(params['year'] ?? ''));
