// The template engine: configuration (loaders, libraries, autoescape, string_if_invalid,
// hooks for url/static/csrf) and the entry points the framework uses: getTemplate,
// renderToString, fromString. Built from Django-style TEMPLATES settings by `fromSettings`.
import { isValidTimeZone } from '../utils/zoned-date.ts';
import { Context } from './context.ts';
import { TemplateDoesNotExist } from './errors.ts';
import type { Library } from './library.ts';
import { CachedLoader } from './loaders/cached-loader.ts';
import { AppDirectoriesLoader, FilesystemLoader } from './loaders/filesystem-loader.ts';
import type { FoundTemplate } from './loaders/loader.ts';
import { Loader } from './loaders/loader.ts';
import { LocmemLoader } from './loaders/locmem-loader.ts';
import { Template } from './template.ts';
import { PartialDefNode } from './tags/partial-tags.ts';

/** A context processor: returns variables added to every context rendered with a request. */
export type ContextProcessor = (request: any) => Record<string, unknown>;

/** Reverse a URL pattern name for `{% url %}`. */
export type UrlResolver = (viewName: string, args: unknown[], kwargs: Record<string, unknown>, currentApp?: string) => string;

/** Options of `new Engine()`. */
export interface EngineOptions {
  /** In-memory templates `{ name: source }` (searched first). */
  templates?: Record<string, string>;
  /** Directories searched for templates (Django's `DIRS`). */
  dirs?: string[];
  /** App folders whose `templates/` subfolders are searched (Django's `APP_DIRS`). */
  appDirs?: string[];
  /** Explicit loaders; replaces templates/dirs/appDirs when given. */
  loaders?: Loader[];
  /** Wrap the loaders in a CachedLoader (default true). */
  cached?: boolean;
  /** DEBUG: recompile templates whose files change; include debug info. */
  debug?: boolean;
  /** Escape variable output (default true). */
  autoescape?: boolean;
  /** What a missing variable renders as (`%s` is replaced by its name). */
  stringIfInvalid?: string;
  /** Libraries loadable with `{% load name %}`. */
  libraries?: Record<string, Library>;
  /** Extra libraries available in every template without `{% load %}`. */
  builtins?: Library[];
  /** Context processors run for renders with a request: functions or registered names. */
  contextProcessors?: (ContextProcessor | string)[];
  /** Hook reversing URL names for `{% url %}`. */
  urlResolver?: UrlResolver;
  /** Prefix for `{% static %}` (Django's STATIC_URL), default '/static/'. */
  staticUrl?: string;
  /** Hook turning a static path into a URL (a manifest storage); overrides staticUrl. */
  staticResolver?: (path: string) => string;
  /**
   * IANA time zone (`'America/Chicago'`) in which the `date`/`time` filters, `{% now %}` and
   * `{{ date }}` show datetimes (Django's current time zone with USE_TZ=True); undefined shows
   * them in the process's local time (USE_TZ=False).
   */
  timeZone?: string;
}

const namedProcessors = new Map<string, ContextProcessor>();

/**
 * Register a context processor under a name usable in `TEMPLATES.OPTIONS.context_processors`.
 *
 * @example
 * registerContextProcessor('django.contrib.messages.context_processors.messages', (req) => ({ messages: req.messages }));
 */
export function registerContextProcessor(name: string, fn: ContextProcessor): void {
  namedProcessors.set(name, fn);
}

let builtinsProvider: (() => { builtins: Library[]; libraries: Record<string, Library> }) | null = null;

/** Install the builtin and standard libraries (done by the module's entry point). */
export function setBuiltinsProvider(p: () => { builtins: Library[]; libraries: Record<string, Library> }): void {
  builtinsProvider = p;
}

/**
 * Compile and render Django templates.
 *
 * @example
 * const engine = new Engine({ templates: { 'hi.html': 'Hello {{ name }}' } });
 * await engine.renderToString('hi.html', { name: 'Ada' }) // 'Hello Ada'
 */
export class Engine {
  readonly loader: Loader;
  readonly debug: boolean;
  readonly autoescape: boolean;
  readonly stringIfInvalid: string;
  readonly builtinLibraries: Library[];
  readonly libraries: Map<string, Library>;
  readonly contextProcessors: ContextProcessor[];
  readonly urlResolver: UrlResolver | undefined;
  readonly staticUrl: string;
  readonly staticResolver: ((path: string) => string) | undefined;
  readonly timeZone: string | undefined;

  constructor(options: EngineOptions = {}) {
    this.debug = options.debug ?? false;
    this.autoescape = options.autoescape ?? true;
    this.stringIfInvalid = options.stringIfInvalid ?? '';
    const std = builtinsProvider ? builtinsProvider() : { builtins: [], libraries: {} };
    this.builtinLibraries = [...std.builtins, ...(options.builtins ?? [])];
    this.libraries = new Map(Object.entries({ ...std.libraries, ...(options.libraries ?? {}) }));
    let loaders = options.loaders;
    if (!loaders) {
      loaders = [];
      if (options.templates) loaders.push(new LocmemLoader(options.templates));
      if (options.dirs?.length) loaders.push(new FilesystemLoader(options.dirs));
      if (options.appDirs?.length) loaders.push(new AppDirectoriesLoader(options.appDirs));
    }
    this.loader = options.cached === false ? new MultiLoader(loaders) : new CachedLoader(loaders, { checkChanges: this.debug });
    this.contextProcessors = (options.contextProcessors ?? []).map((p) => {
      if (typeof p === 'function') return p;
      const fn = namedProcessors.get(p);
      if (!fn) throw new Error(`Unknown context processor '${p}' in TEMPLATES OPTIONS.context_processors; register it with registerContextProcessor()`);
      return fn;
    });
    this.urlResolver = options.urlResolver;
    this.staticUrl = options.staticUrl ?? '/static/';
    this.staticResolver = options.staticResolver;
    if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) {
      throw new InvalidTimeZoneError(options.timeZone);
    }
    this.timeZone = options.timeZone;
  }

  /**
   * Build an engine from one Django-style `TEMPLATES` entry.
   *
   * @example
   * Engine.fromSettings({ BACKEND: 'reinhardt.template.backends.django.DjangoTemplates', DIRS: ['templates'],
   *   APP_DIRS: true, OPTIONS: { context_processors: ['django.template.context_processors.request'] } },
   *   { appTemplateDirs: ['/srv/polls'] })
   */
  static fromSettings(entry: TemplatesSetting, extra: FromSettingsExtra = {}): Engine {
    const opts = entry.OPTIONS ?? {};
    const libraries: Record<string, Library> = { ...(extra.appLibraries ?? {}), ...(opts.libraries ?? {}) };
    return new Engine({
      dirs: entry.DIRS ?? [],
      appDirs: entry.APP_DIRS ? extra.appTemplateDirs ?? [] : [],
      loaders: opts.loaders,
      debug: opts.debug ?? extra.debug ?? false,
      autoescape: opts.autoescape ?? true,
      stringIfInvalid: opts.string_if_invalid ?? '',
      libraries,
      builtins: opts.builtins ?? [],
      contextProcessors: opts.context_processors ?? [],
      urlResolver: extra.urlResolver,
      staticUrl: extra.staticUrl,
      staticResolver: extra.staticResolver,
      timeZone: opts.time_zone ?? extra.timeZone,
    });
  }

  /** Find a template by name, skipping locations already used (extends recursion). */
  findTemplate(name: string, skip?: string[]): FoundTemplate {
    const hash = name.indexOf('#');
    if (hash > 0) return this.#findPartial(name.slice(0, hash), name.slice(hash + 1), skip);
    return this.loader.find(name, this, skip);
  }

  // `page.html#card` names the `{% partialdef card %}` of page.html (Django 6.0).
  #findPartial(base: string, partial: string, skip?: string[]): FoundTemplate {
    const found = this.loader.find(base, this, skip);
    const def = found.template.nodelist.nodesByType(PartialDefNode).find((p) => p.name === partial);
    if (!def) throw new TemplateDoesNotExist(`${base}#${partial}`, [{ origin: found.location, reason: `no partial '${partial}'` }]);
    const template = new Template(found.template.source, {
      engine: this,
      name: found.template.name,
      location: found.location,
      nodelist: def.body,
    });
    return { template, location: found.location };
  }

  /** Return the compiled template `name`; throws TemplateDoesNotExist or TemplateSyntaxError. */
  getTemplate(name: string): Template {
    return this.findTemplate(name).template;
  }

  /** Return the first of `names` that exists. */
  selectTemplate(names: string[]): Template {
    if (!names.length) throw new TemplateDoesNotExist('No template names provided');
    const misses: TemplateDoesNotExist[] = [];
    for (const n of names) {
      try {
        return this.getTemplate(n);
      } catch (err) {
        if (!(err instanceof TemplateDoesNotExist)) throw err;
        misses.push(err);
      }
    }
    throw new TemplateDoesNotExist(names.join(', '), [], misses);
  }

  /** Compile a template from source. */
  fromString(source: string, name?: string): Template {
    return new Template(source, { engine: this, name });
  }

  /** Build a render context: context processors (when a request is given), then `values`. */
  makeContext(values: Record<string, unknown>, request?: unknown): Context {
    const ctx = new Context(undefined, { autoescape: this.autoescape, request });
    if (request !== undefined && request !== null) {
      const fromProcessors: Record<string, unknown> = {};
      for (const p of this.contextProcessors) Object.assign(fromProcessors, p(request));
      ctx.push(fromProcessors);
      ctx.push(values);
    } else {
      ctx.push(values);
    }
    ctx.engine = this;
    return ctx;
  }

  /** Render template `name` (or each of several names, first found) to a string. */
  async renderToString(name: string | string[], context: Record<string, unknown> = {}, request?: unknown): Promise<string> {
    const template = Array.isArray(name) ? this.selectTemplate(name) : this.getTemplate(name);
    return template.render(this.makeContext(context, request));
  }

  /** Forget every compiled template. */
  resetCache(): void {
    if (this.loader instanceof CachedLoader) this.loader.reset();
  }
}

class MultiLoader extends Loader {
  readonly #loaders: Loader[];

  constructor(loaders: Loader[]) {
    super();
    this.#loaders = loaders;
  }

  *sources(name: string) {
    for (const l of this.#loaders) yield* l.sources(name);
  }

  contents(): string | undefined {
    return undefined;
  }

  override listNames(): string[] {
    return [...new Set(this.#loaders.flatMap((l) => l.listNames()))];
  }

  override find(name: string, engine: Engine, skip: string[] = []): FoundTemplate {
    const misses: TemplateDoesNotExist[] = [];
    for (const l of this.#loaders) {
      try {
        return l.find(name, engine, skip);
      } catch (err) {
        if (!(err instanceof TemplateDoesNotExist)) throw err;
        misses.push(err);
      }
    }
    throw new TemplateDoesNotExist(name, [], misses);
  }
}

/** One entry of Django's `TEMPLATES` setting. */
export interface TemplatesSetting {
  BACKEND?: string;
  DIRS?: string[];
  APP_DIRS?: boolean;
  OPTIONS?: {
    context_processors?: (ContextProcessor | string)[];
    debug?: boolean;
    loaders?: Loader[];
    string_if_invalid?: string;
    libraries?: Record<string, Library>;
    builtins?: Library[];
    autoescape?: boolean;
    /** IANA time zone for shown datetimes (overrides the one the framework passes). */
    time_zone?: string;
  };
}

/** What the framework supplies to `Engine.fromSettings` beyond the settings entry. */
export interface FromSettingsExtra {
  appTemplateDirs?: string[];
  appLibraries?: Record<string, Library>;
  debug?: boolean;
  urlResolver?: UrlResolver;
  staticUrl?: string;
  staticResolver?: (path: string) => string;
  /** settings.TIME_ZONE when settings.USE_TZ is on. */
  timeZone?: string;
}

/**
 * Raised by `new Engine({ timeZone })` when the zone is not one the runtime knows.
 *
 * @example
 * new Engine({ timeZone: 'Mars/Olympus' }) // throws InvalidTimeZoneError
 */
export class InvalidTimeZoneError extends Error {
  readonly code = 'template.invalid_time_zone';

  constructor(zone: string) {
    super(`Engine option timeZone '${zone}' is not a known IANA time zone (TIME_ZONE / TEMPLATES OPTIONS.time_zone); use a name like 'America/Chicago' or 'UTC'`);
    this.name = 'InvalidTimeZoneError';
  }
}
