// Tag and filter libraries: what `{% load name %}` brings into a template. Builtins are
// libraries too. A custom library is a `Library` exported as `register` from an app's
// `templatetags/<name>.ts` module (or passed to the engine under a name).
import { conditionalEscape } from '../utils/html.ts';
import type { Context } from './context.ts';
import { TemplateSyntaxError } from './errors.ts';
import type { Token } from './lexer.ts';
import { splitContents } from './lexer.ts';
import { Node } from './nodes.ts';
import type { Parser } from './parser.ts';
import { isThenable } from './python-values.ts';
import type { FilterExpression } from './variable.ts';

/** A filter function: the value, the argument (undefined when none) and the autoescape state. */
export type FilterFunction = (value: any, arg: any, autoescape: boolean) => unknown;

/** How a filter is registered. */
export interface FilterOptions {
  /** The filter keeps safe input safe (Django's `is_safe`). */
  isSafe?: boolean;
  /** The filter escapes its own output and wants the autoescape flag (`needs_autoescape`). */
  needsAutoescape?: boolean;
  /** Dates are converted to local time before the call (`expects_localtime`). */
  expectsLocaltime?: boolean;
  /** Whether the filter takes an argument; inferred from the function's arity when omitted. */
  arg?: 'none' | 'required' | 'optional';
}

/** A registered filter. */
export interface FilterSpec {
  name: string;
  fn: FilterFunction;
  isSafe: boolean;
  needsAutoescape: boolean;
  expectsLocaltime: boolean;
  arg: 'none' | 'required' | 'optional';
}

/** A tag's compile function: read the tag (and any body) from the parser, return a node. */
export type TagCompiler = (parser: Parser, token: Token) => Node;

/** Options of simple and inclusion tags. */
export interface SimpleTagOptions {
  /** Pass the render context as the first argument. */
  takesContext?: boolean;
}

/**
 * A set of tags and filters that templates load with `{% load %}`.
 *
 * @example
 * export const register = new Library();
 * register.filter('shout', (v) => String(v).toUpperCase() + '!');
 * register.simpleTag('greet', (name) => `Hello ${name}`);
 * // {% load poll_extras %}{{ 'hi'|shout }} {% greet "Ada" %} -> 'HI! Hello Ada'
 */
export class Library {
  readonly tags = new Map<string, TagCompiler>();
  readonly filters = new Map<string, FilterSpec>();

  /** Register a filter under `name`. */
  filter(name: string, fn: FilterFunction, options: FilterOptions = {}): this {
    this.filters.set(name, {
      name,
      fn,
      isSafe: options.isSafe ?? false,
      needsAutoescape: options.needsAutoescape ?? false,
      expectsLocaltime: options.expectsLocaltime ?? false,
      arg: options.arg ?? (fn.length >= 2 ? 'required' : 'none'),
    });
    return this;
  }

  /** Register a tag compile function (full parser access, for block tags). */
  tag(name: string, compile: TagCompiler): this {
    this.tags.set(name, compile);
    return this;
  }

  /**
   * Register a tag that calls `fn` with its resolved arguments and prints the result
   * (escaped under autoescape), or stores it with `as name`. Keyword arguments (`a=1`) arrive
   * as one trailing object.
   *
   * Differs from Django: arguments are not checked against the function's parameter names.
   */
  simpleTag(name: string, fn: (...args: any[]) => unknown, options: SimpleTagOptions = {}): this {
    return this.tag(name, (parser, token) => {
      const parsed = parseTagArguments(parser, token, name, true);
      return new SimpleTagNode(fn, options.takesContext ?? false, parsed.args, parsed.kwargs, parsed.target);
    });
  }

  /**
   * Register a tag that renders `templateName` with the object `fn` returns as its context.
   *
   * @example
   * register.inclusionTag('show_results', 'results.html', (poll) => ({ choices: poll.choices }));
   */
  inclusionTag(name: string, templateName: string, fn: (...args: any[]) => unknown, options: SimpleTagOptions = {}): this {
    return this.tag(name, (parser, token) => {
      const parsed = parseTagArguments(parser, token, name, false);
      return new InclusionTagNode(fn, options.takesContext ?? false, parsed.args, parsed.kwargs, templateName);
    });
  }
}

const KWARG_RE = /^(\w+)=(.+)$/s;

function parseTagArguments(parser: Parser, token: Token, name: string, allowAs: boolean) {
  let bits = splitContents(token.contents).slice(1);
  let target: string | null = null;
  if (allowAs && bits.length >= 2 && bits[bits.length - 2] === 'as') {
    target = bits[bits.length - 1]!;
    bits = bits.slice(0, -2);
  }
  const args: FilterExpression[] = [];
  const kwargs: [string, FilterExpression][] = [];
  for (const bit of bits) {
    const m = KWARG_RE.exec(bit);
    if (m) {
      if (kwargs.some(([k]) => k === m[1])) {
        throw new TemplateSyntaxError(`'${name}' received multiple values for keyword argument '${m[1]}'`);
      }
      kwargs.push([m[1]!, parser.compileFilter(m[2]!)]);
    } else {
      if (kwargs.length) {
        throw new TemplateSyntaxError(`'${name}' received some positional argument(s) after some keyword argument(s)`);
      }
      args.push(parser.compileFilter(bit));
    }
  }
  return { args, kwargs, target };
}

async function resolveArgs(ctx: Context, args: FilterExpression[], kwargs: [string, FilterExpression][]) {
  const values: unknown[] = [];
  for (const a of args) values.push(await a.resolve(ctx));
  if (kwargs.length) {
    const kw: Record<string, unknown> = {};
    for (const [k, fe] of kwargs) kw[k] = await fe.resolve(ctx);
    values.push(kw);
  }
  return values;
}

class SimpleTagNode extends Node {
  readonly #fn: (...args: any[]) => unknown;
  readonly #takesContext: boolean;
  readonly #args: FilterExpression[];
  readonly #kwargs: [string, FilterExpression][];
  readonly #target: string | null;

  constructor(fn: (...args: any[]) => unknown, takesContext: boolean, args: FilterExpression[], kwargs: [string, FilterExpression][], target: string | null) {
    super();
    this.#fn = fn;
    this.#takesContext = takesContext;
    this.#args = args;
    this.#kwargs = kwargs;
    this.#target = target;
  }

  async render(ctx: Context): Promise<string> {
    const values = await resolveArgs(ctx, this.#args, this.#kwargs);
    let out = this.#takesContext ? this.#fn(ctx, ...values) : this.#fn(...values);
    if (isThenable(out)) out = await out;
    if (this.#target !== null) {
      ctx.set(this.#target, out);
      return '';
    }
    if (ctx.autoescape) return conditionalEscape(out).value;
    return String(out);
  }
}

class InclusionTagNode extends Node {
  readonly #fn: (...args: any[]) => unknown;
  readonly #takesContext: boolean;
  readonly #args: FilterExpression[];
  readonly #kwargs: [string, FilterExpression][];
  readonly #templateName: string;

  constructor(fn: (...args: any[]) => unknown, takesContext: boolean, args: FilterExpression[], kwargs: [string, FilterExpression][], templateName: string) {
    super();
    this.#fn = fn;
    this.#takesContext = takesContext;
    this.#args = args;
    this.#kwargs = kwargs;
    this.#templateName = templateName;
  }

  async render(ctx: Context): Promise<string> {
    const values = await resolveArgs(ctx, this.#args, this.#kwargs);
    let data = this.#takesContext ? this.#fn(ctx, ...values) : this.#fn(...values);
    if (isThenable(data)) data = await data;
    const engine = ctx.engine;
    if (!engine) throw new TemplateSyntaxError('inclusion tags need a template bound to an engine');
    const template = engine.getTemplate(this.#templateName);
    const values2 = { ...(data as Record<string, unknown>) };
    const csrf = ctx.get('csrf_token');
    if (csrf !== undefined) values2['csrf_token'] = csrf;
    return template.renderIn(ctx.new(values2));
  }
}
