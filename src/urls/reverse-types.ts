// Typed reverse(): the names of a urlconf and their params, computed from the path() calls
// that declare it. Register the root urlconf once (declaration merging) to type every call.
import type { RouteParams } from './route-params.ts';
import type { AnyPattern, URLPattern, URLResolver } from './resolver.ts';

type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7];

type Entries<E, Prefix extends string, Outer, D extends number> = [D] extends [never]
  ? never
  : E extends URLPattern<infer R, infer N>
    ? [N] extends [never]
      ? never
      : { name: `${Prefix}${N}`; params: Outer & RouteParams<R> }
    : E extends URLResolver<infer R, infer C, infer NS>
      ? Entries<C[number], NS extends string ? `${Prefix}${NS}:` : Prefix, Outer & RouteParams<R>, Depth[D]>
      : never;

type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * The names a urlpatterns list defines (namespaced as `ns:name`) mapped to their params.
 *
 * @example
 * type M = ReverseMap<typeof urlpatterns>; // { 'polls:detail': { id: number }; home: {} }
 */
export type ReverseMap<P extends readonly AnyPattern[]> = {
  [E in Entries<P[number], '', {}, 7> as E['name']]: Flat<E['params']>;
};

/**
 * Augment this interface with your root urlpatterns to type `reverse()` everywhere:
 *
 * ```ts
 * declare module 'reinhardt/urls' {
 *   interface UrlRegister { urlpatterns: typeof urlpatterns }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface UrlRegister {}

/** The reverse map of a register (`never` when it names no urlpatterns). */
export type RegisteredMap<Reg> = Reg extends { urlpatterns: infer P extends readonly AnyPattern[] } ? ReverseMap<P> : never;

/** The names reverse() accepts for a register: its names, else any string. */
export type UrlNameOf<Reg> = [RegisteredMap<Reg>] extends [never] ? string : keyof RegisteredMap<Reg> & string;

/** The params of name `N` for a register (any record when nothing is registered). */
export type UrlParamsOf<Reg, N> = [RegisteredMap<Reg>] extends [never]
  ? Record<string, unknown>
  : N extends keyof RegisteredMap<Reg>
    ? RegisteredMap<Reg>[N]
    : Record<string, unknown>;

/** The names reverse() accepts: the registered ones, else any string. */
export type UrlName = UrlNameOf<UrlRegister>;

/** The params of a registered name (any record when nothing is registered). */
export type UrlParams<N> = UrlParamsOf<UrlRegister, N>;
