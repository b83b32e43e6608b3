// System checks for a urlconf (Django's urls.* and 2_0.W001 ids), run by `reinhardt check`.
import { error, warning, type CheckMessage } from '../core/checks/index.ts';
import { URLPattern, URLResolver } from './resolver.ts';

/**
 * Check a urlconf (module or pattern list): invalid entries (urls.E004), include regexes ending
 * in `$` (urls.W001), leading slashes (urls.W002), `:` in names (urls.W003), duplicate
 * namespaces (urls.W005), Django-1 regex syntax in path() (2_0.W001), and custom error handlers
 * that are not functions (urls.E007).
 *
 * @example
 * checkUrlPatterns([path('/polls/', index)])
 * // [warning urls.W002: Your URL pattern '/polls/' has a route beginning with a '/'. ...]
 */
export function checkUrlPatterns(urlconf: readonly unknown[] | Record<string, unknown>): CheckMessage[] {
  const messages: CheckMessage[] = [];
  let list: unknown;
  if (Array.isArray(urlconf)) list = urlconf;
  else {
    const mod = urlconf as Record<string, unknown>;
    list = mod['urlpatterns'] ?? mod['default'];
    for (const status of [400, 403, 404, 500]) {
      const h = mod[`handler${status}`];
      if (h !== undefined && typeof h !== 'function') {
        messages.push(
          error('urls.E007', `The custom handler${status} view is not a function.`, {
            hint: `Export handler${status} as a view function (request, params) => HttpResponse.`,
          }),
        );
      }
    }
  }
  if (!Array.isArray(list)) {
    messages.push(
      error('urls.E004', 'The URLconf has no urlpatterns list. Export `urlpatterns` (or a default array) of path() and/or rePath() instances.'),
    );
    return messages;
  }
  const namespaces = new Map<string, number>();
  walk(list, messages, namespaces);
  for (const [ns, count] of namespaces) {
    if (count > 1) {
      messages.push(
        warning('urls.W005', `URL namespace '${ns}' isn't unique. You may not be able to reverse all URLs in this namespace`),
      );
    }
  }
  return messages;
}

function walk(list: readonly unknown[], messages: CheckMessage[], namespaces: Map<string, number>): void {
  for (const p of list) {
    if (!(p instanceof URLPattern) && !(p instanceof URLResolver)) {
      messages.push(
        error('urls.E004', `Your URL pattern ${String(p)} is invalid. Ensure that urlpatterns is a list of path() and/or rePath() instances.`),
      );
      continue;
    }
    const pattern = p.pattern;
    const desc = p.describe();
    const src = pattern.source;
    if (pattern.isRegex) {
      if (p instanceof URLResolver && src.endsWith('$') && !src.endsWith('\\$')) {
        messages.push(
          warning('urls.W001', `Your URL pattern ${desc} uses include with a route ending with a '$'. Remove the dollar from the route to avoid problems including URLs.`),
        );
      }
    } else if (src.includes('(?P<') || src.startsWith('^') || src.endsWith('$')) {
      messages.push(
        warning('2_0.W001', `Your URL pattern ${desc} has a route that contains '(?P<', begins with a '^', or ends with a '$'. This was likely an oversight when migrating to rePath() patterns.`),
      );
    }
    // As Django: an include prefix that ends in '/' may start with one ('/' itself, say).
    if (/^\^?\\?\//.test(src) && (pattern.isEndpoint || !src.endsWith('/'))) messages.push(leadingSlash(desc));
    if (p instanceof URLPattern && p.name && p.name.includes(':')) {
      messages.push(
        warning('urls.W003', `Your URL pattern ${desc} has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`),
      );
    }
    if (p instanceof URLResolver) {
      if (p.namespace) namespaces.set(p.namespace, (namespaces.get(p.namespace) ?? 0) + 1);
      if (p.pendingSpecifier === null) walk(p.urlPatterns, messages, namespaces);
    }
  }
}

function leadingSlash(desc: string): CheckMessage {
  return warning(
    'urls.W002',
    `Your URL pattern ${desc} has a route beginning with a '/'. Remove this slash as it is unnecessary. If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.`,
  );
}
