// Control-flow tags: if/elif/else, for/empty (with forloop), with, ifchanged, cycle,
// resetcycle, firstof. Each compile function reads the tag as Django's does and returns a node
// whose render stays synchronous unless a value is a promise.
import type { Context } from '../context.ts';
import { TemplateRuntimeError, TemplateSyntaxError, VariableDoesNotExist } from '../errors.ts';
import type { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, NodeList, mapValue, withCleanup } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import { isThenable, pyEquals, pyIter, pyLen, pyTypeName, truthy } from '../python-values.ts';
import type { Condition } from '../smartif.ts';
import { IfParser } from '../smartif.ts';
import type { FilterExpression } from '../variable.ts';

const KWARG_RE = /^(?:(\w+)=)?(.+)$/su;

/**
 * Parse `a=1 b=x` (or legacy `x as a and y as b`) from the front of `bits`, removing what it
 * reads, like Django's token_kwargs.
 */
export function tokenKwargs(bits: string[], parser: Parser, supportLegacy = false): Map<string, FilterExpression> {
  const kwargs = new Map<string, FilterExpression>();
  if (!bits.length) return kwargs;
  const first = KWARG_RE.exec(bits[0]!);
  const kwargFormat = Boolean(first && first[1]);
  if (!kwargFormat && (!supportLegacy || bits.length < 3 || bits[1] !== 'as')) return kwargs;
  while (bits.length) {
    let key: string;
    let value: string;
    if (kwargFormat) {
      const m = KWARG_RE.exec(bits[0]!);
      if (!m || !m[1]) return kwargs;
      key = m[1];
      value = m[2]!;
      bits.splice(0, 1);
    } else {
      if (bits.length < 3 || bits[1] !== 'as') return kwargs;
      key = bits[2]!;
      value = bits[0]!;
      bits.splice(0, 3);
    }
    kwargs.set(key, parser.compileFilter(value));
    if (bits.length && !kwargFormat) {
      if (bits[0] !== 'and') return kwargs;
      bits.splice(0, 1);
    }
  }
  return kwargs;
}

/** Resolve every expression of a kwargs map into a plain object (maybe asynchronously). */
export function resolveKwargs(ctx: Context, kwargs: Map<string, FilterExpression>): Record<string, unknown> | Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let pending: Promise<unknown>[] | null = null;
  for (const [k, fe] of kwargs) {
    const v = fe.resolve(ctx);
    if (isThenable(v)) (pending ??= []).push(Promise.resolve(v).then((x) => (out[k] = x)));
    else out[k] = v;
  }
  return pending ? Promise.all(pending).then(() => out) : out;
}

class IfNode extends Node {
  readonly branches: [Condition | null, NodeList][];

  constructor(branches: [Condition | null, NodeList][]) {
    super();
    this.branches = branches;
  }

  override children(): NodeList[] {
    return this.branches.map((b) => b[1]);
  }

  render(ctx: Context): Rendered {
    return this.#from(ctx, 0);
  }

  #from(ctx: Context, i: number): Rendered {
    for (; i < this.branches.length; i++) {
      const [cond, nodes] = this.branches[i]!;
      if (cond === null) return nodes.render(ctx);
      let match: unknown;
      try {
        match = cond.eval(ctx);
      } catch (err) {
        if (!(err instanceof VariableDoesNotExist)) throw err;
        match = null;
      }
      if (isThenable(match)) {
        const next = i;
        return Promise.resolve(match)
          .catch((err: unknown) => {
            if (err instanceof VariableDoesNotExist) return null;
            throw err;
          })
          .then((m) => (truthy(m) ? nodes.render(ctx) : this.#from(ctx, next + 1)));
      }
      if (truthy(match)) return nodes.render(ctx);
    }
    return '';
  }
}

function doIf(parser: Parser, token: { contents: string; lineno: number }): Node {
  const compile = (s: string) => parser.compileFilter(s);
  let cond: Condition = new IfParser(splitContents(token.contents).slice(1), compile).parse();
  const branches: [Condition | null, NodeList][] = [];
  let nodes = parser.parse(['elif', 'else', 'endif']);
  branches.push([cond, nodes]);
  let t = parser.nextToken();
  while (t.contents.startsWith('elif')) {
    cond = new IfParser(splitContents(t.contents).slice(1), compile).parse();
    nodes = parser.parse(['elif', 'else', 'endif']);
    branches.push([cond, nodes]);
    t = parser.nextToken();
  }
  if (t.contents === 'else') {
    nodes = parser.parse(['endif']);
    branches.push([null, nodes]);
    t = parser.nextToken();
  }
  if (t.contents !== 'endif') {
    throw new TemplateSyntaxError(`Malformed template tag at line ${t.lineno}: "${t.contents}"`);
  }
  return new IfNode(branches);
}

/** The `forloop` variable of a for loop. */
interface LoopState {
  parentloop: unknown;
  counter0: number;
  counter: number;
  revcounter: number;
  revcounter0: number;
  first: boolean;
  last: boolean;
}

class ForNode extends Node {
  readonly loopvars: string[];
  readonly sequence: FilterExpression;
  readonly reversed: boolean;
  readonly body: NodeList;
  readonly empty: NodeList;

  constructor(loopvars: string[], sequence: FilterExpression, reversed: boolean, body: NodeList, empty: NodeList) {
    super();
    this.loopvars = loopvars;
    this.sequence = sequence;
    this.reversed = reversed;
    this.body = body;
    this.empty = empty;
  }

  override children(): NodeList[] {
    return [this.body, this.empty];
  }

  render(ctx: Context): Rendered {
    const parentloop = ctx.get('forloop') ?? {};
    ctx.push();
    return withCleanup(
      () => {
        const values = this.sequence.resolve(ctx, true);
        if (isThenable(values)) return Promise.resolve(values).then((v) => this.#loop(ctx, v, parentloop));
        return this.#loop(ctx, values, parentloop);
      },
      () => ctx.pop(),
    );
  }

  #loop(ctx: Context, raw: unknown, parentloop: unknown): Rendered {
    let values: unknown[];
    if (raw === null || raw === undefined) values = [];
    else if (isAsyncOnlyIterable(raw)) {
      return collectAsync(raw).then((items) => this.#loop(ctx, items, parentloop));
    } else {
      const it = pyIter(raw);
      if (it === null) throw new TemplateRuntimeError('TypeError', `'${pyTypeName(raw)}' object is not iterable`);
      values = it;
    }
    const len = values.length;
    if (len < 1) return this.empty.render(ctx);
    if (this.reversed) values = [...values].reverse();
    const loop: LoopState = { parentloop, counter0: 0, counter: 1, revcounter: len, revcounter0: len - 1, first: true, last: false };
    ctx.set('forloop', loop);
    return this.#iterate(ctx, values, loop, 0, '');
  }

  #iterate(ctx: Context, values: unknown[], loop: LoopState, from: number, out: string): Rendered {
    const len = values.length;
    const vars = this.loopvars;
    const unpack = vars.length > 1;
    const scope = ctx.scopes[ctx.scopes.length - 1]!;
    const name = vars[0]!;
    for (let i = from; i < len; i++) {
      const item = values[i];
      loop.counter0 = i;
      loop.counter = i + 1;
      loop.revcounter = len - i;
      loop.revcounter0 = len - i - 1;
      loop.first = i === 0;
      loop.last = i === len - 1;
      let r: Rendered;
      if (unpack) {
        const n = pyLen(item) ?? 1;
        if (n !== vars.length) {
          throw new TemplateRuntimeError('ValueError', `Need ${vars.length} values to unpack in for loop; got ${n}. `);
        }
        const items = pyIter(item)!;
        const unpacked: Record<string, unknown> = {};
        vars.forEach((v, j) => (unpacked[v] = items[j]));
        ctx.push(unpacked);
        r = withCleanup(() => this.body.render(ctx), () => ctx.pop());
      } else {
        scope[name] = item;
        r = this.body.render(ctx);
      }
      if (typeof r === 'string') out += r;
      else {
        const next = i + 1;
        return r.then((s) => this.#iterate(ctx, values, loop, next, out + s));
      }
    }
    return out;
  }
}

function isAsyncOnlyIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v && !(Symbol.iterator in v);
}

async function collectAsync(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function doFor(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  if (bits.length < 4) throw new TemplateSyntaxError(`'for' statements should have at least four words: ${token.contents}`);
  const reversed = bits[bits.length - 1] === 'reversed';
  const inIndex = bits.length + (reversed ? -3 : -2);
  if (bits[inIndex] !== 'in') {
    throw new TemplateSyntaxError(`'for' statements should use the format 'for x in y': ${token.contents}`);
  }
  const loopvars = bits.slice(1, inIndex).join(' ').split(/ *, */);
  for (const v of loopvars) {
    if (!v || /[ "'|]/.test(v)) throw new TemplateSyntaxError(`'for' tag received an invalid argument: ${token.contents}`);
  }
  const sequence = parser.compileFilter(bits[inIndex + 1]!);
  const body = parser.parse(['empty', 'endfor']);
  const t = parser.nextToken();
  let empty = new NodeList();
  if (t.contents === 'empty') {
    empty = parser.parse(['endfor']);
    parser.deleteFirstToken();
  }
  return new ForNode(loopvars, sequence, reversed, body, empty);
}

class WithNode extends Node {
  readonly kwargs: Map<string, FilterExpression>;
  readonly body: NodeList;

  constructor(kwargs: Map<string, FilterExpression>, body: NodeList) {
    super();
    this.kwargs = kwargs;
    this.body = body;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    return mapValue(resolveKwargs(ctx, this.kwargs), (values) => {
      ctx.push(values as Record<string, unknown>);
      return withCleanup(() => this.body.render(ctx), () => ctx.pop());
    }) as Rendered;
  }
}

function doWith(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  const rest = bits.slice(1);
  const kwargs = tokenKwargs(rest, parser, true);
  if (!kwargs.size) throw new TemplateSyntaxError(`'${bits[0]}' expected at least one variable assignment`);
  if (rest.length) throw new TemplateSyntaxError(`'${bits[0]}' received an invalid token: '${rest[0]}'`);
  const body = parser.parse(['endwith']);
  parser.deleteFirstToken();
  return new WithNode(kwargs, body);
}

class IfChangedNode extends Node {
  readonly whenChanged: NodeList;
  readonly otherwise: NodeList | null;
  readonly vars: FilterExpression[];

  constructor(whenChanged: NodeList, otherwise: NodeList | null, vars: FilterExpression[]) {
    super();
    this.whenChanged = whenChanged;
    this.otherwise = otherwise;
    this.vars = vars;
  }

  override children(): NodeList[] {
    return this.otherwise ? [this.whenChanged, this.otherwise] : [this.whenChanged];
  }

  #state(ctx: Context): { get(k: unknown): unknown; set(k: unknown, v: unknown): void } {
    const loop = ctx.get('forloop');
    if (loop && typeof loop === 'object') {
      const holder = loop as { [IFCHANGED]?: Map<unknown, unknown> };
      return (holder[IFCHANGED] ??= new Map());
    }
    return ctx.renderContext;
  }

  render(ctx: Context): Rendered {
    const state = this.#state(ctx);
    let rendered: string | null = null;
    const decide = (compareTo: unknown): Rendered => {
      if (!pyEquals(compareTo, state.get(this)) || state.get(this) === undefined) {
        state.set(this, compareTo);
        return rendered ?? this.whenChanged.render(ctx);
      }
      return this.otherwise ? this.otherwise.render(ctx) : '';
    };
    if (this.vars.length) {
      const vals = this.vars.map((v) => v.resolve(ctx, true));
      if (vals.some(isThenable)) return Promise.all(vals).then(decide);
      return decide(vals);
    }
    const r = this.whenChanged.render(ctx);
    if (typeof r !== 'string') {
      return r.then((s) => {
        rendered = s;
        return decide(s);
      });
    }
    rendered = r;
    return decide(r);
  }
}

const IFCHANGED = Symbol('ifchanged');

function doIfChanged(parser: Parser, token: { contents: string }): Node {
  const bits = token.contents.split(/\s+/);
  const whenChanged = parser.parse(['else', 'endifchanged']);
  const t = parser.nextToken();
  let otherwise: NodeList | null = null;
  if (t.contents === 'else') {
    otherwise = parser.parse(['endifchanged']);
    parser.deleteFirstToken();
  }
  return new IfChangedNode(whenChanged, otherwise, bits.slice(1).map((b) => parser.compileFilter(b)));
}

/** Register the control-flow tags on `lib`. */
export function registerControlTags(lib: Library): void {
  lib.tag('if', doIf);
  lib.tag('for', doFor);
  lib.tag('with', doWith);
  lib.tag('ifchanged', doIfChanged);
}
