// Value-picking tags: `{% cycle %}` (state per template render, named cycles, silent),
// `{% resetcycle %}` and `{% firstof %}`.
import { escapeHtmlFast as escapeText } from '../../utils/escape-fast.ts';
import { markSafe } from '../../utils/safestring.ts';
import type { Context } from '../context.ts';
import { TemplateSyntaxError } from '../errors.ts';
import type { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, mapValue } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import { isThenable, truthy } from '../python-values.ts';
import type { FilterExpression } from '../variable.ts';
import { renderValue } from '../variable.ts';

/** `{% cycle %}`: state lives in the render context, keyed by the node. */
class CycleNode extends Node {
  readonly values: FilterExpression[];
  readonly variableName: string | null;
  readonly silent: boolean;

  constructor(values: FilterExpression[], variableName: string | null, silent: boolean) {
    super();
    this.values = values;
    this.variableName = variableName;
    this.silent = silent;
  }

  /** Restart the cycle at its first value. */
  reset(ctx: Context): void {
    ctx.renderContext.set(this, 0);
  }

  render(ctx: Context): Rendered {
    const rc = ctx.renderContext;
    const i = (rc.get(this) as number | undefined) ?? 0;
    rc.set(this, (i + 1) % this.values.length);
    return mapValue(this.values[i]!.resolve(ctx), (value) => {
      if (this.variableName) ctx.setUpward(this.variableName, value);
      if (this.silent) return '';
      return renderValue(value, ctx.autoescape, escapeText);
    }) as Rendered;
  }
}

function doCycle(parser: Parser, token: { contents: string }): Node {
  let args = splitContents(token.contents);
  if (args.length < 2) throw new TemplateSyntaxError("'cycle' tag requires at least two arguments");
  const named = parser.extra.get('namedCycles') as Map<string, CycleNode> | undefined;
  if (args.length === 2) {
    const name = args[1]!;
    if (!named) throw new TemplateSyntaxError(`No named cycles in template. '${name}' is not defined`);
    const node = named.get(name);
    if (!node) throw new TemplateSyntaxError(`Named cycle '${name}' does not exist`);
    return node;
  }
  let asForm = false;
  let silent = false;
  if (args.length > 4) {
    if (args[args.length - 3] === 'as') {
      if (args[args.length - 1] !== 'silent') {
        throw new TemplateSyntaxError(`Only 'silent' flag is allowed after cycle's name, not '${args[args.length - 1]}'.`);
      }
      asForm = true;
      silent = true;
      args = args.slice(0, -1);
    } else if (args[args.length - 2] === 'as') {
      asForm = true;
    }
  }
  let node: CycleNode;
  if (asForm) {
    const name = args[args.length - 1]!;
    node = new CycleNode(args.slice(1, -2).map((a) => parser.compileFilter(a)), name, silent);
    const map = named ?? new Map<string, CycleNode>();
    map.set(name, node);
    parser.extra.set('namedCycles', map);
  } else {
    node = new CycleNode(args.slice(1).map((a) => parser.compileFilter(a)), null, false);
  }
  parser.extra.set('lastCycle', node);
  return node;
}

class ResetCycleNode extends Node {
  readonly node: CycleNode;

  constructor(node: CycleNode) {
    super();
    this.node = node;
  }

  render(ctx: Context): string {
    this.node.reset(ctx);
    return '';
  }
}

function doResetCycle(parser: Parser, token: { contents: string }): Node {
  const args = splitContents(token.contents);
  if (args.length > 2) throw new TemplateSyntaxError(`${args[0]} tag accepts at most one argument.`);
  if (args.length === 2) {
    const named = parser.extra.get('namedCycles') as Map<string, CycleNode> | undefined;
    const node = named?.get(args[1]!);
    if (!node) throw new TemplateSyntaxError(`Named cycle '${args[1]}' does not exist.`);
    return new ResetCycleNode(node);
  }
  const last = parser.extra.get('lastCycle') as CycleNode | undefined;
  if (!last) throw new TemplateSyntaxError('No cycles in template.');
  return new ResetCycleNode(last);
}

class FirstOfNode extends Node {
  readonly vars: FilterExpression[];
  readonly asVar: string | null;

  constructor(vars: FilterExpression[], asVar: string | null) {
    super();
    this.vars = vars;
    this.asVar = asVar;
  }

  render(ctx: Context): Rendered {
    return this.#from(ctx, 0);
  }

  #from(ctx: Context, i: number): Rendered {
    for (; i < this.vars.length; i++) {
      const v = this.vars[i]!.resolve(ctx, true);
      if (isThenable(v)) {
        const next = i;
        return Promise.resolve(v).then((x) => (truthy(x) ? this.#emit(ctx, x) : this.#from(ctx, next + 1)));
      }
      if (truthy(v)) return this.#emit(ctx, v);
    }
    return this.#emit(ctx, '');
  }

  #emit(ctx: Context, value: unknown): string {
    const out = renderValue(value, ctx.autoescape, escapeText);
    if (this.asVar) {
      ctx.set(this.asVar, markSafe(out));
      return '';
    }
    return out;
  }
}

function doFirstOf(parser: Parser, token: { contents: string }): Node {
  let bits = splitContents(token.contents).slice(1);
  let asVar: string | null = null;
  if (bits.length < 1) throw new TemplateSyntaxError("'firstof' statement requires at least one argument");
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    asVar = bits[bits.length - 1]!;
    bits = bits.slice(0, -2);
  }
  return new FirstOfNode(bits.map((b) => parser.compileFilter(b)), asVar);
}

/** Register cycle, resetcycle and firstof on `lib`. */
export function registerCycleTags(lib: Library): void {
  lib.tag('cycle', doCycle);
  lib.tag('resetcycle', doResetCycle);
  lib.tag('firstof', doFirstOf);
}
