// Entry module of a development-server child process. The parent (dev-server.ts) owns the
// listening socket and the file watcher; a child loads the project once, then serves the
// connections the parent hands it over IPC, logging one line per request. A child can start
// in standby (framework loaded, project not yet) so a reload only pays for the project import.
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { loadApp, PROJECT_APP_MODULE } from './load-app.ts';
import { withRequestLog } from './request-log.ts';
import { applyTimeouts, resolveTimeouts } from './server-timeouts.ts';
import type { ServerTimeouts } from './server-timeouts.ts';

/** Options the parent passes in {@link DEV_OPTIONS_ENV}. */
export interface DevChildOptions {
  app: string;
  settingsPath?: string;
  projectRoot?: string;
  timeouts?: ServerTimeouts;
}

/** The environment variable carrying {@link DevChildOptions}. */
export const DEV_OPTIONS_ENV = 'REINHARDT_DEV_SERVER';

/** Messages between the development server parent and its children. */
export type DevMessage =
  | { type: 'start' }
  | { type: 'socket' }
  | { type: 'ready'; debug: boolean; settingsName?: string }
  | { type: 'failed'; message: string };

/** Run this process as a development-server child (called on import when forked with IPC). */
export async function runDevChild(): Promise<void> {
  const opts = JSON.parse(process.env[DEV_OPTIONS_ENV] ?? '{}') as DevChildOptions;
  const send = (msg: DevMessage): void => {
    if (process.connected) process.send!(msg);
  };
  // Standby work: load the framework (not the project) while waiting to be activated. The
  // message handler below is installed first so an early 'start' is not lost.
  const preloaded = opts.app === PROJECT_APP_MODULE ? import(opts.app).catch(() => undefined) : Promise.resolve();

  const server = createServer({ keepAlive: true, noDelay: true });
  applyTimeouts(server, resolveTimeouts(opts.timeouts));
  let ready = false;
  const queued: Socket[] = [];
  const accept = (socket: Socket): void => {
    server.emit('connection', socket);
    socket.resume();
  };

  process.on('message', (msg: DevMessage, handle?: Socket) => {
    if (msg.type === 'socket' && handle) {
      if (ready) accept(handle);
      else queued.push(handle);
    } else if (msg.type === 'start') {
      void start();
    }
  });
  process.on('disconnect', () => process.exit(0));

  async function start(): Promise<void> {
    await preloaded;
    try {
      const app = await loadApp(opts.app, { settingsPath: opts.settingsPath, projectRoot: opts.projectRoot, dev: true });
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      server.on('request', withRequestLog(app.listener, log));
      server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
        if (socket.writable && socket.bytesWritten === 0) {
          const body = `Bad Request: ${err.code ?? ''} ${err.message}\n`;
          socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
          log(`Bad request from the client: ${err.code ?? ''} ${err.message}`);
        } else {
          socket.destroy();
        }
      });
      ready = true;
      for (const socket of queued.splice(0)) accept(socket);
      send({ type: 'ready', debug: app.debug ?? true, settingsName: app.settingsName });
    } catch (err) {
      process.stderr.write(`\nError while loading the project:\n${err instanceof Error ? err.stack : String(err)}\n`);
      send({ type: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err) });
      process.exitCode = 1;
      process.disconnect();
    }
  }
}

if (process.send && process.env[DEV_OPTIONS_ENV]) await runDevChild();
