// The `static` library: `{% static "css/site.css" %}`, `{% get_static_prefix %}` and
// `{% get_media_prefix %}`. URLs come from the engine's staticResolver hook or its staticUrl.
import { escapeHtmlFast as escapeText } from '../../utils/escape-fast.ts';
import { quote } from '../../utils/text.ts';
import type { Context } from '../context.ts';
import { TemplateSyntaxError } from '../errors.ts';
import { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, mapValue } from '../nodes.ts';
import { pyStr } from '../python-values.ts';
import type { FilterExpression } from '../variable.ts';

/** Join a static prefix and a path as Django's urljoin(STATIC_URL, quote(path)) does. */
export function staticUrl(prefix: string, path: string): string {
  const q = quote(path, "/~!*'();:@&=+$,?#[]");
  if (/^[a-z][a-z0-9+.-]*:/i.test(q) || q.startsWith('/')) {
    if (q.startsWith('/') && !q.startsWith('//')) {
      const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)/i.exec(prefix);
      return (m ? m[1] : '') + q;
    }
    return q;
  }
  const base = prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
  return base + q;
}

class StaticNode extends Node {
  readonly path: FilterExpression;
  readonly asVar: string | null;

  constructor(path: FilterExpression, asVar: string | null) {
    super();
    this.path = path;
    this.asVar = asVar;
  }

  render(ctx: Context): Rendered {
    return mapValue(this.path.resolve(ctx), (p) => {
      const path = pyStr(p);
      const engine = ctx.engine;
      const url = engine?.staticResolver ? engine.staticResolver(path) : staticUrl(engine?.staticUrl ?? '/static/', path);
      if (this.asVar) {
        ctx.set(this.asVar, url);
        return '';
      }
      return ctx.autoescape ? escapeText(url) : url;
    }) as Rendered;
  }
}

class PrefixNode extends Node {
  readonly which: 'static' | 'media';
  readonly asVar: string | null;

  constructor(which: 'static' | 'media', asVar: string | null) {
    super();
    this.which = which;
    this.asVar = asVar;
  }

  render(ctx: Context): string {
    const prefix = this.which === 'static' ? ctx.engine?.staticUrl ?? '/static/' : String(ctx.get('MEDIA_URL') ?? '');
    if (this.asVar) {
      ctx.set(this.asVar, prefix);
      return '';
    }
    return ctx.autoescape ? escapeText(prefix) : prefix;
  }
}

function prefixTag(which: 'static' | 'media') {
  return (_parser: unknown, token: { contents: string }): Node => {
    const bits = token.contents.split(/\s+/);
    if (bits.length > 1 && bits[1] !== 'as') throw new TemplateSyntaxError(`First argument in '${bits[0]}' must be 'as'`);
    if (bits.length === 2) throw new TemplateSyntaxError(`'${bits[0]}' requires a variable name after 'as'`);
    return new PrefixNode(which, bits.length >= 3 ? bits[2]! : null);
  };
}

/** The `static` tag library. */
export const staticLibrary = new Library()
  .tag('static', (parser, token) => {
    const bits = splitContents(token.contents);
    if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument (path to file)`);
    const path = parser.compileFilter(bits[1]!);
    let asVar: string | null = null;
    if (bits.length >= 2 && bits[bits.length - 2] === 'as') asVar = bits[bits.length - 1]!;
    return new StaticNode(path, asVar);
  })
  .tag('get_static_prefix', prefixTag('static'))
  .tag('get_media_prefix', prefixTag('media'));
