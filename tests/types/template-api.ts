// Type-level tests for reinhardt/template: what must and must not compile.
import { Engine, Library, Template, markSafe } from '../../src/template/index.ts';
import type { EngineOptions, FilterOptions, TemplateProblem } from '../../src/template/index.ts';

const engine = new Engine({ templates: { 'a.html': '{{ x }}' }, autoescape: true, stringIfInvalid: '' });
const rendered: Promise<string> = engine.renderToString('a.html', { x: 1 });
void rendered;
const t: Template = engine.getTemplate('a.html');
void t.render({ x: markSafe('<b>') });

const lib = new Library();
lib.filter('twice', (v) => `${v}${v}`, { isSafe: true, arg: 'none' });
lib.simpleTag('hello', () => 'hi', { takesContext: false });

// @ts-expect-error autoescape is a boolean
new Engine({ autoescape: 'yes' });

// @ts-expect-error unknown engine option
const bad: EngineOptions = { templatez: {} };
void bad;

// @ts-expect-error arg must be one of none | required | optional
const opts: FilterOptions = { arg: 'sometimes' };
void opts;

// @ts-expect-error renderToString returns a promise, not a string
const s: string = engine.renderToString('a.html');
void s;

declare const problem: TemplateProblem;
const line: number | undefined = problem.line;
void line;
