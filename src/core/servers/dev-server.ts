// `reinhardt runserver`: the development server. This parent process owns the listening socket
// and the file watcher and never loads the project; a child process does (dev-server-child.ts).
// On a change the child is replaced by a warm standby, and connections that arrive meanwhile
// wait in the parent, so a reload drops nothing and takes about the project's import time.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeText } from '../../utils/html.ts';
import { REINHARDT_VERSION } from '../../views/debug/version.ts';
import { DEV_OPTIONS_ENV } from './dev-server-child.ts';
import type { DevChildOptions, DevMessage } from './dev-server-child.ts';
import { watchTree } from './file-watcher.ts';
import type { TreeWatcher } from './file-watcher.ts';
import { PROJECT_APP_MODULE, childExecArgv, siblingModule } from './load-app.ts';
import type { ServerTimeouts } from './server-timeouts.ts';

/** Options for {@link runDevServer}. */
export interface DevServerOptions {
  /** Interface to bind; defaults to `127.0.0.1`. */
  host?: string;
  /** Port to bind; defaults to 8000; `0` picks a free port. */
  port?: number;
  settingsPath?: string;
  /** Folder watched for changes and used to resolve the project; defaults to the cwd. */
  projectRoot?: string;
  /** Restart on file changes; defaults to true (`--noreload` turns it off). */
  reload?: boolean;
  /** App module to serve instead of the project (see `loadApp`). */
  app?: string;
  timeouts?: ServerTimeouts;
  /** Install SIGINT/SIGTERM handlers that stop the server and exit; defaults to true. */
  handleSignals?: boolean;
  /** Where banner and status lines go; defaults to stdout. */
  log?: (line: string) => void;
}

/** A running development server. */
export interface DevServerHandle {
  readonly url: string;
  readonly port: number;
  /** Stop watching, stop the child and close the socket. */
  close(): Promise<void>;
}

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Format the start-up banner.
 *
 * @example
 * formatBanner({ url: 'http://127.0.0.1:8000/', settings: './mysite/settings.ts', root: '/srv/mysite', reload: true, date: new Date() })
 * // November 24, 2026 - 04:12:01
 * // Reinhardt version 0.1.0, using settings './mysite/settings.ts'
 * // Starting development server at http://127.0.0.1:8000/
 * // Watching for file changes in /srv/mysite
 * // Quit the server with CONTROL-C.
 */
export function formatBanner(info: { url: string; settings?: string; root: string; reload: boolean; date: Date }): string {
  const d = info.date;
  const time = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return [
    `${LONG_MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} - ${time}`,
    `Reinhardt version ${REINHARDT_VERSION}, using settings ${info.settings ? `'${info.settings}'` : '(none)'}`,
    `Starting development server at ${info.url}`,
    info.reload ? `Watching for file changes in ${info.root}` : 'Autoreload is off (--noreload).',
    'Quit the server with CONTROL-C.',
  ].join('\n');
}

/**
 * Start the development server and resolve once the socket is bound (the project may still be
 * loading; requests wait for it).
 *
 * Differs from Django: the reloader keeps the port in the parent and hands each connection to
 * the current child, so requests made during a reload wait instead of failing; when the
 * project fails to load, the parent answers with the error until the next change fixes it.
 *
 * @example
 * await runDevServer({ port: 8000, settingsPath: './mysite/settings.ts', reload: true });
 */
export async function runDevServer(options: DevServerOptions = {}): Promise<DevServerHandle> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const root = resolvePath(options.projectRoot ?? process.cwd());
  const reload = options.reload ?? true;
  const childOptions: DevChildOptions = {
    app: options.app ?? PROJECT_APP_MODULE,
    settingsPath: options.settingsPath,
    projectRoot: root,
    timeouts: options.timeouts,
  };
  const childPath = fileURLToPath(siblingModule(import.meta.url, './dev-server-child'));
  const execArgv = childExecArgv();

  let active: ChildProcess | undefined;
  let activeReady = false;
  let standby: ChildProcess | undefined;
  let failure: string | undefined;
  let closed = false;
  let bannerShown = false;
  let reloadStarted = 0;
  const pending: Socket[] = [];

  const spawnChild = (): ChildProcess => {
    const child = fork(childPath, [], {
      execArgv,
      env: { ...process.env, [DEV_OPTIONS_ENV]: JSON.stringify(childOptions) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    child.on('error', () => undefined);
    return child;
  };

  // Answers requests while the project cannot load.
  const fallback = createHttpServer((_req, res) => {
    const body = `<!doctype html><meta charset="utf-8"><title>Project failed to load</title>` +
      `<body style="font:14px/1.5 system-ui;margin:2em"><h1 style="color:#b00020">The project failed to load</h1>` +
      `<p>Fix the error below and save; the development server reloads on the next change.</p>` +
      `<pre style="background:#f6f6f6;padding:1em;overflow:auto">${escapeText(failure ?? 'The server process stopped.')}</pre></body>`;
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  });

  const dispatch = (socket: Socket): void => {
    if (active && activeReady && active.connected) {
      active.send({ type: 'socket' } satisfies DevMessage, socket, { keepOpen: false }, (err) => {
        if (err) socket.destroy();
      });
    } else if (failure !== undefined && !active) {
      fallback.emit('connection', socket);
      socket.resume();
    } else {
      pending.push(socket);
    }
  };

  const activate = (): void => {
    const child = standby ?? spawnChild();
    standby = undefined;
    active = child;
    activeReady = false;
    child.on('message', (msg: DevMessage) => {
      if (child !== active) return;
      if (msg.type === 'ready') {
        activeReady = true;
        failure = undefined;
        if (!bannerShown) {
          bannerShown = true;
          log(formatBanner({ url: `${url}/`, settings: msg.settingsName ?? options.settingsPath, root, reload, date: new Date() }));
        } else {
          log(`Reloaded in ${Date.now() - reloadStarted} ms.`);
        }
        for (const socket of pending.splice(0)) dispatch(socket);
        if (reload && !closed) standby ??= spawnChild();
      } else if (msg.type === 'failed') {
        failure = msg.message;
        if (!bannerShown) {
          bannerShown = true;
          log(formatBanner({ url: `${url}/`, settings: options.settingsPath, root, reload, date: new Date() }));
        }
      }
    });
    child.once('exit', (code, signal) => {
      if (child !== active || closed) return;
      active = undefined;
      activeReady = false;
      failure ??= `The server process exited (${signal ?? `code ${code}`}).`;
      log(`${failure.split('\n')[0]}\nWaiting for a file change to reload...`);
      for (const socket of pending.splice(0)) dispatch(socket);
      if (reload && !closed) standby ??= spawnChild();
    });
    child.send({ type: 'start' } satisfies DevMessage);
  };

  const netServer = createNetServer({ pauseOnConnect: true }, dispatch);
  await new Promise<void>((resolve, reject) => {
    netServer.once('error', reject);
    netServer.listen(options.port ?? 8000, options.host ?? '127.0.0.1', () => {
      netServer.off('error', reject);
      resolve();
    });
  });
  const address = netServer.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;

  activate();

  let watcher: TreeWatcher | undefined;
  if (reload) {
    watcher = watchTree(root, {
      onChange: (file) => {
        if (closed) return;
        log(`${file} changed, reloading.`);
        reloadStarted = Date.now();
        const old = active;
        active = undefined;
        failure = undefined;
        old?.kill('SIGKILL');
        activate();
      },
    });
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      closed = true;
      watcher?.close();
      for (const child of [active, standby]) child?.kill('SIGKILL');
      for (const socket of pending.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => netServer.close(() => resolve()));
      fallback.close();
    })();
    return closing;
  };
  if (options.handleSignals ?? true) {
    const stop = (): void => void close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return { url, port: address.port, close };
}
