// The compiled form of a template: a tree of nodes whose `render()` returns a string, or a
// promise of one only when some value on the way was a promise. Text, variable output and the
// node list live here with the small helpers tags use to stay synchronous when they can.
import { escapeHtmlFast as escapeText } from '../utils/escape-fast.ts';
import type { Context } from './context.ts';
import { TemplateError, buildDebugInfo } from './errors.ts';
import type { Token } from './lexer.ts';
import { isThenable } from './python-values.ts';
import type { FilterExpression } from './variable.ts';
import { MISSING, renderValue } from './variable.ts';
import { numberStr as displayNumber } from './python-values.ts';

/** What a node renders to. */
export type Rendered = string | Promise<string>;

/** Where a template came from: its name and source (for error excerpts). */
export interface Origin {
  name: string;
  source: string;
  /** The loader-specific location (a file path, `memory:name`). */
  location?: string;
}

/**
 * Base class of template nodes. Custom block tags subclass it and implement `render()`.
 *
 * @example
 * class UpperNode extends Node {
 *   constructor(readonly body: NodeList) { super(); }
 *   render(ctx) { return mapRendered(this.body.render(ctx), (s) => s.toUpperCase()); }
 * }
 */
export abstract class Node {
  /** The token this node was parsed from (set by the parser). */
  token?: Token;
  /** The template this node belongs to (set by the parser). */
  origin?: Origin;
  /** True for `{% extends %}`: it must come before any other tag. */
  readonly mustBeFirst: boolean = false;

  /** Render the node in `ctx`. */
  abstract render(ctx: Context): Rendered;

  /** The node lists nested in this node (for searches such as finding blocks). */
  children(): NodeList[] {
    return [];
  }

  /** Return every node of `type` in this node and its children. */
  nodesByType<T extends Node>(type: abstract new (...args: any[]) => T): T[] {
    const out: T[] = [];
    if (this instanceof type) out.push(this);
    for (const list of this.children()) out.push(...list.nodesByType(type));
    return out;
  }
}

/** Attach the template place of `node` to `err` unless it already has one. */
export function annotateError(err: unknown, node: Node): unknown {
  if (err instanceof TemplateError && !err.templateDebug && node.origin && node.token) {
    err.templateDebug = buildDebugInfo(node.origin.name, node.origin.source, node.token.start, node.token.end, err.message);
  } else if (err instanceof Error && !(err instanceof TemplateError) && node.origin && node.token) {
    const e = err as Error & { templateDebug?: unknown };
    if (!e.templateDebug) {
      e.templateDebug = buildDebugInfo(node.origin.name, node.origin.source, node.token.start, node.token.end, err.message);
    }
  }
  return err;
}

/** A sequence of nodes rendered one after the other. */
export class NodeList {
  readonly nodes: Node[] = [];
  containsNontext = false;

  /** Append a node (the parser does this through extendNodelist). */
  push(node: Node): void {
    this.nodes.push(node);
  }

  /** The number of nodes. */
  get length(): number {
    return this.nodes.length;
  }

  /** Render every node; synchronous until a node returns a promise. */
  render(ctx: Context): Rendered {
    let fn = this.#compiled;
    if (fn === undefined) fn = this.#compiled = this.#compile();
    return fn(ctx);
  }

  #compiled: ((ctx: Context) => Rendered) | undefined;

  /**
   * Build this list's render function as JS source: text becomes constants and each node gets
   * its own call site (monomorphic, so the JIT can inline it); the first promise hands the rest
   * of the list to the asynchronous path.
   */
  #compile(): (ctx: Context) => Rendered {
    const nodes = this.nodes;
    const lines: string[] = [];
    const decls: string[] = [];
    nodes.forEach((node, i) => {
      if (node instanceof TextNode) {
        decls.push(`const t${i} = nodes[${i}].text;`);
        lines.push(`out += t${i};`);
      } else if (node instanceof VariableNode && node.expression.filters.length === 0 && node.expression.variable !== null) {
        // `{{ a.b }}`: resolve inline; only unusual values go through the node.
        decls.push(`const n${i} = nodes[${i}], v${i} = n${i}.expression.variable;`);
        lines.push(
          `i = ${i}; r = v${i}.resolve(ctx); if (typeof r === 'string') out += ctx.autoescape ? escape(r) : r; ` +
            `else { r = n${i}.renderResolved(ctx, r); if (typeof r === 'string') out += r; else return rest(ctx, ${i}, out, r); }`,
        );
      } else {
        decls.push(`const n${i} = nodes[${i}];`);
        lines.push(`i = ${i}; r = n${i}.render(ctx); if (typeof r === 'string') out += r; else return rest(ctx, ${i}, out, r);`);
      }
    });
    const source = `${decls.join('\n')}
return function renderNodeList(ctx) {
  let out = '', r, i = 0;
  try {
    ${lines.join('\n    ')}
  } catch (err) {
    throw annotate(err, nodes[i]);
  }
  return out;
};`;
    const rest = (ctx: Context, i: number, out: string, pending: Promise<string>) => this.#renderRest(ctx, i, out, pending);
    try {
      return new Function('nodes', 'rest', 'annotate', 'escape', source)(nodes, rest, annotateError, escapeText) as (ctx: Context) => Rendered;
    } catch {
      // Code generation is disabled (--disallow-code-generation-from-strings): interpret.
      return (ctx) => this.#interpret(ctx);
    }
  }

  #interpret(ctx: Context): Rendered {
    const nodes = this.nodes;
    let out = '';
    let i = 0;
    try {
      for (; i < nodes.length; i++) {
        const r = nodes[i]!.render(ctx);
        if (typeof r === 'string') out += r;
        else return this.#renderRest(ctx, i, out, r);
      }
    } catch (err) {
      throw annotateError(err, nodes[i]!);
    }
    return out;
  }

  async #renderRest(ctx: Context, i: number, out: string, pending: Promise<string>): Promise<string> {
    const nodes = this.nodes;
    try {
      out += await pending;
      for (i++; i < nodes.length; i++) {
        const r = nodes[i]!.render(ctx);
        out += typeof r === 'string' ? r : await r;
      }
    } catch (err) {
      throw annotateError(err, nodes[i]!);
    }
    return out;
  }

  /** Return every node of `type` in the list, nested ones included. */
  nodesByType<T extends Node>(type: abstract new (...args: any[]) => T): T[] {
    const out: T[] = [];
    for (const n of this.nodes) out.push(...n.nodesByType(type));
    return out;
  }

  [Symbol.iterator](): Iterator<Node> {
    return this.nodes[Symbol.iterator]();
  }
}

/** Literal template text. */
export class TextNode extends Node {
  readonly text: string;

  constructor(text: string) {
    super();
    this.text = text;
  }

  render(): string {
    return this.text;
  }
}

/** `{{ expression }}`: resolve, filter, escape. */
export class VariableNode extends Node {
  readonly expression: FilterExpression;

  constructor(expression: FilterExpression) {
    super();
    this.expression = expression;
  }

  /** Finish rendering a value the compiled node list resolved (filterless variables only). */
  renderResolved(ctx: Context, v: unknown): Rendered {
    const fe = this.expression;
    if (typeof v === 'number') return displayNumber(v);
    if (isThenable(v)) {
      return Promise.resolve(v).then((x) => mapValue(fe.finish(ctx, x, false), (y) => renderValue(y, ctx.autoescape, escapeText, ctx.engine?.timeZone)));
    }
    if (v === MISSING) v = fe.finish(ctx, v, false);
    if (typeof v === 'string') return ctx.autoescape ? escapeText(v) : v;
    return renderValue(v, ctx.autoescape, escapeText, ctx.engine?.timeZone);
  }

  render(ctx: Context): Rendered {
    const fe = this.expression;
    let v: unknown;
    if (fe.filters.length === 0 && fe.variable !== null) {
      v = fe.variable.resolve(ctx);
      if (typeof v === 'string') return ctx.autoescape ? escapeText(v) : v;
      if (typeof v === 'number') return displayNumber(v);
      if (isThenable(v)) {
        return Promise.resolve(v).then((x) => mapValue(fe.finish(ctx, x, false), (y) => renderValue(y, ctx.autoescape, escapeText, ctx.engine?.timeZone)));
      }
      if (v === MISSING) v = fe.finish(ctx, v, false);
    } else {
      v = fe.resolve(ctx);
    }
    if (typeof v === 'string') return ctx.autoescape ? escapeText(v) : v;
    if (isThenable(v)) return Promise.resolve(v).then((x) => renderValue(x, ctx.autoescape, escapeText, ctx.engine?.timeZone));
    return renderValue(v, ctx.autoescape, escapeText, ctx.engine?.timeZone);
  }
}

/** Apply `fn` to a rendered result, waiting for it only if it is a promise. */
export function mapRendered<T>(r: Rendered, fn: (s: string) => T): T | Promise<T> {
  return typeof r === 'string' ? fn(r) : r.then(fn);
}

/** Apply `fn` to a value, waiting for it only if it is a promise. */
export function mapValue<T>(v: unknown, fn: (v: unknown) => T): T | Promise<Awaited<T>> {
  return isThenable(v) ? (Promise.resolve(v).then(fn) as Promise<Awaited<T>>) : fn(v);
}

/** Run `body`, then `cleanup` once it has finished (after its promise settles, if any). */
export function withCleanup<T>(body: () => T | Promise<T>, cleanup: () => void): T | Promise<T> {
  let r: T | Promise<T>;
  try {
    r = body();
  } catch (err) {
    cleanup();
    throw err;
  }
  if (isThenable(r)) {
    return Promise.resolve(r).then(
      (v) => {
        cleanup();
        return v;
      },
      (err: unknown) => {
        cleanup();
        throw err;
      },
    );
  }
  cleanup();
  return r;
}

/** Resolve several values, returning a promise only if one of them is a promise. */
export function allValues(values: unknown[]): unknown[] | Promise<unknown[]> {
  for (const v of values) if (isThenable(v)) return Promise.all(values);
  return values;
}
