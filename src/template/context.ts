// The render-time state: a stack of variable scopes (Django's Context), the per-template
// render state used by tags such as cycle and block (RenderContext), and the autoescape flag.
// Compiled templates read and write it through the runtime; nothing here parses templates.
import type { Engine } from './engine.ts';
import type { Template } from './template.ts';

type Scope = Record<string, unknown>;

function newScope(values?: Record<string, unknown>): Scope {
  const scope: Scope = Object.create(null);
  if (values) for (const k of Object.keys(values)) scope[k] = values[k];
  return scope;
}

/**
 * Per-render state for tags, keyed by node; lookups see only the innermost level, so an
 * included template starts with fresh cycles and blocks.
 */
export class RenderContext {
  // A level's map is created on first write: most included templates never store state.
  readonly levels: (Map<unknown, unknown> | null)[] = [null];
  /** The template currently being rendered (an include or a parent switches it). */
  template: Template | null = null;

  /** Return the value stored for `key` at the innermost level. */
  get(key: unknown): unknown {
    return this.levels[this.levels.length - 1]?.get(key);
  }

  /** Return true if the innermost level holds `key`. */
  has(key: unknown): boolean {
    return this.levels[this.levels.length - 1]?.has(key) ?? false;
  }

  /** Store `value` for `key` at the innermost level. */
  set(key: unknown, value: unknown): void {
    const i = this.levels.length - 1;
    (this.levels[i] ??= new Map()).set(key, value);
  }

  /** Enter a new isolated level. */
  push(): void {
    this.levels.push(null);
  }

  /** Leave the innermost level. */
  pop(): void {
    this.levels.pop();
  }
}

/** Options carried by a context across pushes and `new()`. */
export interface ContextOptions {
  autoescape?: boolean;
  /** The HTTP request when rendering for one (made available to context processors). */
  request?: unknown;
}

/**
 * A stack of variable scopes used while rendering. `get()` looks from the innermost scope out.
 *
 * Differs from Django: a missing variable is `undefined` (a stored `undefined` counts as
 * missing); `null` is Python's `None`.
 *
 * @example
 * const ctx = new Context({ name: 'Ada' });
 * ctx.push({ name: 'Bo' }); ctx.get('name'); // 'Bo'
 * ctx.pop(); ctx.get('name'); // 'Ada'
 */
export class Context {
  scopes: Scope[];
  autoescape: boolean;
  renderContext: RenderContext;
  /** The template that started the render (the top-level one). */
  template: Template | null = null;
  /** The engine of the top-level template. */
  engine: Engine | null = null;
  request: unknown;

  constructor(values?: Record<string, unknown>, options: ContextOptions = {}) {
    this.scopes = [builtinScope(), newScope(values)];
    this.autoescape = options.autoescape ?? true;
    this.renderContext = new RenderContext();
    this.request = options.request;
  }

  /** Return the innermost value of `name`, or undefined when no scope defines it. */
  get(name: string): unknown {
    const scopes = this.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const v = scopes[i]![name];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Return true when some scope defines `name`. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Set `name` in the innermost scope. */
  set(name: string, value: unknown): void {
    this.scopes[this.scopes.length - 1]![name] = value;
  }

  /** Set `name` in the innermost scope that already defines it (or the innermost scope). */
  setUpward(name: string, value: unknown): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      if (this.scopes[i]![name] !== undefined) {
        this.scopes[i]![name] = value;
        return;
      }
    }
    this.set(name, value);
  }

  /** Enter a new scope, optionally with initial values. */
  push(values?: Record<string, unknown>): void {
    this.scopes.push(newScope(values));
  }

  /** Leave the innermost scope. */
  pop(): void {
    if (this.scopes.length <= 2) throw new Error('Context.pop() called more times than push()');
    this.scopes.pop();
  }

  /** Add `values` as a new scope (Django's `update()`). */
  update(values: Record<string, unknown>): void {
    this.push(values);
  }

  /** Return a context with the same options and render state but only `values` as variables. */
  new(values?: Record<string, unknown>): Context {
    const ctx = new Context(values, { autoescape: this.autoescape, request: this.request });
    ctx.renderContext = this.renderContext;
    ctx.template = this.template;
    ctx.engine = this.engine;
    return ctx;
  }

  /** Return every visible variable merged into one object. */
  flatten(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const scope of this.scopes) Object.assign(out, scope);
    return out;
  }
}

function builtinScope(): Scope {
  const scope: Scope = Object.create(null);
  scope['True'] = true;
  scope['False'] = false;
  scope['None'] = null;
  return scope;
}
