// `{% url %}` (reversing through the engine's urlResolver hook) and `{% querystring %}`
// (the request's query with changes, Django 5.2 semantics: always prefixed with '?').
import { escapeHtmlFast as escapeText } from '../../utils/escape-fast.ts';
import type { Context } from '../context.ts';
import { TemplateSyntaxError } from '../errors.ts';
import type { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import { Node } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import type { FilterExpression } from '../variable.ts';
import { isPlainObject, pyStr, unbox } from '../python-values.ts';

const KWARG_RE = /^(?:(\w+)=)?(.+)$/su;

class UrlNode extends Node {
  readonly viewName: FilterExpression;
  readonly args: FilterExpression[];
  readonly kwargs: [string, FilterExpression][];
  readonly asVar: string | null;

  constructor(viewName: FilterExpression, args: FilterExpression[], kwargs: [string, FilterExpression][], asVar: string | null) {
    super();
    this.viewName = viewName;
    this.args = args;
    this.kwargs = kwargs;
    this.asVar = asVar;
  }

  async render(ctx: Context): Promise<string> {
    const name = pyStr(await this.viewName.resolve(ctx));
    const args: unknown[] = [];
    for (const a of this.args) args.push(await a.resolve(ctx));
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of this.kwargs) kwargs[k] = await v.resolve(ctx);
    const resolver = ctx.engine?.urlResolver;
    let url = '';
    try {
      if (!resolver) {
        throw Object.assign(new Error(`Reverse for '${name}' not found: no URL resolver is configured for the template engine.`), {
          name: 'NoReverseMatch',
          djangoError: 'NoReverseMatch',
          code: 'urls.no_reverse_match',
        });
      }
      const request = ctx.request as { resolverMatch?: { namespace?: string } } | undefined;
      url = resolver(name, args, kwargs, request?.resolverMatch?.namespace);
    } catch (err) {
      if (this.asVar === null) throw err;
    }
    if (this.asVar !== null) {
      ctx.set(this.asVar, url);
      return '';
    }
    return ctx.autoescape ? escapeText(url) : url;
  }
}

function doUrl(parser: Parser, token: { contents: string }): Node {
  let bits = splitContents(token.contents);
  if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument, a URL pattern name.`);
  const viewName = parser.compileFilter(bits[1]!);
  const args: FilterExpression[] = [];
  const kwargs: [string, FilterExpression][] = [];
  let asVar: string | null = null;
  bits = bits.slice(2);
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    asVar = bits[bits.length - 1]!;
    bits = bits.slice(0, -2);
  }
  for (const bit of bits) {
    const m = KWARG_RE.exec(bit);
    if (!m) throw new TemplateSyntaxError('Malformed arguments to url tag');
    if (m[1]) kwargs.push([m[1], parser.compileFilter(m[2]!)]);
    else args.push(parser.compileFilter(m[2]!));
  }
  return new UrlNode(viewName, args, kwargs, asVar);
}

function requestQuery(request: unknown): [string, string[]][] {
  const r = request as { GET?: unknown; query?: unknown; url?: unknown } | undefined;
  const src = r?.GET ?? r?.query;
  if (src instanceof URLSearchParams) {
    return [...new Set(src.keys())].map((k) => [k, src.getAll(k)]);
  }
  if (src && typeof src === 'object') {
    const lists = (src as { lists?: () => Iterable<[string, string[]]> }).lists;
    if (typeof lists === 'function') return [...lists.call(src)];
    return Object.entries(src as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]);
  }
  if (typeof r?.url === 'string') {
    const q = new URL(r.url, 'http://x').searchParams;
    return [...new Set(q.keys())].map((k) => [k, q.getAll(k)]);
  }
  return [];
}

function mappingEntries(d: unknown): [string, unknown][] {
  if (d instanceof URLSearchParams) return [...new Set(d.keys())].map((k) => [k, d.getAll(k)]);
  if (d instanceof Map) return [...d];
  if (isPlainObject(d)) return Object.entries(d);
  if (d && typeof d === 'object' && typeof (d as { lists?: unknown }).lists === 'function') {
    return [...(d as { lists: () => Iterable<[string, unknown]> }).lists()];
  }
  throw new TemplateSyntaxError('querystring requires mappings for positional arguments (got ' + pyStr(d) + ').');
}

function pyQuotePlus(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Build the `{% querystring %}` value from the request's query and the given changes. */
export function buildQuerystring(request: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const params = new Map<string, string[]>();
  const sources = args.length ? args.map(mappingEntries) : [requestQuery(request) as [string, unknown][]];
  sources.push(Object.entries(kwargs));
  for (const entries of sources) {
    for (const [k, raw] of entries) {
      const v = unbox(raw);
      if (v === null || v === undefined) params.delete(k);
      else if (Array.isArray(v)) params.set(k, v.map((x) => pyStr(x)));
      else params.set(k, [pyStr(v)]);
    }
  }
  const parts: string[] = [];
  for (const [k, vs] of params) for (const v of vs) parts.push(`${pyQuotePlus(k)}=${pyQuotePlus(v)}`);
  return `?${parts.join('&')}`;
}

class QuerystringNode extends Node {
  readonly args: FilterExpression[];
  readonly kwargs: [string, FilterExpression][];
  readonly asVar: string | null;

  constructor(args: FilterExpression[], kwargs: [string, FilterExpression][], asVar: string | null) {
    super();
    this.args = args;
    this.kwargs = kwargs;
    this.asVar = asVar;
  }

  async render(ctx: Context): Promise<string> {
    const args: unknown[] = [];
    for (const a of this.args) args.push(await a.resolve(ctx));
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of this.kwargs) kwargs[k] = await v.resolve(ctx);
    const qs = buildQuerystring(ctx.request, args, kwargs);
    if (this.asVar !== null) {
      ctx.set(this.asVar, qs);
      return '';
    }
    return ctx.autoescape ? escapeText(qs) : qs;
  }
}

function doQuerystring(parser: Parser, token: { contents: string }): Node {
  let bits = splitContents(token.contents).slice(1);
  let asVar: string | null = null;
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    asVar = bits[bits.length - 1]!;
    bits = bits.slice(0, -2);
  }
  const args: FilterExpression[] = [];
  const kwargs: [string, FilterExpression][] = [];
  for (const bit of bits) {
    const m = /^(\w+)=(.+)$/su.exec(bit);
    if (m) kwargs.push([m[1]!, parser.compileFilter(m[2]!)]);
    else args.push(parser.compileFilter(bit));
  }
  return new QuerystringNode(args, kwargs, asVar);
}

/** Register `url` and `querystring` on `lib`. */
export function registerUrlTags(lib: Library): void {
  lib.tag('url', doUrl);
  lib.tag('querystring', doQuerystring);
}
