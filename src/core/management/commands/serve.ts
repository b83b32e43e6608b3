// `reinhardt serve [addr:port]`: the production server, optionally over several workers.
import { defineCommand, CommandError } from '../base.ts';
import { serve } from '../../servers/production-server.ts';
import { serverTarget } from './server-target.ts';
import type { ServerTimeouts } from '../../servers/server-timeouts.ts';

export default defineCommand({
  help: 'Start the production server (graceful shutdown on SIGTERM).',
  args: [{ name: 'addrport', help: 'port or address:port to listen on (default 127.0.0.1:8000)', optional: true }],
  options: {
    workers: { type: 'number', short: 'w', default: 1, help: 'worker processes (0 = one per CPU)' },
    'keep-alive-timeout': { type: 'number', help: 'how long an idle keep-alive connection stays open, in ms' },
    'headers-timeout': { type: 'number', help: 'time allowed to receive the request headers, in ms' },
    'request-timeout': { type: 'number', help: 'time allowed to receive the whole request, in ms' },
    'shutdown-timeout': { type: 'number', help: 'how long SIGTERM waits for in-flight requests, in ms' },
  },
  requiresSetup: false,
  async handle({ args, options, settingsPath, cwd }) {
    const target = serverTarget(args.addrport, settingsPath, cwd);
    if (!Number.isInteger(options.workers) || options.workers < 0) {
      throw new CommandError(`serve: --workers must be a whole number >= 0, got ${options.workers}`, 2);
    }
    const timeouts: ServerTimeouts = {};
    if (options['keep-alive-timeout'] !== undefined) timeouts.keepAlive = options['keep-alive-timeout'];
    if (options['headers-timeout'] !== undefined) timeouts.headers = options['headers-timeout'];
    if (options['request-timeout'] !== undefined) timeouts.request = options['request-timeout'];
    if (options['shutdown-timeout'] !== undefined) timeouts.shutdown = options['shutdown-timeout'];
    // The listening server keeps the process alive; SIGTERM/SIGINT shut it down gracefully.
    await serve({ ...target, workers: options.workers, timeouts });
  },
});
