// Host header validation against ALLOWED_HOSTS, with Django's matching rules: exact names,
// a leading dot for a domain and its subdomains, '*' for anything, the port ignored.

const HOST_RE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/;

/**
 * Split a Host header into lower-cased domain and port; both are `''` when the host is invalid.
 * A trailing dot on the domain is dropped.
 *
 * @example
 * splitDomainPort('Example.COM:8000') // ['example.com', '8000']
 * splitDomainPort('bad host')         // ['', '']
 */
export function splitDomainPort(host: string): [string, string] {
  const m = HOST_RE.exec(host.toLowerCase());
  if (!m) return ['', ''];
  let domain = m[1]!;
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  return [domain, m[2] ?? ''];
}

let lastHost: string | undefined;
let lastDomain = '';

/**
 * Return the domain of a Host header, as {@link splitDomainPort} does (`''` when invalid),
 * remembering the last host asked: a server's requests mostly repeat one.
 *
 * @example
 * hostDomain('Example.COM:8000') // 'example.com'
 */
export function hostDomain(host: string): string {
  if (host !== lastHost) {
    lastDomain = splitDomainPort(host)[0];
    lastHost = host;
  }
  return lastDomain;
}

/**
 * Whether `host` (a lower-cased domain, no port) matches `pattern`: equal, or `pattern` starts
 * with a dot and `host` is that domain or a subdomain of it.
 *
 * @example
 * isSameDomain('www.example.com', '.example.com') // true
 * isSameDomain('example.com', '.example.com')     // true
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const p = pattern.toLowerCase();
  return (p[0] === '.' && (host.endsWith(p) || host === p.slice(1))) || host === p;
}

/**
 * Whether `domain` is allowed by any of `allowedHosts` (`'*'` allows everything).
 *
 * @example
 * validateHost('api.example.com', ['.example.com']) // true
 */
export function validateHost(domain: string, allowedHosts: readonly string[]): boolean {
  for (const pattern of allowedHosts) {
    if (pattern === '*' || isSameDomain(domain, pattern)) return true;
  }
  return false;
}
