// `reinhardt runserver [addr:port]`: the development server, reloading on file changes.
import { defineCommand, CommandError } from '../base.ts';
import { runDevServer } from '../../servers/dev-server.ts';
import { parseAddrPort } from '../../servers/parse-addrport.ts';
import { findSettingsModule } from '../../setup.ts';

export default defineCommand({
  help: 'Start the development server; it restarts when a project file changes.',
  args: [{ name: 'addrport', help: 'port or address:port to listen on (default 127.0.0.1:8000)', optional: true }],
  options: {
    noreload: { type: 'boolean', help: 'do not restart on file changes' },
  },
  // The server's child process loads the project itself, so a broken project still gets a
  // banner and a reload when it is fixed.
  requiresSetup: false,
  async handle({ args, options, settingsPath, cwd }) {
    let addr;
    try {
      addr = parseAddrPort(args.addrport);
    } catch (err) {
      throw new CommandError((err as Error).message, 2);
    }
    const { path, root } = findSettingsModule({ settings: settingsPath, cwd });
    // The watcher and the child keep the process alive; Ctrl-C stops both.
    await runDevServer({
      host: addr.host,
      port: addr.port,
      settingsPath: path,
      projectRoot: root,
      reload: !options.noreload,
    });
  },
});
