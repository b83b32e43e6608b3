// Type tests: reverse() typed by the urlpatterns it is given.
import { HttpResponse } from '../../src/http/response.ts';
import { include, path, typedReverse } from '../../src/urls/index.ts';
import type { ReverseMap, UrlName, UrlNameOf, UrlParams, UrlParamsOf } from '../../src/urls/index.ts';
import * as pollsUrls from '../urls/fixtures/polls-urls.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const view = () => new HttpResponse('');

const urlpatterns = [
  path('', view, { name: 'home' }),
  path('items/<int:id>/', view, { name: 'item' }),
  path('unnamed/', view),
  path('polls/', include(pollsUrls)),
  path('org/<slug:org>/', include([path('team/<int:id>/', view, { name: 'team' })], { namespace: 'org', appName: 'org' })),
  path('flat/', include([path('x/', view, { name: 'flat-x' })])),
];

type M = ReverseMap<typeof urlpatterns>;
export const names: Equal<keyof M, 'home' | 'item' | 'polls:index' | 'polls:detail' | 'polls:results' | 'org:team' | 'flat-x'> = true;
export const teamParams: Equal<M['org:team'], { org: string; id: number }> = true;

const url = typedReverse(urlpatterns);
export const a = url('home');
export const b = url('item', { kwargs: { id: 3 } });
export const c = url('polls:detail', { kwargs: { questionId: 1 } });
export const d = url('org:team', { kwargs: { org: 'acme', id: 2 } });

// @ts-expect-error unknown name
export const e = url('nope');
// @ts-expect-error misspelt namespaced name
export const f = url('polls:detial');
// @ts-expect-error id must be a number
export const g = url('item', { kwargs: { id: 'x' } });
// @ts-expect-error unknown param
export const h = url('item', { kwargs: { id: 1, other: 2 } });

// What `declare module 'reinhardt/urls' { interface UrlRegister { urlpatterns: typeof urlpatterns } }`
// gives reverse(), checked on a local register so this file does not type every other test.
type Reg = { urlpatterns: typeof urlpatterns };
export const regNames: Equal<UrlNameOf<Reg>, keyof M> = true;
export const regParams: Equal<UrlParamsOf<Reg, 'item'>, { id: number }> = true;
// Nothing registered in this program: any name, any params.
export const openNames: Equal<UrlName, string> = true;
export const openParams: Equal<UrlParams<'x'>, Record<string, unknown>> = true;
