// The `{% if %}` expression language: a small Pratt parser over the tag's words with Django's
// operators and precedence (or < and < not < in, not in < is, ==, !=, <, >, <=, >=). Any error
// while evaluating an operator makes it false, as in Django.
import { TemplateSyntaxError } from './errors.ts';
import type { Context } from './context.ts';
import { isThenable, pyCompare, pyEquals, pyIn, truthy, unbox } from './python-values.ts';
import type { FilterExpression } from './variable.ts';

/** An evaluable condition. */
export interface Condition {
  eval(ctx: Context): unknown;
}

type Nud = (p: IfParser) => Condition;

interface OpToken {
  kind: 'op';
  id: string;
  lbp: number;
  nud: Nud | null;
  led: ((left: Condition, p: IfParser) => Condition) | null;
}

interface LitToken {
  kind: 'lit';
  text: string;
  value: FilterExpression;
  lbp: 0;
}

const END = { kind: 'end', lbp: 0 } as const;
type ParseToken = OpToken | LitToken | typeof END;

function safely(fn: () => unknown): unknown {
  try {
    const r = fn();
    if (isThenable(r)) return Promise.resolve(r).catch(() => false);
    return r;
  } catch {
    return false;
  }
}

function then2(a: unknown, b: () => unknown, f: (x: unknown, y: unknown) => unknown): unknown {
  if (isThenable(a)) return Promise.resolve(a).then((x) => then2(x, b, f));
  const bv = b();
  if (isThenable(bv)) return Promise.resolve(bv).then((y) => f(a, y));
  return f(a, bv);
}

function binary(cmp: (x: unknown, y: unknown) => unknown) {
  return (first: Condition, second: Condition): Condition => ({
    eval: (ctx) => safely(() => then2(first.eval(ctx), () => second.eval(ctx), cmp)),
  });
}

const INFIX: Record<string, [number, (a: Condition, b: Condition) => Condition]> = {
  or: [6, (a, b) => ({
    eval: (ctx) => safely(() => {
      const x = a.eval(ctx);
      if (isThenable(x)) return Promise.resolve(x).then((v) => (truthy(v) ? v : b.eval(ctx)));
      return truthy(x) ? x : b.eval(ctx);
    }),
  })],
  and: [7, (a, b) => ({
    eval: (ctx) => safely(() => {
      const x = a.eval(ctx);
      if (isThenable(x)) return Promise.resolve(x).then((v) => (truthy(v) ? b.eval(ctx) : v));
      return truthy(x) ? b.eval(ctx) : x;
    }),
  })],
  in: [9, binary((x, y) => pyIn(x, y))],
  'not in': [9, binary((x, y) => !pyIn(x, y))],
  is: [10, binary((x, y) => unbox(x) === unbox(y) || (x == null && y == null))],
  'is not': [10, binary((x, y) => !(unbox(x) === unbox(y) || (x == null && y == null)))],
  '==': [10, binary(pyEquals)],
  '!=': [10, binary((x, y) => !pyEquals(x, y))],
  '>': [10, binary((x, y) => pyCompare(x, y) > 0)],
  '>=': [10, binary((x, y) => pyCompare(x, y) >= 0)],
  '<': [10, binary((x, y) => pyCompare(x, y) < 0)],
  '<=': [10, binary((x, y) => pyCompare(x, y) <= 0)],
};

function makeOp(id: string): OpToken {
  if (id === 'not') {
    return {
      kind: 'op',
      id,
      lbp: 8,
      nud: (p) => {
        const operand = p.expression(8);
        return {
          eval: (ctx) => safely(() => {
            const v = operand.eval(ctx);
            return isThenable(v) ? Promise.resolve(v).then((x) => !truthy(x)) : !truthy(v);
          }),
        };
      },
      led: null,
    };
  }
  const [lbp, build] = INFIX[id]!;
  return { kind: 'op', id, lbp, nud: null, led: (left, p) => build(left, p.expression(lbp)) };
}

/** Parses the words of an `{% if %}` tag into a Condition. */
export class IfParser {
  readonly #tokens: ParseToken[];
  #pos = 0;
  #current: ParseToken;

  constructor(words: string[], compileFilter: (s: string) => FilterExpression) {
    const mapped: ParseToken[] = [];
    for (let i = 0; i < words.length; i++) {
      let w = words[i]!;
      if (w === 'is' && words[i + 1] === 'not') {
        w = 'is not';
        i++;
      } else if (w === 'not' && words[i + 1] === 'in') {
        w = 'not in';
        i++;
      }
      if (w === 'not' || w in INFIX) mapped.push(makeOp(w));
      else mapped.push({ kind: 'lit', text: w, value: compileFilter(w), lbp: 0 });
    }
    this.#tokens = mapped;
    this.#current = this.#next();
  }

  #next(): ParseToken {
    return this.#pos < this.#tokens.length ? this.#tokens[this.#pos++]! : END;
  }

  /** Parse the whole expression. */
  parse(): Condition {
    const result = this.expression(0);
    if (this.#current !== END) {
      throw new TemplateSyntaxError(`Unused '${display(this.#current)}' at end of if expression.`);
    }
    return result;
  }

  /** Parse an expression binding tighter than `rbp`. */
  expression(rbp: number): Condition {
    const t = this.#current;
    this.#current = this.#next();
    let left = nud(t, this);
    while (rbp < this.#current.lbp) {
      const op = this.#current as OpToken;
      this.#current = this.#next();
      if (!op.led) throw new TemplateSyntaxError(`Not expecting '${op.id}' as infix operator in if tag.`);
      left = op.led(left, this);
    }
    return left;
  }
}

function display(t: ParseToken): string {
  if (t.kind === 'lit') return t.text;
  if (t.kind === 'op') return t.id;
  return 'end';
}

function nud(t: ParseToken, p: IfParser): Condition {
  if (t.kind === 'end') throw new TemplateSyntaxError('Unexpected end of expression in if tag.');
  if (t.kind === 'lit') {
    const fe = t.value;
    return { eval: (ctx) => fe.resolve(ctx, true) };
  }
  if (!t.nud) throw new TemplateSyntaxError(`Not expecting '${t.id}' in this position in if tag.`);
  return t.nud(p);
}
