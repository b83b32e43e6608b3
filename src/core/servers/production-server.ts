// `reinhardt serve`: the production server. One process serves directly; with `workers > 1`
// a node:cluster primary forks the workers (each runs serve-worker.ts), restarts crashed ones
// and, on SIGTERM/SIGINT, asks every worker to finish its in-flight requests before exiting.
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PROJECT_APP_MODULE, childExecArgv, loadApp, siblingModule } from './load-app.ts';
import { startHttpServer } from './http-server.ts';
import { resolveTimeouts } from './server-timeouts.ts';
import type { ServerTimeouts } from './server-timeouts.ts';

/** Options for {@link serve}. */
export interface ServeOptions {
  /** Interface to bind; defaults to `127.0.0.1` (use `0.0.0.0` behind a proxy or in a container). */
  host?: string;
  /** Port to bind; defaults to 8000; `0` picks a free port. */
  port?: number;
  /** Worker processes; defaults to 1 (serve in this process); `0` means one per CPU. */
  workers?: number;
  settingsPath?: string;
  projectRoot?: string;
  timeouts?: ServerTimeouts;
  /** App module to serve instead of the project (see `loadApp`). */
  app?: string;
  /** Install SIGTERM/SIGINT handlers that shut down gracefully and exit; defaults to true. */
  handleSignals?: boolean;
  /** Where status lines go; defaults to stdout. */
  log?: (line: string) => void;
}

/** A running production server returned by {@link serve}. */
export interface ServeHandle {
  readonly url: string;
  readonly port: number;
  readonly workers: number;
  /** Shut down gracefully: finish in-flight requests, then stop (workers exit). */
  close(): Promise<void>;
}

/** Serialised options a cluster worker reads from its environment. */
export interface WorkerOptions {
  host: string;
  port: number;
  settingsPath?: string;
  projectRoot?: string;
  timeouts: Required<ServerTimeouts>;
  app: string;
}

/** The environment variable carrying {@link WorkerOptions} to cluster workers. */
export const WORKER_OPTIONS_ENV = 'REINHARDT_SERVE_WORKER';

/** Messages between the primary and workers. */
export type WorkerMessage =
  | { type: 'reinhardt:listening'; port: number }
  | { type: 'reinhardt:failed'; message: string }
  | { type: 'reinhardt:shutdown' };

function onSignals(handler: () => void): () => void {
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}

/**
 * Start the production server and resolve once it is listening.
 *
 * With `workers` above 1, this process becomes a cluster primary that forks the workers, forks
 * a replacement when one dies, and on SIGTERM sends each a shutdown message; a worker stops
 * accepting, finishes its in-flight requests (answered with `Connection: close`), closes idle
 * keep-alive connections and exits. The primary exits when all workers are gone.
 *
 * Differs from Django: Django has no production server; this takes the role of gunicorn with
 * `--workers`, `--keep-alive`, `--timeout` and `--graceful-timeout`.
 *
 * @example
 * await serve({ host: '0.0.0.0', port: 8000, workers: 4, settingsPath: './mysite/settings.ts' });
 * // Reinhardt serving http://0.0.0.0:8000 with 4 workers (primary pid 4242)
 */
export async function serve(options: ServeOptions = {}): Promise<ServeHandle> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const timeouts = resolveTimeouts(options.timeouts);
  const workerOptions: WorkerOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8000,
    settingsPath: options.settingsPath,
    projectRoot: options.projectRoot,
    timeouts,
    app: options.app ?? PROJECT_APP_MODULE,
  };
  const count = options.workers === 0 ? availableParallelism() : Math.max(1, options.workers ?? 1);
  const handleSignals = options.handleSignals ?? true;
  return count === 1
    ? serveInProcess(workerOptions, handleSignals, log)
    : serveCluster(workerOptions, count, handleSignals, log);
}

async function serveInProcess(opts: WorkerOptions, handleSignals: boolean, log: (line: string) => void): Promise<ServeHandle> {
  const app = await loadApp(opts.app, { settingsPath: opts.settingsPath, projectRoot: opts.projectRoot, dev: false });
  const running = await startHttpServer(app.listener, { ...opts, debug: app.debug ?? false });
  log(`Reinhardt serving ${running.url} (pid ${process.pid})`);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= running.shutdown().then(() => app.close?.());
    return closed;
  };
  if (handleSignals) {
    onSignals(() => {
      log('Shutting down: finishing in-flight requests...');
      void close().then(() => process.exit(0));
    });
  }
  return { url: running.url, port: running.port, workers: 1, close };
}

async function serveCluster(
  opts: WorkerOptions,
  count: number,
  handleSignals: boolean,
  log: (line: string) => void,
): Promise<ServeHandle> {
  cluster.setupPrimary({
    exec: fileURLToPath(siblingModule(import.meta.url, './serve-worker')),
    execArgv: childExecArgv(),
  });
  let stopping = false;
  // Every worker asks for the same address (even port 0): the cluster primary keys its shared
  // listening handle on it, so they all get the one port.
  const env = (): Record<string, string> => ({ [WORKER_OPTIONS_ENV]: JSON.stringify(opts) });
  const live = new Set<Worker>();

  const fork = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const startedAt = Date.now();
      const worker = cluster.fork(env());
      live.add(worker);
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'reinhardt:listening') resolve(msg.port);
        else if (msg.type === 'reinhardt:failed') reject(new Error(`Worker ${worker.process.pid} failed to start: ${msg.message}`));
      });
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        if (stopping) return;
        reject(new Error(`Worker ${worker.process.pid} exited during start-up (${signal ?? code})`));
        log(`Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting a replacement`);
        // A worker that dies right after starting is likely to die again: back off.
        const delay = Date.now() - startedAt < 1000 ? 1000 : 0;
        setTimeout(() => {
          if (!stopping) fork().catch((err: unknown) => log(String(err instanceof Error ? err.message : err)));
        }, delay).unref();
      });
    });

  let port: number;
  try {
    const ports = await Promise.all(Array.from({ length: count }, fork));
    port = ports[0]!;
  } catch (err) {
    stopping = true;
    for (const w of live) w.kill();
    throw err;
  }
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shownHost}:${port}`;
  log(`Reinhardt serving ${url} with ${count} workers (primary pid ${process.pid})`);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      stopping = true;
      const finish = (): void => {
        if (live.size > 0) return;
        clearTimeout(hardStop);
        cluster.off('exit', finish);
        resolve();
      };
      // Workers that ignore the shutdown message are killed, and close() resolves regardless.
      const hardStop = setTimeout(() => {
        for (const w of live) w.process.kill('SIGKILL');
        setTimeout(resolve, 500).unref();
      }, opts.timeouts.shutdown + 2000);
      hardStop.unref();
      // A worker's own 'exit' listener (which updates `live`) runs before the cluster's.
      cluster.on('exit', finish);
      for (const w of live) {
        if (w.isConnected()) w.send({ type: 'reinhardt:shutdown' } satisfies WorkerMessage);
        else w.process.kill('SIGTERM');
      }
      finish();
    });
    return closed;
  };
  if (handleSignals) {
    onSignals(() => {
      log('Shutting down: workers are finishing in-flight requests...');
      void close().then(() => process.exit(0));
    });
  }
  return { url, port, workers: count, close };
}
