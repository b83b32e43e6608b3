// The remaining builtin tags: autoescape, comment, spaceless, verbatim, templatetag, filter,
// load, csrf_token, debug, now, lorem, widthratio, regroup, url, querystring and
// partialdef/partial. Each follows Django's argument rules and error messages.
import { escapeHtmlFast as escapeText } from '../../utils/escape-fast.ts';
import { SafeString, markSafe } from '../../utils/safestring.ts';
import { loremParagraphs, loremWords } from '../../utils/lorem.ts';
import { formatDate } from '../../utils/dateformat.ts';
import type { Context } from '../context.ts';
import { TemplateSyntaxError, VariableDoesNotExist } from '../errors.ts';
import { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, NodeList, mapRendered, mapValue, withCleanup } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import { PyTuple, isPlainObject, isThenable, pyEquals, pyIter, pyRepr, pyStr, unbox } from '../python-values.ts';
import type { FilterExpression } from '../variable.ts';

class AutoescapeNode extends Node {
  readonly setting: boolean;
  readonly body: NodeList;

  constructor(setting: boolean, body: NodeList) {
    super();
    this.setting = setting;
    this.body = body;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    const old = ctx.autoescape;
    ctx.autoescape = this.setting;
    return withCleanup(() => this.body.render(ctx), () => (ctx.autoescape = old));
  }
}

function doAutoescape(parser: Parser, token: { contents: string }): Node {
  const args = token.contents.split(/\s+/);
  if (args.length !== 2) throw new TemplateSyntaxError("'autoescape' tag requires exactly one argument.");
  const arg = args[1]!;
  if (arg !== 'on' && arg !== 'off') throw new TemplateSyntaxError("'autoescape' argument should be 'on' or 'off'");
  const body = parser.parse(['endautoescape']);
  parser.deleteFirstToken();
  return new AutoescapeNode(arg === 'on', body);
}

class EmptyNode extends Node {
  render(): string {
    return '';
  }
}

class ConstantNode extends Node {
  readonly text: string;

  constructor(text: string) {
    super();
    this.text = text;
  }

  render(): string {
    return this.text;
  }
}

class BodyNode extends Node {
  readonly body: NodeList;
  readonly post: (s: string, ctx: Context) => string | Promise<string>;

  constructor(body: NodeList, post: (s: string, ctx: Context) => string | Promise<string>) {
    super();
    this.body = body;
    this.post = post;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    return mapRendered(this.body.render(ctx), (s) => this.post(s, ctx)) as Rendered;
  }
}

/** Remove whitespace between HTML tags (Django's strip_spaces_between_tags). */
export function stripSpacesBetweenTags(s: string): string {
  return s.replace(/>\s+</g, '><');
}

const TEMPLATETAG: Record<string, string> = {
  openblock: '{%',
  closeblock: '%}',
  openvariable: '{{',
  closevariable: '}}',
  openbrace: '{',
  closebrace: '}',
  opencomment: '{#',
  closecomment: '#}',
};

class FilterTagNode extends Node {
  readonly expr: FilterExpression;
  readonly body: NodeList;

  constructor(expr: FilterExpression, body: NodeList) {
    super();
    this.expr = expr;
    this.body = body;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    return mapRendered(this.body.render(ctx), (output) => {
      ctx.push({ var: markSafe(output) });
      return withCleanup(
        () => mapValue(this.expr.resolve(ctx), (v) => (v instanceof SafeString ? v.value : pyStr(v))),
        () => ctx.pop(),
      );
    }) as Rendered;
  }
}

function doFilter(parser: Parser, token: { contents: string }): Node {
  const rest = token.contents.replace(/^\S+\s*/, '');
  const expr = parser.compileFilter(`var|${rest}`);
  for (const f of expr.filters) {
    if (f.spec.name === 'escape' || f.spec.name === 'safe') {
      throw new TemplateSyntaxError(`"filter ${f.spec.name}" is not permitted.  Use the "autoescape" tag instead.`);
    }
  }
  const body = parser.parse(['endfilter']);
  parser.deleteFirstToken();
  return new FilterTagNode(expr, body);
}

function findLibrary(parser: Parser, name: string): Library {
  const lib = parser.libraries.get(name);
  if (!lib) {
    throw new TemplateSyntaxError(
      `'${name}' is not a registered tag library. Must be one of:\n${[...parser.libraries.keys()].sort().join('\n')}`,
    );
  }
  return lib;
}

function doLoad(parser: Parser, token: { contents: string }): Node {
  const bits = token.contents.split(/\s+/);
  if (bits.length >= 4 && bits[bits.length - 2] === 'from') {
    const name = bits[bits.length - 1]!;
    const lib = findLibrary(parser, name);
    const subset = new Library();
    for (const label of bits.slice(1, -2)) {
      const tag = lib.tags.get(label);
      const filter = lib.filters.get(label);
      if (!tag && !filter) throw new TemplateSyntaxError(`'${label}' is not a valid tag or filter in tag library '${name}'`);
      if (tag) subset.tags.set(label, tag);
      if (filter) subset.filters.set(label, filter);
    }
    parser.addLibrary(subset);
  } else {
    for (const name of bits.slice(1)) parser.addLibrary(findLibrary(parser, name));
  }
  return new EmptyNode();
}

class CsrfTokenNode extends Node {
  render(ctx: Context): string {
    const token = unbox(ctx.get('csrf_token'));
    if (token !== undefined && token !== null && token !== '' && token !== false) {
      if (token === 'NOTPROVIDED') return '';
      return `<input type="hidden" name="csrfmiddlewaretoken" value="${escapeText(String(token))}">`;
    }
    return '';
  }
}

class DebugNode extends Node {
  render(ctx: Context): string {
    const text = ctx.scopes.map((s) => pyRepr({ ...s })).join('\n\n');
    return escapeText(text);
  }
}

class NowNode extends Node {
  readonly format: string;
  readonly asVar: string | null;

  constructor(format: string, asVar: string | null) {
    super();
    this.format = format;
    this.asVar = asVar;
  }

  render(ctx: Context): string {
    const formatted = formatDate(new Date(), this.format);
    if (this.asVar) {
      ctx.set(this.asVar, formatted);
      return '';
    }
    return ctx.autoescape ? escapeText(formatted) : formatted;
  }
}

function doNow(_parser: Parser, token: { contents: string }): Node {
  let bits = splitContents(token.contents);
  let asVar: string | null = null;
  if (bits.length === 4 && bits[2] === 'as') {
    asVar = bits[3]!;
    bits = bits.slice(0, 2);
  }
  if (bits.length !== 2) throw new TemplateSyntaxError("'now' statement takes one argument");
  return new NowNode(bits[1]!.slice(1, -1), asVar);
}

class LoremNode extends Node {
  readonly count: FilterExpression;
  readonly method: string;
  readonly common: boolean;

  constructor(count: FilterExpression, method: string, common: boolean) {
    super();
    this.count = count;
    this.method = method;
    this.common = common;
  }

  render(ctx: Context): Rendered {
    return mapValue(this.count.resolve(ctx), (c) => {
      let count = pyInt(c);
      if (count === null) count = 1;
      if (this.method === 'w') return loremWords(count, this.common);
      let paras = loremParagraphs(count, this.common);
      if (this.method === 'p') paras = paras.map((p) => `<p>${p}</p>`);
      return paras.join('\n\n');
    }) as Rendered;
  }
}

function doLorem(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  const tagname = bits[0];
  const common = bits[bits.length - 1] !== 'random';
  if (!common) bits.pop();
  let method = 'b';
  if (['w', 'p', 'b'].includes(bits[bits.length - 1]!)) method = bits.pop()!;
  const count = bits.length > 1 ? bits.pop()! : '1';
  if (bits.length !== 1) throw new TemplateSyntaxError(`Incorrect format for '${tagname}' tag`);
  return new LoremNode(parser.compileFilter(count), method, common);
}

/** Python's int(): numbers truncate, numeric strings parse; null when it would raise. */
export function pyInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  v = unbox(v);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return parseInt(v, 10);
  return null;
}

/** Python's float(): null when it would raise. */
export function pyFloatOf(v: unknown): number | null {
  v = unbox(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(s)) return NaN;
  }
  return null;
}

/** Python's round() to an integer: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

class WidthRatioNode extends Node {
  readonly value: FilterExpression;
  readonly max: FilterExpression;
  readonly width: FilterExpression;
  readonly asVar: string | null;

  constructor(value: FilterExpression, max: FilterExpression, width: FilterExpression, asVar: string | null) {
    super();
    this.value = value;
    this.max = max;
    this.width = width;
    this.asVar = asVar;
  }

  render(ctx: Context): Rendered {
    let maxValue: unknown;
    let width: unknown;
    let value: unknown;
    try {
      maxValue = this.max.resolve(ctx);
      width = this.width.resolve(ctx);
      value = this.value.resolve(ctx);
    } catch (err) {
      if (err instanceof VariableDoesNotExist) return '';
      throw err;
    }
    if ([maxValue, width, value].some(isThenable)) {
      return Promise.all([maxValue, width, value]).then(([m, w, v]) => this.#compute(ctx, m, w, v));
    }
    return this.#compute(ctx, maxValue, width, value);
  }

  #compute(ctx: Context, maxValue: unknown, widthRaw: unknown, valueRaw: unknown): string {
    const width = pyInt(widthRaw);
    if (width === null) throw new TemplateSyntaxError('widthratio final argument must be a number');
    let result: string;
    const value = pyFloatOf(valueRaw);
    const max = pyFloatOf(maxValue);
    if (value === null || max === null) result = '';
    else if (max === 0) result = '0';
    else {
      const ratio = (value / max) * width;
      result = Number.isFinite(ratio) ? String(roundHalfEven(ratio)) : '';
    }
    if (this.asVar) {
      ctx.set(this.asVar, result);
      return '';
    }
    return result;
  }
}

function doWidthRatio(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  let asVar: string | null = null;
  if (bits.length === 6) {
    if (bits[4] !== 'as') throw new TemplateSyntaxError("Invalid syntax in widthratio tag. Expecting 'as' keyword");
    asVar = bits[5]!;
  } else if (bits.length !== 4) {
    throw new TemplateSyntaxError('widthratio takes at least three arguments');
  }
  return new WidthRatioNode(parser.compileFilter(bits[1]!), parser.compileFilter(bits[2]!), parser.compileFilter(bits[3]!), asVar);
}

/** One group made by `{% regroup %}`: unpacks as (grouper, list). */
export class GroupedResult extends PyTuple {
  constructor(grouper: unknown, list: unknown[]) {
    super();
    this.push(grouper, list);
    Object.defineProperty(this, 'grouper', { value: grouper, enumerable: false });
    Object.defineProperty(this, 'list', { value: list, enumerable: false });
  }

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Python's repr of the namedtuple. */
  __repr__(): string {
    return `GroupedResult(grouper=${pyRepr(this[0])}, list=${pyRepr(this[1])})`;
  }
}

class RegroupNode extends Node {
  readonly target: FilterExpression;
  readonly expression: FilterExpression;
  readonly varName: string;

  constructor(target: FilterExpression, expression: FilterExpression, varName: string) {
    super();
    this.target = target;
    this.expression = expression;
    this.varName = varName;
  }

  render(ctx: Context): Rendered {
    return mapValue(this.target.resolve(ctx, true), async (list) => {
      if (list === null || list === undefined) {
        ctx.set(this.varName, []);
        return '';
      }
      const items = pyIter(list) ?? [];
      const groups: GroupedResult[] = [];
      let key: unknown;
      let current: unknown[] | null = null;
      for (const obj of items) {
        ctx.set(this.varName, obj);
        let k = this.expression.resolve(ctx, true);
        if (isThenable(k)) k = await k;
        if (current === null || !pyEquals(k, key)) {
          current = [];
          key = k;
          groups.push(new GroupedResult(k, current));
        }
        current.push(obj);
      }
      ctx.set(this.varName, groups);
      return '';
    }) as Rendered;
  }
}

function doRegroup(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  if (bits.length !== 6) throw new TemplateSyntaxError("'regroup' tag takes five arguments");
  const target = parser.compileFilter(bits[1]!);
  if (bits[2] !== 'by') throw new TemplateSyntaxError("second argument to 'regroup' tag must be 'by'");
  if (bits[4] !== 'as') throw new TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'");
  const varName = bits[5]!;
  return new RegroupNode(target, parser.compileFilter(`${varName}.${bits[3]}`), varName);
}

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

class PartialDefNode extends Node {
  readonly name: string;
  readonly body: NodeList;
  readonly inline: boolean;

  constructor(name: string, body: NodeList, inline: boolean) {
    super();
    this.name = name;
    this.body = body;
    this.inline = inline;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    return this.inline ? this.body.render(ctx) : '';
  }
}

class PartialNode extends Node {
  readonly name: string;
  readonly partials: Map<string, PartialDefNode>;

  constructor(name: string, partials: Map<string, PartialDefNode>) {
    super();
    this.name = name;
    this.partials = partials;
  }

  render(ctx: Context): Rendered {
    const def = this.partials.get(this.name);
    if (!def) throw new TemplateSyntaxError(`Partial '${this.name}' is not defined in the current template.`);
    return def.body.render(ctx);
  }
}

function partialsOf(parser: Parser): Map<string, PartialDefNode> {
  let map = parser.extra.get('partials') as Map<string, PartialDefNode> | undefined;
  if (!map) {
    map = new Map();
    parser.extra.set('partials', map);
  }
  return map;
}

function doPartialDef(parser: Parser, token: { contents: string }): Node {
  const bits = token.contents.split(/\s+/);
  if (bits.length < 2 || bits.length > 3 || (bits.length === 3 && bits[2] !== 'inline')) {
    throw new TemplateSyntaxError("'partialdef' tag requires a name and an optional 'inline' argument");
  }
  const name = bits[1]!;
  const body = parser.parse(['endpartialdef']);
  const end = parser.nextToken();
  const endBits = end.contents.split(/\s+/);
  if (endBits.length > 1 && endBits[1] !== name) {
    throw new TemplateSyntaxError(`expected 'endpartialdef' or 'endpartialdef ${name}'.`);
  }
  const partials = partialsOf(parser);
  if (partials.has(name)) throw new TemplateSyntaxError(`Partial '${name}' is already defined in the '${parser.origin.name}' template.`);
  const node = new PartialDefNode(name, body, bits[2] === 'inline');
  partials.set(name, node);
  return node;
}

function doPartial(parser: Parser, token: { contents: string }): Node {
  const bits = token.contents.split(/\s+/);
  if (bits.length !== 2) throw new TemplateSyntaxError("'partial' tag requires a single argument");
  return new PartialNode(bits[1]!, partialsOf(parser));
}

/** Register the remaining builtin tags on `lib`. */
export function registerMiscTags(lib: Library): void {
  lib.tag('autoescape', doAutoescape);
  lib.tag('comment', (parser) => {
    parser.skipPast('endcomment');
    return new EmptyNode();
  });
  lib.tag('spaceless', (parser) => {
    const body = parser.parse(['endspaceless']);
    parser.deleteFirstToken();
    return new BodyNode(body, (s) => stripSpacesBetweenTags(s.trim()));
  });
  lib.tag('verbatim', (parser) => {
    const body = parser.parse(['endverbatim']);
    parser.deleteFirstToken();
    return new ConstantNode(body.nodes.map((n) => (n as unknown as { text: string }).text ?? '').join(''));
  });
  lib.tag('templatetag', (_parser, token) => {
    const bits = token.contents.split(/\s+/);
    if (bits.length !== 2) throw new TemplateSyntaxError("'templatetag' statement takes one argument");
    const text = TEMPLATETAG[bits[1]!];
    if (text === undefined) {
      throw new TemplateSyntaxError(
        `Invalid templatetag argument: '${bits[1]}'. Must be one of: [${Object.keys(TEMPLATETAG).map((k) => `'${k}'`).join(', ')}]`,
      );
    }
    return new ConstantNode(text);
  });
  lib.tag('filter', doFilter);
  lib.tag('load', doLoad);
  lib.tag('csrf_token', () => new CsrfTokenNode());
  lib.tag('debug', () => new DebugNode());
  lib.tag('now', doNow);
  lib.tag('lorem', doLorem);
  lib.tag('widthratio', doWidthRatio);
  lib.tag('regroup', doRegroup);
  lib.tag('url', doUrl);
  lib.tag('querystring', doQuerystring);
  lib.tag('partialdef', doPartialDef);
  lib.tag('partial', doPartial);
}
