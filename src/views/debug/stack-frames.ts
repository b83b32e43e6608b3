// Turn an error's stack into frames with source lines for the technical 500 page. Stacks from
// tsx-loaded `.ts` files are already source-mapped, so the lines shown are the TypeScript the
// user wrote. Layer 5, node built-ins only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One frame of a stack trace. */
export interface StackFrame {
  /** Function name as V8 reports it (`Object.view`, `async handler`, `<anonymous>`). */
  fn: string;
  /** File path (or `node:internal/...`) as found in the stack. */
  file: string;
  line: number;
  column: number;
  /** True for the framework's own, node's and dependency frames (collapsed on the page). */
  library: boolean;
  /** Line number of `context[0]`. */
  contextStart: number;
  /** Source lines around `line` (empty when the file cannot be read). */
  context: string[];
}

const FRAME_RE = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
const CONTEXT_LINES = 5;
const sourceCache = new Map<string, string[] | null>();

function readLines(file: string): string[] | null {
  let lines = sourceCache.get(file);
  if (lines === undefined) {
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      lines = null;
    }
    if (sourceCache.size > 200) sourceCache.clear();
    sourceCache.set(file, lines);
  }
  return lines;
}

/** True when `file` belongs to Reinhardt itself, node, or a dependency. */
function isLibraryFile(file: string, frameworkRoot: string): boolean {
  return file.startsWith('node:') || file.includes('/node_modules/') || file.startsWith(frameworkRoot) || !file.startsWith('/');
}

const FRAMEWORK_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Parse `err.stack` into frames, innermost first, each with up to five source lines on either
 * side of the failing line.
 *
 * @example
 * parseStack(new Error('x'))[0] // { fn: '...', file: '/srv/mysite/polls/views.ts', line: 12, ... }
 */
export function parseStack(err: unknown, frameworkRoot: string = FRAMEWORK_ROOT): StackFrame[] {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const frames: StackFrame[] = [];
  for (const text of stack.split('\n')) {
    const m = FRAME_RE.exec(text);
    if (!m) continue;
    let file = m[2]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        // Leave odd URLs as they are.
      }
    }
    const line = Number(m[3]);
    const column = Number(m[4]);
    const source = file.startsWith('/') ? readLines(file) : null;
    const contextStart = Math.max(1, line - CONTEXT_LINES);
    const context = source ? source.slice(contextStart - 1, line + CONTEXT_LINES) : [];
    frames.push({ fn: m[1] ?? '<anonymous>', file, line, column, library: isLibraryFile(file, frameworkRoot), contextStart, context });
  }
  return frames;
}
