// reinhardt/urls: declaring URL patterns, resolving paths to views and reversing names to paths.
export { path, rePath, include, type IncludeSpec, type IncludeOptions, type PathOptions, type UrlconfModule } from './conf.ts';
export {
  resolve,
  getResolver,
  setUrlconf,
  clearUrlconf,
  loadUrlconf,
  setIncludeLoader,
  isValidPath,
  shouldRedirectWithSlash,
  resolveErrorHandler,
  setScriptPrefix,
  getScriptPrefix,
  type Urlconf,
  type IncludeLoader,
} from './base.ts';
export { reverse, typedReverse, NoReverseMatch, type ReverseOptions, type TypedReverse } from './reverse.ts';
export { URLPattern, URLResolver, ResolverMatch, Resolver404, type View, type AnyPattern } from './resolver.ts';
export { RoutePattern, RegexPattern, pythonRegexToJs, type Pattern, type PatternMatch, type ReversePart } from './patterns.ts';
export {
  registerConverter,
  getConverter,
  IntConverter,
  StringConverter,
  SlugConverter,
  UUIDConverter,
  PathSegmentsConverter,
  type PathConverter,
  type ConverterTypes,
} from './converters.ts';
export type { RouteParams } from './route-params.ts';
export type { ReverseMap, UrlRegister, UrlName, UrlParams, UrlNameOf, UrlParamsOf, RegisteredMap } from './reverse-types.ts';
export { checkUrlPatterns } from './checks.ts';
