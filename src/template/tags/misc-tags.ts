// The remaining builtin tags: autoescape, comment, spaceless, verbatim, templatetag, filter,
// load, csrf_token, debug, now, lorem, widthratio, regroup, url, querystring and
// partialdef/partial. Each follows Django's argument rules and error messages.
import { escapeHtmlFast as escapeText } from '../../utils/escape-fast.ts';
import { SafeString, markSafe } from '../../utils/safestring.ts';
import { loremParagraphs, loremWords } from '../../utils/lorem.ts';
import { DATE_FORMATS, formatDate } from '../../utils/dateformat.ts';
import { inTimeZone } from '../../utils/zoned-date.ts';
import type { Context } from '../context.ts';
import { TemplateSyntaxError, VariableDoesNotExist } from '../errors.ts';
import { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, NodeList, mapRendered, mapValue, withCleanup } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import { isThenable, pyInt, pyFloatOf, pyRepr, pyStr, roundHalfEven, unbox } from '../python-values.ts';
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
    const formatted = formatDate(inTimeZone(new Date(), ctx.engine?.timeZone), DATE_FORMATS[this.format] ?? this.format);
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
}
