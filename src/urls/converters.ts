// Path converters: what `<int:year>` means. Each has a regex (used when the pattern is
// compiled), `toJs` (string -> value, at resolve) and `toUrl` (value -> string, at reverse).
import { ImproperlyConfigured } from '../core/exceptions.ts';

/**
 * A path converter. `toJs` and `toUrl` throw (any error) to reject a value: the URL then does
 * not match, or the reverse candidate is skipped.
 *
 * @example
 * const fourDigitYear: PathConverter<number> = {
 *   regex: '[0-9]{4}',
 *   toJs: (v) => Number(v),
 *   toUrl: (v) => String(v).padStart(4, '0'),
 * };
 */
export interface PathConverter<T = unknown> {
  readonly regex: string;
  toJs(value: string): T;
  toUrl(value: T): string;
}

/**
 * The value type of each converter, for typing view params. Augment it when you register a
 * converter so `<yyyy:year>` is typed:
 * `declare module 'reinhardt/urls' { interface ConverterTypes { yyyy: number } }`.
 */
export interface ConverterTypes {
  int: number;
  str: string;
  slug: string;
  uuid: string;
  path: string;
}

const text: Omit<PathConverter<string>, 'regex'> = {
  toJs: (v) => v,
  toUrl: (v) => String(v),
};

/** `<int:x>`: zero or positive integers, as a number. */
export const IntConverter: PathConverter<number> = {
  regex: '[0-9]+',
  toJs: (v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${v} is too large for <int>`);
    return n;
  },
  toUrl: (v) => String(v),
};
/** `<str:x>` (the default): any non-empty text without `/`. */
export const StringConverter: PathConverter<string> = { regex: '[^/]+', ...text };
/** `<slug:x>`: ASCII letters, digits, hyphens and underscores. */
export const SlugConverter: PathConverter<string> = { regex: '[-a-zA-Z0-9_]+', ...text };
/** `<uuid:x>`: a lower-case, hyphenated UUID (kept as a string). */
export const UUIDConverter: PathConverter<string> = {
  regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  ...text,
};
/** `<path:x>`: any non-empty text, `/` included. */
export const PathSegmentsConverter: PathConverter<string> = { regex: '.+', ...text };

const registry = new Map<string, PathConverter>([
  ['int', IntConverter as PathConverter],
  ['str', StringConverter as PathConverter],
  ['slug', SlugConverter as PathConverter],
  ['uuid', UUIDConverter as PathConverter],
  ['path', PathSegmentsConverter as PathConverter],
]);

/**
 * Register a converter under `name` for use in routes declared after this call.
 *
 * Differs from Django: an error is raised when the name is already taken (Django 5.1 deprecated
 * overriding); pass `{ override: true }` to replace one on purpose.
 *
 * @example
 * registerConverter('yyyy', { regex: '[0-9]{4}', toJs: Number, toUrl: (v) => String(v).padStart(4, '0') });
 * path('articles/<yyyy:year>/', yearArchive)
 */
export function registerConverter(name: string, converter: PathConverter<any>, options: { override?: boolean } = {}): void {
  if (registry.has(name) && !options.override) {
    throw new ImproperlyConfigured(`Converter '${name}' is already registered; pass { override: true } to replace it`);
  }
  registry.set(name, converter);
}

/** Return the converter registered as `name`, or undefined. */
export function getConverter(name: string): PathConverter | undefined {
  return registry.get(name);
}

/** The names of the registered converters. */
export function converterNames(): string[] {
  return [...registry.keys()];
}
