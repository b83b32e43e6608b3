// Errors raised while loading, parsing and rendering templates. Each carries a stable `code`,
// the Django exception class it stands for (`djangoError`) and, once the engine knows where it
// happened, `templateDebug` with the template name, line and the source around it.

/** One line of template source shown around an error. */
export interface TemplateDebugLine {
  num: number;
  text: string;
}

/** Where in a template an error happened, for the DEBUG 500 page and `reinhardt check`. */
export interface TemplateDebugInfo {
  name: string;
  line: number;
  column: number;
  /** The source of the offending token's line before, during and after the token. */
  before: string;
  during: string;
  after: string;
  /** Up to ten lines of source on either side of the error line. */
  lines: TemplateDebugLine[];
  total: number;
  message: string;
}

/** Base class of all template errors. */
export class TemplateError extends Error {
  readonly code: string = 'template.error';
  readonly djangoError: string = 'TemplateError';
  /** Set by the engine when the error is tied to a place in a template. */
  templateDebug?: TemplateDebugInfo;
  /** The template name, when known. */
  get templateName(): string | undefined {
    return this.templateDebug?.name;
  }
  /** The 1-based line, when known. */
  get line(): number | undefined {
    return this.templateDebug?.line;
  }
}

/**
 * A template is malformed: unknown tag or filter, bad arguments, unclosed block.
 *
 * @example
 * // TemplateSyntaxError: Invalid filter: 'lowr' (polls/index.html, line 12)
 */
export class TemplateSyntaxError extends TemplateError {
  override readonly code: string = 'template.syntax';
  override readonly djangoError: string = 'TemplateSyntaxError';
  override name = 'TemplateSyntaxError';
}

/**
 * No loader could find the template; `tried` lists every place looked at.
 *
 * @example
 * // TemplateDoesNotExist: polls/detail.html (tried: /srv/app/templates/polls/detail.html)
 */
export class TemplateDoesNotExist extends TemplateError {
  override readonly code = 'template.does_not_exist';
  override readonly djangoError = 'TemplateDoesNotExist';
  override name = 'TemplateDoesNotExist';
  readonly templateNameRequested: string;
  readonly tried: { origin: string; reason: string }[];

  constructor(name: string, tried: { origin: string; reason: string }[] = [], chain: TemplateDoesNotExist[] = []) {
    const all = [...tried, ...chain.flatMap((c) => c.tried)];
    const detail = all.length ? ` (tried: ${all.map((t) => `${t.origin} [${t.reason}]`).join('; ')})` : '';
    super(`${name}${detail}`);
    this.templateNameRequested = name;
    this.tried = all;
  }
}

/** A variable used as a filter argument could not be resolved. */
export class VariableDoesNotExist extends TemplateError {
  override readonly code = 'template.variable_does_not_exist';
  override readonly djangoError = 'VariableDoesNotExist';
  override name = 'VariableDoesNotExist';
}

/**
 * A runtime failure inside a tag or filter that Django reports as a plain Python exception
 * (`ValueError`, `TypeError`, `AttributeError`); `djangoError` names that class.
 */
export class TemplateRuntimeError extends TemplateError {
  override readonly code: string;
  override readonly djangoError: string;
  override name = 'TemplateRuntimeError';

  constructor(pythonClass: 'ValueError' | 'TypeError' | 'AttributeError' | 'RecursionError', message: string) {
    super(message);
    this.djangoError = pythonClass;
    this.code = `template.${pythonClass.replace(/Error$/, '').toLowerCase()}_error`;
  }
}

/** Build the debug excerpt for a token at `[start, end)` of `source`. */
export function buildDebugInfo(name: string, source: string, start: number, end: number, message: string): TemplateDebugInfo {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  let lineIdx = 0;
  while (lineIdx + 1 < lineStarts.length && lineStarts[lineIdx + 1]! <= start) lineIdx++;
  const lineStart = lineStarts[lineIdx]!;
  const lineEnd = lineIdx + 1 < lineStarts.length ? lineStarts[lineIdx + 1]! - 1 : source.length;
  const texts = source.split('\n');
  const from = Math.max(0, lineIdx - 10);
  const to = Math.min(texts.length, lineIdx + 11);
  const lines: TemplateDebugLine[] = [];
  for (let i = from; i < to; i++) lines.push({ num: i + 1, text: texts[i]! });
  return {
    name,
    line: lineIdx + 1,
    column: start - lineStart + 1,
    before: source.slice(lineStart, start),
    during: source.slice(start, Math.min(end, lineEnd)),
    after: source.slice(Math.min(end, lineEnd), lineEnd),
    lines,
    total: texts.length,
    message,
  };
}
