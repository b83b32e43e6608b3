// Template composition: block, extends (with block.super) and include. The block context
// (which override of a block renders) lives in the render context, as in Django, so included
// templates start afresh and `{{ block.super }}` walks up the chain.
import { SafeString, markSafe } from '../../utils/safestring.ts';
import type { Context } from '../context.ts';
import { TemplateDoesNotExist, TemplateSyntaxError } from '../errors.ts';
import type { Library } from '../library.ts';
import { splitContents } from '../lexer.ts';
import type { Rendered } from '../nodes.ts';
import { Node, NodeList, TextNode, mapValue, withCleanup } from '../nodes.ts';
import type { Parser } from '../parser.ts';
import { isThenable, pyStr } from '../python-values.ts';
import { Template } from '../template.ts';
import type { FilterExpression } from '../variable.ts';
import { resolveKwargs, tokenKwargs } from './control-tags.ts';

const BLOCK_CONTEXT = Symbol('block_context');
const EXTENDS_HISTORY = Symbol('extends_context');

class BlockContext {
  readonly blocks = new Map<string, BlockNode[]>();

  addBlocks(blocks: Map<string, BlockNode>): void {
    for (const [name, block] of blocks) {
      const list = this.blocks.get(name);
      if (list) list.unshift(block);
      else this.blocks.set(name, [block]);
    }
  }

  pop(name: string): BlockNode | undefined {
    return this.blocks.get(name)?.pop();
  }

  push(name: string, block: BlockNode): void {
    const list = this.blocks.get(name);
    if (list) list.push(block);
    else this.blocks.set(name, [block]);
  }

  getBlock(name: string): BlockNode | undefined {
    const list = this.blocks.get(name);
    return list && list.length ? list[list.length - 1] : undefined;
  }
}

/** What `{{ block }}` is inside a block: gives `block.super`. */
class BlockReference {
  readonly #node: BlockNode;
  readonly #ctx: Context;

  constructor(node: BlockNode, ctx: Context) {
    this.#node = node;
    this.#ctx = ctx;
  }

  get name(): string {
    return this.#node.name;
  }

  /** Render the parent's version of this block. */
  get super(): unknown {
    const bc = this.#ctx.renderContext.get(BLOCK_CONTEXT) as BlockContext | undefined;
    if (bc && bc.getBlock(this.#node.name) !== undefined) {
      return mapValue(this.#node.render(this.#ctx), (s) => markSafe(s));
    }
    return '';
  }
}

/** `{{ block }}` in a template that extends nothing: `block.super` is an error there. */
class RootBlockReference {
  readonly #node: BlockNode;

  constructor(node: BlockNode) {
    this.#node = node;
  }

  get name(): string {
    return this.#node.name;
  }

  get super(): unknown {
    throw new TemplateSyntaxError(
      "'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?",
    );
  }
}

/** `{% block name %}...{% endblock %}`. */
export class BlockNode extends Node {
  readonly name: string;
  readonly body: NodeList;

  constructor(name: string, body: NodeList) {
    super();
    this.name = name;
    this.body = body;
  }

  override children(): NodeList[] {
    return [this.body];
  }

  render(ctx: Context): Rendered {
    const bc = ctx.renderContext.get(BLOCK_CONTEXT) as BlockContext | undefined;
    ctx.push();
    if (bc === undefined) {
      ctx.set('block', new RootBlockReference(this));
      return withCleanup(() => this.body.render(ctx), () => ctx.pop());
    }
    const pushed = bc.pop(this.name);
    const block = pushed ?? this;
    ctx.set('block', new BlockReference(block, ctx));
    return withCleanup(
      () => block.body.render(ctx),
      () => {
        if (pushed !== undefined) bc.push(this.name, pushed);
        ctx.pop();
      },
    );
  }
}

const blocksCache = new WeakMap<NodeList, Map<string, BlockNode>>();

function blocksOf(nodes: NodeList): Map<string, BlockNode> {
  const cached = blocksCache.get(nodes);
  if (cached) return cached;
  const map = new Map<string, BlockNode>();
  blocksCache.set(nodes, map);
  for (const b of nodes.nodesByType(BlockNode)) map.set(b.name, b);
  return map;
}

/** `{% extends parent %}`: render the parent with this template's blocks. */
export class ExtendsNode extends Node {
  override readonly mustBeFirst = true;
  readonly body: NodeList;
  readonly parentName: FilterExpression;
  readonly blocks: Map<string, BlockNode>;

  constructor(body: NodeList, parentName: FilterExpression) {
    super();
    this.body = body;
    this.parentName = parentName;
    this.blocks = blocksOf(body);
  }

  override children(): NodeList[] {
    return [this.body];
  }

  #parent(ctx: Context, name: unknown): Template {
    if (name instanceof Template) return name;
    if (name instanceof SafeString) name = name.value;
    if (!name) {
      let msg = `Invalid template name in 'extends' tag: ${pyStr(name)}.`;
      if (this.parentName.isVar) msg += ` Got this from the '${this.parentName.token}' variable.`;
      throw new TemplateSyntaxError(msg);
    }
    const rc = ctx.renderContext;
    let history = rc.get(EXTENDS_HISTORY) as string[] | undefined;
    if (!history) {
      history = [this.origin?.location ?? this.origin?.name ?? ''];
      rc.set(EXTENDS_HISTORY, history);
    }
    const engine = ctx.engine;
    if (!engine) throw new TemplateDoesNotExist(String(name));
    const { template, location } = engine.findTemplate(String(name), history);
    history.push(location);
    return template;
  }

  render(ctx: Context): Rendered {
    return mapValue(this.parentName.resolve(ctx), (name) => this.#renderParent(ctx, this.#parent(ctx, name))) as Rendered;
  }

  #renderParent(ctx: Context, parent: Template): Rendered {
    const rc = ctx.renderContext;
    let bc = rc.get(BLOCK_CONTEXT) as BlockContext | undefined;
    if (!bc) {
      bc = new BlockContext();
      rc.set(BLOCK_CONTEXT, bc);
    }
    bc.addBlocks(this.blocks);
    for (const node of parent.nodelist) {
      if (!(node instanceof TextNode)) {
        if (!(node instanceof ExtendsNode)) bc.addBlocks(blocksOf(parent.nodelist));
        break;
      }
    }
    const prev = rc.template;
    rc.template = parent;
    return withCleanup(() => parent.nodelist.render(ctx), () => (rc.template = prev));
  }
}

/** Resolve `./x.html` and `../x.html` against the including template's name. */
export function relativeName(current: string, name: string): string {
  const quote = name[0];
  if (quote !== '"' && quote !== "'") return name;
  const inner = name.slice(1, -1);
  if (!inner.startsWith('./') && !inner.startsWith('../')) return name;
  const base = current.split('/').slice(0, -1);
  for (const part of inner.split('/')) {
    if (part === '.') continue;
    if (part === '..') {
      if (!base.length) {
        throw new TemplateSyntaxError(`The relative path '${inner}' points outside the file hierarchy that template '${current}' is in.`);
      }
      base.pop();
    } else base.push(part);
  }
  const resolved = base.join('/');
  if (resolved === current) {
    throw new TemplateSyntaxError(`The relative path '${inner}' was translated to template name '${current}', the same template in which the tag appears.`);
  }
  return `${quote}${resolved}${quote}`;
}

function doBlock(parser: Parser, token: { contents: string }): Node {
  const bits = token.contents.split(/\s+/);
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' tag takes only one argument`);
  const name = bits[1]!;
  const loaded = (parser.extra.get('loadedBlocks') as string[] | undefined) ?? [];
  if (loaded.includes(name)) throw new TemplateSyntaxError(`'${bits[0]}' tag with name '${name}' appears more than once`);
  loaded.push(name);
  parser.extra.set('loadedBlocks', loaded);
  const body = parser.parse(['endblock']);
  const end = parser.nextToken();
  const acceptable = ['endblock', `endblock ${name}`];
  if (!acceptable.includes(end.contents)) parser.invalidBlockTag(end, 'endblock', acceptable);
  return new BlockNode(name, body);
}

function doExtends(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' takes one argument`);
  const parentName = parser.compileFilter(relativeName(parser.origin.name, bits[1]!));
  const body = parser.parse();
  if (body.nodesByType(ExtendsNode).length) {
    throw new TemplateSyntaxError(`'${bits[0]}' cannot appear more than once in the same template`);
  }
  return new ExtendsNode(body, parentName);
}

/** `{% include name [with a=b] [only] %}`. */
class IncludeNode extends Node {
  readonly template: FilterExpression;
  readonly extra: Map<string, FilterExpression>;
  readonly isolated: boolean;

  constructor(template: FilterExpression, extra: Map<string, FilterExpression>, isolated: boolean) {
    super();
    this.template = template;
    this.extra = extra;
    this.isolated = isolated;
  }

  render(ctx: Context): Rendered {
    const t = this.template.resolve(ctx);
    if (isThenable(t)) return Promise.resolve(t).then((v) => this.#render(ctx, v));
    return this.#render(ctx, t);
  }

  #find(ctx: Context, value: unknown): Template {
    if (value instanceof Template) return value;
    if (value && typeof value === 'object' && (value as { template?: unknown }).template instanceof Template) {
      return (value as { template: Template }).template;
    }
    const engine = ctx.engine;
    const names = typeof value === 'string' ? [value] : value ? [...(value as Iterable<string>)] : [];
    if (!engine) throw new TemplateDoesNotExist(names.join(', ') || 'No template names provided');
    return engine.selectTemplate(names);
  }

  // A literal name resolves to the same template for a given engine: remember it.
  #cached: { engine: unknown; template: Template } | null = null;

  #render(ctx: Context, value: unknown): Rendered {
    let template: Template;
    const cached = this.#cached;
    if (cached !== null && cached.engine === ctx.engine && !ctx.engine?.debug) template = cached.template;
    else {
      template = this.#find(ctx, value instanceof SafeString ? value.value : value);
      if (!this.template.isVar && this.template.filters.length === 0) this.#cached = { engine: ctx.engine, template };
    }
    if (this.extra.size === 0) {
      if (this.isolated) return template.renderIn(ctx.new());
      return template.renderIn(ctx);
    }
    return mapValue(resolveKwargs(ctx, this.extra), (values) => {
      const v = values as Record<string, unknown>;
      if (this.isolated) return template.renderIn(ctx.new(v));
      ctx.push(v);
      return withCleanup(() => template.renderIn(ctx), () => ctx.pop());
    }) as Rendered;
  }
}

function doInclude(parser: Parser, token: { contents: string }): Node {
  const bits = splitContents(token.contents);
  if (bits.length < 2) {
    throw new TemplateSyntaxError(`'${bits[0]}' tag takes at least one argument: the name of the template to be included.`);
  }
  const options = new Map<string, unknown>();
  const rest = bits.slice(2);
  while (rest.length) {
    const option = rest.shift()!;
    if (options.has(option)) throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`);
    let value: unknown;
    if (option === 'with') {
      value = tokenKwargs(rest, parser, false);
      if (!(value as Map<string, unknown>).size) {
        throw new TemplateSyntaxError(`"with" in '${bits[0]}' tag needs at least one keyword argument.`);
      }
    } else if (option === 'only') {
      value = true;
    } else {
      throw new TemplateSyntaxError(`Unknown argument for '${bits[0]}' tag: '${option}'.`);
    }
    options.set(option, value);
  }
  const name = relativeName(parser.origin.name, bits[1]!);
  const extra = (options.get('with') as Map<string, FilterExpression> | undefined) ?? new Map();
  return new IncludeNode(parser.compileFilter(name), extra, options.get('only') === true);
}

/** Register block, extends and include on `lib`. */
export function registerInheritanceTags(lib: Library): void {
  lib.tag('block', doBlock);
  lib.tag('extends', doExtends);
  lib.tag('include', doInclude);
}

export { NodeList };
