// Type-level parsing of routes: `RouteParams<'articles/<int:year>/<slug:slug>/'>` is
// `{ year: number; slug: string }`. Used to type views declared with path() and reverse().
import type { ConverterTypes } from './converters.ts';

type ParamType<C extends string> = C extends keyof ConverterTypes ? ConverterTypes[C] : unknown;

type ParamsOf<R extends string> = R extends `${string}<${infer Body}>${infer Rest}`
  ? (Body extends `${infer C}:${infer N}` ? { [K in N]: ParamType<C> } : { [K in Body]: string }) & ParamsOf<Rest>
  : unknown;

/** Flatten an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The params a route captures, by name, typed by converter (`int` -> number, others string).
 * A non-literal route gives `Record<string, unknown>`.
 *
 * @example
 * type P = RouteParams<'articles/<int:year>/<slug>/'>; // { year: number; slug: string }
 */
export type RouteParams<R extends string> = string extends R
  ? Record<string, unknown>
  : Simplify<ParamsOf<R> & {}>;
