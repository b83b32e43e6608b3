// The plain data a debug page shows about the request. The handler builds it from the
// HttpRequest, so the page renderers depend on no request class and can be tested alone.

/** What the debug pages show about a request. */
export interface RequestSummary {
  method: string;
  /** Absolute URL when the host is known, else the path with query string. */
  url: string;
  path: string;
  query?: Iterable<[string, unknown]>;
  form?: Iterable<[string, unknown]>;
  files?: Iterable<[string, unknown]>;
  cookies?: Iterable<[string, unknown]>;
  headers?: Record<string, unknown>;
  /** The resolved view's name, when resolution got that far. */
  view?: string;
  /** The authenticated user's string form, when auth middleware ran. */
  user?: string;
}
