// The `i18n` library without message catalogs: translate/trans and blocktranslate/blocktrans
// render their source text (with variables, plural forms chosen by English rules, trimmed),
// plus the language query tags. Catalog-backed translation can replace `gettext` later.
import { escapeHtmlFast as escapeText } from '../../utils/escape-fast.ts';
import { SafeString } from '../../utils/safestring.ts';
import type { Context } from '../context.ts';
import { TemplateSyntaxError } from '../errors.ts';
import { Library } from '../library.ts';
import type { Token } from '../lexer.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, NodeList, mapValue, withCleanup } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import { PyTuple, isThenable, unbox } from '../python-values.ts';
import type { FilterExpression } from '../variable.ts';
import { renderValue } from '../variable.ts';
import { resolveKwargs, tokenKwargs } from './control-tags.ts';

/** The active language code (no catalogs: always the default). */
export const LANGUAGE_CODE = 'en-us';

class TranslateNode extends Node {
  readonly message: FilterExpression;
  readonly asVar: string | null;
  readonly noop: boolean;

  constructor(message: FilterExpression, asVar: string | null, noop: boolean) {
    super();
    this.message = message;
    this.asVar = asVar;
    this.noop = noop;
  }

  render(ctx: Context): Rendered {
    return mapValue(this.message.resolve(ctx), (value) => {
      if (this.asVar) {
        ctx.set(this.asVar, value);
        return '';
      }
      return renderValue(value, ctx.autoescape, escapeText);
    }) as Rendered;
  }
}

function doTranslate(parser: Parser, token: Token): Node {
  const bits = splitContents(token.contents);
  if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument`);
  const message = parser.compileFilter(bits[1]!);
  const remaining = bits.slice(2);
  let noop = false;
  let asVar: string | null = null;
  const seen = new Set<string>();
  while (remaining.length) {
    const option = remaining.shift()!;
    if (seen.has(option)) throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`);
    if (option === 'noop') noop = true;
    else if (option === 'context') {
      const value = remaining.shift();
      if (value === undefined || value === 'as' || value === 'noop') {
        throw new TemplateSyntaxError(`Invalid argument '${value}' provided to the '${bits[0]}' tag for the context option`);
      }
      parser.compileFilter(value);
    } else if (option === 'as') {
      const value = remaining.shift();
      if (value === undefined) throw new TemplateSyntaxError(`No argument provided to the '${bits[0]}' tag for the as option.`);
      asVar = value;
    } else {
      throw new TemplateSyntaxError(
        `Unknown argument for '${bits[0]}' tag: '${option}'. The only options available are 'noop', 'context' "xxx", and 'as VAR'.`,
      );
    }
    seen.add(option);
  }
  return new TranslateNode(message, asVar, noop);
}

/** Collapse the whitespace around line breaks, as blocktranslate's `trimmed` does. */
export function trimWhitespace(s: string): string {
  return s.trim().replace(/\s*\n\s*/g, ' ');
}

type Piece = { text: string } | { var: string };

class BlockTranslateNode extends Node {
  readonly tagName: string;
  readonly singular: Piece[];
  readonly plural: Piece[];
  readonly extra: Map<string, FilterExpression>;
  readonly countVar: string | null;
  readonly counter: FilterExpression | null;
  readonly trimmed: boolean;
  readonly asVar: string | null;

  constructor(init: {
    tagName: string;
    singular: Piece[];
    plural: Piece[];
    extra: Map<string, FilterExpression>;
    countVar: string | null;
    counter: FilterExpression | null;
    trimmed: boolean;
    asVar: string | null;
  }) {
    super();
    this.tagName = init.tagName;
    this.singular = init.singular;
    this.plural = init.plural;
    this.extra = init.extra;
    this.countVar = init.countVar;
    this.counter = init.counter;
    this.trimmed = init.trimmed;
    this.asVar = init.asVar;
  }

  render(ctx: Context): Rendered {
    return mapValue(resolveKwargs(ctx, this.extra), (values) => {
      ctx.push(values as Record<string, unknown>);
      return withCleanup(() => {
        if (this.counter && this.countVar) {
          return mapValue(this.counter.resolve(ctx), (count) => {
            const n = unbox(count);
            if (typeof n !== 'number') {
              throw new TemplateSyntaxError(`'${this.countVar}' argument to '${this.tagName}' tag must be a number.`);
            }
            ctx.set(this.countVar!, count);
            return this.#emit(ctx, n === 1 ? this.singular : this.plural);
          });
        }
        return this.#emit(ctx, this.singular);
      }, () => ctx.pop()) as Rendered;
    }) as Rendered;
  }

  #emit(ctx: Context, pieces: Piece[]): string {
    const sii = ctx.engine?.stringIfInvalid ?? '';
    let text = '';
    const values = new Map<string, string>();
    for (const p of pieces) {
      if ('text' in p) text += p.text;
      else text += `\u0000${p.var}\u0000`;
    }
    if (this.trimmed) text = trimWhitespace(text);
    const out = text.replace(/\u0000([^\u0000]*)\u0000/g, (_m, name: string) => {
      let v = values.get(name);
      if (v === undefined) {
        const raw = ctx.get(name);
        const val = raw === undefined ? (sii.includes('%s') ? sii.replace('%s', name) : sii) : raw;
        v = isThenable(val) ? '' : renderValue(val, ctx.autoescape, escapeText);
        values.set(name, v);
      }
      return v;
    });
    if (this.asVar) {
      ctx.set(this.asVar, new SafeString(out));
      return '';
    }
    return out;
  }
}

function doBlockTranslate(parser: Parser, token: Token): Node {
  const bits = splitContents(token.contents);
  const tagName = bits[0]!;
  const remaining = bits.slice(1);
  const options = new Map<string, unknown>();
  let asVar: string | null = null;
  while (remaining.length) {
    const option = remaining.shift()!;
    if (options.has(option)) throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`);
    let value: unknown;
    if (option === 'with') {
      value = tokenKwargs(remaining, parser, true);
      if (!(value as Map<string, unknown>).size) throw new TemplateSyntaxError(`"with" in '${tagName}' tag needs at least one keyword argument.`);
    } else if (option === 'count') {
      value = tokenKwargs(remaining, parser, true);
      if ((value as Map<string, unknown>).size !== 1) throw new TemplateSyntaxError(`"count" in '${tagName}' tag expected exactly one keyword argument.`);
    } else if (option === 'context') {
      const v = remaining.shift();
      if (v === undefined) throw new TemplateSyntaxError(`"context" in '${tagName}' tag expected exactly one argument.`);
      value = parser.compileFilter(v);
    } else if (option === 'trimmed') {
      value = true;
    } else if (option === 'asvar') {
      const v = remaining.shift();
      if (v === undefined) throw new TemplateSyntaxError(`No argument provided to the '${tagName}' tag for the asvar option.`);
      asVar = v;
      value = v;
    } else {
      throw new TemplateSyntaxError(`Unknown argument for '${tagName}' tag: '${option}'.`);
    }
    options.set(option, value);
  }
  let countVar: string | null = null;
  let counter: FilterExpression | null = null;
  const count = options.get('count') as Map<string, FilterExpression> | undefined;
  if (count) [countVar, counter] = [...count][0]!;
  const read = (into: Piece[]): Token | undefined => {
    while (parser.hasTokens) {
      const t = parser.nextToken();
      if (t.type === 'text') into.push({ text: t.contents });
      else if (t.type === 'var') into.push({ var: t.contents });
      else if (t.type === 'block') return t;
    }
    return undefined;
  };
  const singular: Piece[] = [];
  const plural: Piece[] = [];
  let end = read(singular);
  if (countVar && counter) {
    if (!end || end.contents.trim() !== 'plural') throw new TemplateSyntaxError(`'${tagName}' doesn't allow other block tags inside it`);
    end = read(plural);
  }
  if (!end || end.contents.trim() !== `end${tagName}`) {
    throw new TemplateSyntaxError(`'${tagName}' doesn't allow other block tags (seen '${end?.contents ?? ''}') inside it`);
  }
  return new BlockTranslateNode({
    tagName,
    singular,
    plural,
    extra: (options.get('with') as Map<string, FilterExpression> | undefined) ?? new Map(),
    countVar,
    counter,
    trimmed: options.get('trimmed') === true,
    asVar,
  });
}

class SetVarNode extends Node {
  readonly name: string;
  readonly value: () => unknown;

  constructor(name: string, value: () => unknown) {
    super();
    this.name = name;
    this.value = value;
  }

  render(ctx: Context): string {
    ctx.set(this.name, this.value());
    return '';
  }
}

function asVarTag(value: () => unknown) {
  return (_parser: Parser, token: Token): Node => {
    const args = token.contents.split(/\s+/);
    if (args.length !== 3 || args[1] !== 'as') {
      throw new TemplateSyntaxError(`'${args[0]}' requires 'as variable' (got ${JSON.stringify(args)})`);
    }
    return new SetVarNode(args[2]!, value);
  };
}

class LanguageNode extends Node {
  readonly body: NodeList;

  constructor(body: NodeList) {
    super();
    this.body = body;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    return this.body.render(ctx);
  }
}

/** The `i18n` tag library. */
export const i18nLibrary = new Library()
  .tag('translate', doTranslate)
  .tag('trans', doTranslate)
  .tag('blocktranslate', doBlockTranslate)
  .tag('blocktrans', doBlockTranslate)
  .tag('get_current_language', asVarTag(() => LANGUAGE_CODE))
  .tag('get_current_language_bidi', asVarTag(() => false))
  .tag('get_available_languages', asVarTag(() => [PyTuple.fromItems([LANGUAGE_CODE, 'English'])]))
  .tag('language', (parser, token) => {
    const bits = splitContents(token.contents);
    if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' takes one argument (language)`);
    parser.compileFilter(bits[1]!);
    const body = parser.parse(['endlanguage']);
    parser.deleteFirstToken();
    return new LanguageNode(body);
  })
  .filter('language_name', () => 'English', { arg: 'none' })
  .filter('language_name_local', () => 'English', { arg: 'none' })
  .filter('language_name_translated', () => 'English', { arg: 'none' })
  .filter('language_bidi', () => false, { arg: 'none' });

/** The `l10n` library: localize on/off blocks and the localize/unlocalize filters. */
export const l10nLibrary = new Library()
  .tag('localize', (parser, token) => {
    const bits = token.contents.split(/\s+/);
    if (bits.length > 2 || (bits.length === 2 && bits[1] !== 'on' && bits[1] !== 'off')) {
      throw new TemplateSyntaxError(`${bits[0]} argument should be 'on' or 'off'`);
    }
    const body = parser.parse(['endlocalize']);
    parser.deleteFirstToken();
    return new LanguageNode(body);
  })
  .filter('localize', (v) => v, { isSafe: false, arg: 'none' })
  .filter('unlocalize', (v) => v, { isSafe: false, arg: 'none' });
