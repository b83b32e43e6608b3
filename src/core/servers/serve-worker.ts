// Entry module of a `reinhardt serve` cluster worker: read the options the primary put in the
// environment, load the app, listen (sharing the primary's port), report the port, and shut
// down gracefully on the primary's message or on SIGTERM/SIGINT.
import cluster from 'node:cluster';
import { loadApp } from './load-app.ts';
import { startHttpServer } from './http-server.ts';
import { WORKER_OPTIONS_ENV } from './production-server.ts';
import type { WorkerMessage, WorkerOptions } from './production-server.ts';

/** Run this process as a serve worker (called on import when the process is a cluster worker). */
export async function runServeWorker(): Promise<void> {
  const send = (msg: WorkerMessage): void => {
    if (process.connected) process.send!(msg);
  };
  try {
    const opts = JSON.parse(process.env[WORKER_OPTIONS_ENV] ?? '') as WorkerOptions;
    const app = await loadApp(opts.app, { settingsPath: opts.settingsPath, projectRoot: opts.projectRoot, dev: false });
    const running = await startHttpServer(app.listener, { ...opts, debug: app.debug ?? false });
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void running.shutdown().then(async () => {
        await app.close?.();
        process.exit(0);
      });
    };
    process.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'reinhardt:shutdown') stop();
    });
    // Ctrl-C reaches every process of the group: finish the in-flight requests instead of dying.
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // If the primary vanishes, nobody will tell us to stop; do it ourselves.
    process.on('disconnect', stop);
    send({ type: 'reinhardt:listening', port: running.port });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    send({ type: 'reinhardt:failed', message: err instanceof Error ? err.message : String(err) });
    process.exitCode = 1;
    process.disconnect?.();
  }
}

if (cluster.isWorker) await runServeWorker();
