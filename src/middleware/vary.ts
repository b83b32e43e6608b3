// Add header names to a response's `Vary` header without duplicates (Django's
// patch_vary_headers), for middleware whose output depends on request headers.
import type { HttpResponseBase } from '../http/response.ts';

/**
 * Add `names` to the response's `Vary` header, keeping existing entries and their order;
 * `*` absorbs everything.
 *
 * @example
 * patchVaryHeaders(response, ['Accept-Encoding']) // Vary: Cookie, Accept-Encoding
 */
export function patchVaryHeaders(response: HttpResponseBase, names: readonly string[]): void {
  const current = response.headers.get('Vary');
  const existing = current ? current.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const lower = new Set(existing.map((s) => s.toLowerCase()));
  for (const name of names) {
    if (!lower.has(name.toLowerCase())) {
      existing.push(name);
      lower.add(name.toLowerCase());
    }
  }
  response.headers.set('Vary', lower.has('*') ? '*' : existing.join(', '));
}
