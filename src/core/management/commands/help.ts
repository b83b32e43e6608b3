// `reinhardt help [command]`: list every command (built-in and apps') or show one's help.
import { defineCommand, formatCommandHelp, CommandError } from '../base.ts';
import { appCommands, builtinCommands, loadAppCommand } from '../registry.ts';
import { setup } from '../../setup.ts';
import { didYouMean } from '../../../utils/suggest.ts';

export default defineCommand({
  help: 'List the available commands, or show the help of one.',
  args: [{ name: 'command', help: 'the command to describe', optional: true }],
  requiresSetup: false,
  async handle({ args, stdout, stderr, settingsPath, cwd }) {
    let projectError: string | undefined;
    try {
      await setup({ settings: settingsPath, cwd });
    } catch (err) {
      projectError = (err as Error).message;
    }
    const fromApps = appCommands();
    const name = args.command;
    if (name) {
      const builtin = builtinCommands[name];
      const app = fromApps.get(name);
      if (!builtin && !app) throw new CommandError(`Unknown command '${name}'${didYouMean(name, [...Object.keys(builtinCommands), ...fromApps.keys()])}`);
      stdout.write(formatCommandHelp(name, builtin ? await builtin() : await loadAppCommand(app!)));
      return;
    }
    const lines = ["Type 'reinhardt help <command>' for help on a command.", '', 'Available commands:', '', '[reinhardt]'];
    for (const n of Object.keys(builtinCommands).sort()) {
      lines.push(`    ${n.padEnd(18)}${(await builtinCommands[n]!()).help.split('\n')[0]}`);
    }
    const byApp = new Map<string, string[]>();
    for (const [n, c] of fromApps) byApp.set(c.app, [...(byApp.get(c.app) ?? []), n]);
    for (const [app, names] of byApp) {
      lines.push('', `[${app}]`);
      for (const n of names) lines.push(`    ${n.padEnd(18)}${(await loadAppCommand(fromApps.get(n)!)).help.split('\n')[0]}`);
    }
    stdout.write(lines.join('\n') + '\n');
    if (projectError) stderr.write(`\nNote: app commands are not listed because the project could not be loaded: ${projectError}\n`);
  },
});
