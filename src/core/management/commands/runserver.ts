// `reinhardt runserver [addr:port]`: the development server, reloading on file changes.
import { defineCommand } from '../base.ts';
import { runDevServer } from '../../servers/dev-server.ts';
import { serverTarget } from './server-target.ts';

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
    const target = serverTarget(args.addrport, settingsPath, cwd);
    // The watcher and the child keep the process alive; Ctrl-C stops both.
    await runDevServer({
      ...target,
      reload: !options.noreload,
    });
  },
});
