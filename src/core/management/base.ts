// The management command base: `defineCommand` declares a command's help, positional
// arguments and typed options once; the CLI parses argv against it. Layer 2.
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { ReinhardtError } from '../exceptions.ts';
import { didYouMean } from '../../utils/suggest.ts';

/** One `--option` of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  /** One-letter alias, e.g. `'v'` for `-v`. */
  short?: string;
  /** Repeatable: the value is an array. */
  multiple?: boolean;
  default?: string | boolean | number | string[];
  /** Allowed values (string options). */
  choices?: readonly string[];
  help: string;
}

/** One positional argument. */
export interface ArgSpec {
  name: string;
  help: string;
  optional?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

type OptionValue<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['type'] extends 'number'
    ? S['multiple'] extends true ? number[] : number
    : S['multiple'] extends true ? string[] : S['choices'] extends readonly (infer C)[] ? C : string;

/** The parsed options of a command, typed from its declaration. */
export type ParsedOptions<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K] extends { default: unknown } | { type: 'boolean' } | { multiple: true }
    ? OptionValue<O[K]>
    : OptionValue<O[K]> | undefined;
};

/** What a command's `handle` receives. */
export interface CommandContext<O extends Record<string, OptionSpec>> {
  options: ParsedOptions<O>;
  /** Positional arguments by name (variadic ones as arrays joined in `rest`). */
  args: Record<string, string | undefined>;
  /** Every positional argument in order. */
  rest: string[];
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream;
  /** The working directory the command runs in. */
  cwd: string;
  /** Global options: `--settings` path, if given. */
  settingsPath: string | undefined;
}

/** A command, as `defineCommand` returns it. */
export interface Command<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  readonly isCommand: symbol;
  help: string;
  args: ArgSpec[];
  options: O;
  /** Load settings and apps before `handle` (default true). */
  requiresSetup: boolean;
  handle(ctx: CommandContext<O>): Promise<number | void> | number | void;
}

/** An error a command raises to stop with a message and an exit code (no stack trace). */
export class CommandError extends ReinhardtError {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message, 'command_error');
    this.exitCode = exitCode;
  }
}

const COMMAND_BRAND = Symbol.for('reinhardt.Command');

/**
 * Declare a management command. Put it in an app's `commands/<name>.ts` as the default export
 * and it becomes `reinhardt <name>`.
 *
 * @example
 * export default defineCommand({
 *   help: 'Close the given polls.',
 *   args: [{ name: 'pollIds', help: 'ids of the polls', variadic: true }],
 *   options: { delete: { type: 'boolean', help: 'delete instead of closing' } },
 *   async handle({ rest, options, stdout }) {
 *     for (const id of rest) stdout.write(`Closed poll ${id}${options.delete ? ' (deleted)' : ''}\n`);
 *   },
 * });
 */
export function defineCommand<const O extends Record<string, OptionSpec> = Record<never, OptionSpec>>(def: {
  help: string;
  args?: ArgSpec[];
  options?: O;
  requiresSetup?: boolean;
  handle(ctx: CommandContext<O>): Promise<number | void> | number | void;
}): Command<O> {
  return {
    isCommand: COMMAND_BRAND,
    help: def.help,
    args: def.args ?? [],
    options: (def.options ?? {}) as O,
    requiresSetup: def.requiresSetup ?? true,
    handle: def.handle,
  };
}

/** Whether a module's default export is a command made by `defineCommand`. */
export function isCommand(value: unknown): value is Command {
  return typeof value === 'object' && value !== null && (value as { isCommand?: unknown }).isCommand === COMMAND_BRAND;
}

/**
 * Parse a command's argv (after the command name) into typed options and positional args.
 * Errors name the command and the offending option.
 */
export function parseCommandArgs<O extends Record<string, OptionSpec>>(
  name: string,
  command: Command<O>,
  argv: string[],
): { options: ParsedOptions<O>; args: Record<string, string | undefined>; rest: string[] } {
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [key, o] of Object.entries(command.options)) {
    spec[key] = { type: o.type === 'boolean' ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    const m = /Unknown option '(-{1,2})([^']+)'/.exec((err as Error).message);
    if (m) throw new CommandError(`${name}: unknown option '${m[1]}${m[2]}'${didYouMean(m[2]!, Object.keys(command.options))}`, 2);
    throw new CommandError(`${name}: ${(err as Error).message}`, 2);
  }
  const options: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(command.options)) {
    let value = parsed.values[key];
    if (value === undefined) value = o.default ?? (o.type === 'boolean' ? false : o.multiple ? [] : undefined);
    else if (o.type === 'number') {
      const conv = (v: unknown) => {
        const n = Number(v);
        if (String(v).trim() === '' || !Number.isFinite(n)) throw new CommandError(`${name}: --${key} expects a number, got '${String(v)}'`, 2);
        return n;
      };
      value = Array.isArray(value) ? value.map(conv) : conv(value);
    }
    if (o.choices && value !== undefined && !o.choices.includes(String(value))) {
      throw new CommandError(`${name}: --${key} must be one of ${o.choices.join(', ')}, got '${String(value)}'`, 2);
    }
    options[key] = value;
  }
  const rest = parsed.positionals;
  const args: Record<string, string | undefined> = {};
  const required = command.args.filter((a) => !a.optional && !a.variadic).length;
  if (rest.length < required) {
    const missing = command.args[rest.length]!;
    throw new CommandError(`${name}: missing argument <${missing.name}> (${missing.help})`, 2);
  }
  const variadic = command.args.some((a) => a.variadic);
  if (!variadic && rest.length > command.args.length) {
    throw new CommandError(`${name}: unexpected argument '${rest[command.args.length]}'`, 2);
  }
  command.args.forEach((a, i) => {
    args[a.name] = a.variadic ? rest.slice(i).join(' ') : rest[i];
  });
  return { options: options as ParsedOptions<O>, args, rest };
}

/** Render a command's usage and options as help text. */
export function formatCommandHelp(name: string, command: Command): string {
  const argList = command.args.map((a) => (a.variadic ? `[${a.name}...]` : a.optional ? `[${a.name}]` : `<${a.name}>`)).join(' ');
  const lines = [`usage: reinhardt ${name}${Object.keys(command.options).length ? ' [options]' : ''}${argList ? ' ' + argList : ''}`, '', command.help];
  if (command.args.length) {
    lines.push('', 'arguments:');
    for (const a of command.args) lines.push(`  ${a.name.padEnd(24)}${a.help}`);
  }
  const opts = Object.entries(command.options);
  if (opts.length) {
    lines.push('', 'options:');
    for (const [key, o] of opts) {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${key}${o.type === 'boolean' ? '' : ` <${o.type === 'number' ? 'n' : 'value'}>`}`;
      const def = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
      lines.push(`  ${flag.padEnd(24)}${o.help}${def}`);
    }
  }
  lines.push('', 'global options:', `  ${'--settings <path>'.padEnd(24)}the settings module (default: package.json "reinhardt.settings" or REINHARDT_SETTINGS)`, `  ${'--traceback'.padEnd(24)}show the full stack of an error`);
  return lines.join('\n') + '\n';
}
