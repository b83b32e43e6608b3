// `{% partialdef name [inline] %}...{% endpartialdef %}` and `{% partial name %}`: named,
// reusable fragments of one template (Django 6.0's template partials).
import type { Context } from '../context.ts';
import { TemplateSyntaxError } from '../errors.ts';
import type { Library } from '../library.ts';
import type { Rendered } from '../nodes.ts';
import { Node, NodeList } from '../nodes.ts';
import type { Parser } from '../parser.ts';

/** `{% partialdef %}`: a named fragment, rendered in place only when `inline`. */
export class PartialDefNode extends Node {
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

/** Register `partialdef` and `partial` on `lib`. */
export function registerPartialTags(lib: Library): void {
  lib.tag('partialdef', doPartialDef);
  lib.tag('partial', doPartial);
}
