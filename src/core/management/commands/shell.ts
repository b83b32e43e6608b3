// `reinhardt shell`: a REPL with settings, the app registry and every model loaded.
import repl from 'node:repl';
import { defineCommand } from '../base.ts';
import { settings } from '../../../conf/settings.ts';
import { apps } from '../../../apps/registry.ts';

/** The names a shell session starts with: settings, apps, and each model by its export name. */
export function shellContext(): Record<string, unknown> {
  const ctx: Record<string, unknown> = { settings, apps };
  for (const config of apps.getAppConfigs()) {
    for (const [name, value] of Object.entries(config.modelsModule ?? {})) {
      if ([...config.models.values()].includes(value)) ctx[name] = value;
    }
  }
  return ctx;
}

export default defineCommand({
  help: 'Start an interactive shell with the project loaded (top-level await works).',
  options: {
    command: { type: 'string', short: 'c', help: 'run this code and exit instead of starting the REPL' },
  },
  async handle({ options, stdout, stdin }) {
    const context = shellContext();
    if (options.command !== undefined) {
      const names = Object.keys(context);
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
      const body = /^\s*(return|const|let|var|for|if|await\s+\w+\s*\(|\{)/.test(options.command) || options.command.includes(';')
        ? options.command
        : `return (${options.command});`;
      const result = await new AsyncFunction(...names, body)(...names.map((n) => context[n]));
      if (result !== undefined) stdout.write(`${typeof result === 'string' ? result : JSON.stringify(result, null, 2) ?? String(result)}\n`);
      return;
    }
    stdout.write(`Reinhardt shell. In scope: ${Object.keys(context).join(', ')}\n`);
    const server = repl.start({ prompt: '>>> ', input: stdin, output: stdout, useGlobal: false, terminal: (stdin as { isTTY?: boolean }).isTTY ?? false });
    Object.assign(server.context, context);
    await new Promise<void>((resolve) => server.on('exit', () => resolve()));
  },
});
