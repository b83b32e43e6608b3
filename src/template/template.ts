// A compiled template: source parsed once into a node tree bound to an engine. `render()` is
// the public, always-async entry; `renderIn()` is what include/inclusion tags call and stays
// synchronous when no value is a promise.
import { Context } from './context.ts';
import type { Engine } from './engine.ts';
import { tokenize } from './lexer.ts';
import type { NodeList, Origin, Rendered } from './nodes.ts';
import { Parser } from './parser.ts';

/** Where an engine comes from when a Template is built without one. */
let defaultEngineFactory: (() => Engine) | null = null;
let defaultEngine: Engine | null = null;

/** Install the factory of the engine used by `new Template(source)` without an engine. */
export function setDefaultEngineFactory(factory: () => Engine): void {
  defaultEngineFactory = factory;
  defaultEngine = null;
}

function getDefaultEngine(): Engine {
  if (!defaultEngine) {
    if (!defaultEngineFactory) throw new Error('No template engine configured; import reinhardt/template');
    defaultEngine = defaultEngineFactory();
  }
  return defaultEngine;
}

/** Options of `new Template()`. */
export interface TemplateOptions {
  engine?: Engine;
  name?: string;
  /** The loader location (file path) of the source. */
  location?: string;
  /** Use this already parsed node list instead of parsing `source` (partials). */
  nodelist?: NodeList;
}

/**
 * A compiled template.
 *
 * @example
 * const t = new Template('Hello {{ name }}!');
 * await t.render({ name: '<Ada>' }) // 'Hello &lt;Ada&gt;!'
 */
export class Template {
  readonly engine: Engine;
  readonly name: string;
  readonly source: string;
  readonly origin: Origin;
  readonly nodelist: NodeList;

  constructor(source: string, options: TemplateOptions = {}) {
    this.engine = options.engine ?? getDefaultEngine();
    this.name = options.name ?? '<unknown source>';
    this.source = source;
    this.origin = { name: this.name, source, location: options.location ?? this.name };
    this.nodelist =
      options.nodelist ?? new Parser(tokenize(source), this.origin, this.engine.builtinLibraries, this.engine.libraries).parse();
  }

  /**
   * Render with `context` (a Context or a plain object), resolving every promise value.
   * Pass `request` to run the engine's context processors.
   */
  async render(context?: Context | Record<string, unknown>, request?: unknown): Promise<string> {
    const ctx = context instanceof Context ? context : this.engine.makeContext(context ?? {}, request);
    return this.renderIn(ctx);
  }

  /** Render inside an existing context (include, inclusion tags); sync unless values are promises. */
  renderIn(ctx: Context): Rendered {
    const rc = ctx.renderContext;
    const previous = rc.template;
    rc.template = this;
    rc.push();
    const bind = ctx.template === null;
    if (bind) {
      ctx.template = this;
      ctx.engine = this.engine;
    }
    let r: Rendered;
    try {
      r = this.nodelist.render(ctx);
    } catch (err) {
      this.#leave(ctx, previous, bind);
      throw err;
    }
    if (typeof r === 'string') {
      this.#leave(ctx, previous, bind);
      return r;
    }
    return r.then(
      (s) => {
        this.#leave(ctx, previous, bind);
        return s;
      },
      (err: unknown) => {
        this.#leave(ctx, previous, bind);
        throw err;
      },
    );
  }

  #leave(ctx: Context, previous: Template | null, bind: boolean): void {
    const rc = ctx.renderContext;
    rc.template = previous;
    rc.pop();
    if (bind) ctx.template = null;
  }
}
