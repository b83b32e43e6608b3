// The `reinhardt` command line: global options, command lookup (built-in and app commands),
// project setup, argument parsing and error reporting. Layer 7.
import { setup } from '../core/setup.ts';
import { builtinCommands, appCommands, loadAppCommand } from '../core/management/registry.ts';
import { CommandError, formatCommandHelp, parseCommandArgs, type Command } from '../core/management/base.ts';
import { ReinhardtError } from '../core/exceptions.ts';
import { didYouMean } from '../utils/suggest.ts';

/** Streams and working directory for one CLI run (tests pass their own). */
export interface CliIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
  cwd?: string;
}

function takeGlobal(argv: string[]): { settings?: string; traceback: boolean; rest: string[] } {
  const rest: string[] = [];
  let settings: string | undefined;
  let traceback = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--settings') settings = argv[++i];
    else if (a.startsWith('--settings=')) settings = a.slice('--settings='.length);
    else if (a === '--traceback') traceback = true;
    else rest.push(a);
  }
  return { settings, traceback, rest };
}

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit code.
 *
 * @example
 * process.exitCode = await main(['check', '--deploy']);
 */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = (io.stdout ?? process.stdout) as NodeJS.WritableStream & import('node:stream').Writable;
  const stderr = (io.stderr ?? process.stderr) as NodeJS.WritableStream & import('node:stream').Writable;
  const cwd = io.cwd ?? process.cwd();
  const { settings: settingsPath, traceback, rest } = takeGlobal(argv);
  let [name, ...args] = rest;
  if (name === undefined || name === '--help' || name === '-h') name = 'help';
  if (name === '--version') name = 'version';
  try {
    let command: Command;
    const builtin = builtinCommands[name];
    if (builtin) {
      command = await builtin();
      if (command.requiresSetup) await setup({ settings: settingsPath, cwd });
    } else {
      await setup({ settings: settingsPath, cwd });
      const fromApp = appCommands().get(name);
      if (!fromApp) {
        const known = [...Object.keys(builtinCommands), ...appCommands().keys()];
        throw new CommandError(`Unknown command '${name}'${didYouMean(name, known)}\nType 'reinhardt help' for the list of commands.`, 1);
      }
      command = await loadAppCommand(fromApp);
    }
    if (args.includes('--help') || args.includes('-h')) {
      stdout.write(formatCommandHelp(name, command));
      return 0;
    }
    const parsed = parseCommandArgs(name, command, args);
    const code = await command.handle({
      ...parsed,
      stdout,
      stderr,
      stdin: io.stdin ?? process.stdin,
      cwd,
      settingsPath,
    });
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (traceback || !(err instanceof ReinhardtError)) {
      stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    } else {
      stderr.write(`${err instanceof CommandError ? '' : `${err.name}: `}${err.message}\n`);
    }
    return err instanceof CommandError ? err.exitCode : 1;
  }
}
