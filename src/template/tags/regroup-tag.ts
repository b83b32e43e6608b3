// `{% regroup list by attribute as name %}`: group consecutive items with equal keys into
// (grouper, list) pairs, as Django's itertools.groupby-based tag does.
import type { Context } from '../context.ts';
import { TemplateSyntaxError } from '../errors.ts';
import type { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, mapValue } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import type { FilterExpression } from '../variable.ts';
import { PyTuple, isThenable, pyEquals, pyIter, pyRepr } from '../python-values.ts';

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

/** Register `regroup` on `lib`. */
export function registerRegroupTag(lib: Library): void {
  lib.tag('regroup', doRegroup);
}
