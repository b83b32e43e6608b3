// Stage 2 of the pipeline: turn tokens into a node tree. Tag compile functions (builtin or
// from loaded libraries) pull tokens through this API, as in Django: parse(until), nextToken,
// skipPast, compileFilter. Errors carry the template name and the line of the token.
import { TemplateSyntaxError, buildDebugInfo } from './errors.ts';
import type { Token } from './lexer.ts';
import type { FilterSpec, Library, TagCompiler } from './library.ts';
import type { Origin } from './nodes.ts';
import { Node, NodeList, TextNode, VariableNode } from './nodes.ts';
import { FilterExpression } from './variable.ts';

/** Format `['a', 'b', 'c']` as `a, b or c` (Django's get_text_list). */
export function textList(items: string[], last = 'or'): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/**
 * Parses one template's tokens. Tag compile functions receive it to read their arguments and
 * body.
 */
export class Parser {
  readonly tokens: Token[];
  #pos = 0;
  readonly tags: Map<string, TagCompiler>;
  readonly filters: Map<string, FilterSpec>;
  readonly libraries: Map<string, Library>;
  readonly origin: Origin;
  readonly commandStack: [string, Token][] = [];
  /** Free-form state shared by tags during one parse (named cycles, partials). */
  readonly extra = new Map<string, unknown>();

  constructor(tokens: Token[], origin: Origin, builtins: Library[], libraries: Map<string, Library>) {
    this.tokens = tokens;
    this.origin = origin;
    this.tags = new Map();
    this.filters = new Map();
    for (const lib of builtins) this.addLibrary(lib);
    this.libraries = libraries;
  }

  /** Make a library's tags and filters available to the rest of the template. */
  addLibrary(lib: Library): void {
    for (const [k, v] of lib.tags) this.tags.set(k, v);
    for (const [k, v] of lib.filters) this.filters.set(k, v);
  }

  /** Return true while tokens remain. */
  get hasTokens(): boolean {
    return this.#pos < this.tokens.length;
  }

  /** Take the next token. */
  nextToken(): Token {
    return this.tokens[this.#pos++]!;
  }

  /** Put the last taken token back. */
  prependToken(): void {
    this.#pos--;
  }

  /** Drop the next token (the end tag a tag compile function has looked at). */
  deleteFirstToken(): void {
    this.#pos++;
  }

  /** Parse nodes until a block tag whose first word is in `parseUntil` (left unconsumed). */
  parse(parseUntil: string[] = []): NodeList {
    const nodelist = new NodeList();
    while (this.#pos < this.tokens.length) {
      const token = this.tokens[this.#pos++]!;
      if (token.type === 'text') {
        this.extendNodelist(nodelist, new TextNode(token.contents), token);
      } else if (token.type === 'var') {
        if (!token.contents) throw this.error(token, `Empty variable tag on line ${token.lineno}`);
        let fe: FilterExpression;
        try {
          fe = this.compileFilter(token.contents);
        } catch (err) {
          throw this.error(token, err);
        }
        this.extendNodelist(nodelist, new VariableNode(fe), token);
      } else if (token.type === 'block') {
        const command = token.contents.split(/\s+/)[0];
        if (!command) throw this.error(token, `Empty block tag on line ${token.lineno}`);
        if (parseUntil.includes(command)) {
          this.#pos--;
          return nodelist;
        }
        this.commandStack.push([command, token]);
        const compile = this.tags.get(command);
        if (!compile) this.invalidBlockTag(token, command, parseUntil);
        let node: Node;
        try {
          node = compile(this, token);
        } catch (err) {
          throw this.error(token, err);
        }
        this.extendNodelist(nodelist, node, token);
        this.commandStack.pop();
      }
    }
    if (parseUntil.length) this.unclosedBlockTag(parseUntil);
    return nodelist;
  }

  /** Skip tokens up to and including the block tag `endtag`. */
  skipPast(endtag: string): void {
    while (this.#pos < this.tokens.length) {
      const token = this.tokens[this.#pos++]!;
      if (token.type === 'block' && token.contents === endtag) return;
    }
    this.unclosedBlockTag([endtag]);
  }

  /** Append a node, enforcing that `{% extends %}` comes first. */
  extendNodelist(nodelist: NodeList, node: Node, token: Token): void {
    if (node.mustBeFirst && nodelist.containsNontext) {
      throw this.error(token, `{% ${token.contents} %} must be the first tag in '${this.origin.name}'.`);
    }
    if (!(node instanceof TextNode)) nodelist.containsNontext = true;
    if (!node.token) node.token = token;
    if (!node.origin) node.origin = this.origin;
    nodelist.push(node);
  }

  /** Parse a filter expression (`value|filter:arg`). */
  compileFilter(token: string): FilterExpression {
    return new FilterExpression(token, (name) => this.findFilter(name));
  }

  /** Return the filter registered as `name`, or throw `Invalid filter`. */
  findFilter(name: string): FilterSpec {
    const f = this.filters.get(name);
    if (!f) throw new TemplateSyntaxError(`Invalid filter: '${name}'`);
    return f;
  }

  /** Build a TemplateSyntaxError (or annotate `err`) with this template's place of `token`. */
  error(token: Token, err: unknown): Error {
    const e = err instanceof Error ? err : new TemplateSyntaxError(String(err));
    const withDebug = e as Error & { templateDebug?: unknown };
    if (!withDebug.templateDebug) {
      withDebug.templateDebug = buildDebugInfo(this.origin.name, this.origin.source, token.start, token.end, e.message);
    }
    return e;
  }

  /** Throw Django's "Invalid block tag" error for `command`, naming the tags that were expected. */
  invalidBlockTag(token: Token, command: string, parseUntil: string[]): never {
    if (parseUntil.length) {
      throw this.error(
        token,
        new TemplateSyntaxError(
          `Invalid block tag on line ${token.lineno}: '${command}', expected ${textList(parseUntil.map((p) => `'${p}'`))}. Did you forget to register or load this tag?`,
        ),
      );
    }
    throw this.error(
      token,
      new TemplateSyntaxError(`Invalid block tag on line ${token.lineno}: '${command}'. Did you forget to register or load this tag?`),
    );
  }

  /** Throw Django's "Unclosed tag" error for the innermost open block tag. */
  unclosedBlockTag(parseUntil: string[]): never {
    const [command, token] = this.commandStack.pop()!;
    throw this.error(
      token,
      new TemplateSyntaxError(`Unclosed tag on line ${token.lineno}: '${command}'. Looking for one of: ${parseUntil.join(', ')}.`),
    );
  }
}
