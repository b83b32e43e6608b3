// Shared helpers for the template tests: render a source string with a fresh engine.
import { Engine } from '../../src/template/index.ts';
import type { EngineOptions } from '../../src/template/index.ts';

/** Render `source` (named `test.html`) with `context` on an engine built from `options`. */
export async function render(source: string, context: Record<string, unknown> = {}, options: EngineOptions = {}): Promise<string> {
  const engine = new Engine({ ...options, templates: { 'test.html': source, ...(options.templates ?? {}) } });
  return engine.renderToString('test.html', context);
}

/** Return the error a render throws (fails the test when it does not throw). */
export async function renderError(source: string, context: Record<string, unknown> = {}, options: EngineOptions = {}): Promise<Error & Record<string, any>> {
  try {
    await render(source, context, options);
  } catch (err) {
    return err as Error & Record<string, any>;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}
