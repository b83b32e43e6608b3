// Reinhardt's HTTP servers: `runserver` (development, autoreload) and `serve` (production).
export { runDevServer, formatBanner } from './dev-server.ts';
export type { DevServerOptions, DevServerHandle } from './dev-server.ts';
export { serve } from './production-server.ts';
export type { ServeOptions, ServeHandle } from './production-server.ts';
export { startHttpServer } from './http-server.ts';
export type { HttpServerOptions, RunningServer } from './http-server.ts';
export { DEFAULT_TIMEOUTS, resolveTimeouts } from './server-timeouts.ts';
export type { ServerTimeouts } from './server-timeouts.ts';
export { loadApp, PROJECT_APP_MODULE } from './load-app.ts';
export type { AppFactory, AppLoadOptions, LoadedApp } from './load-app.ts';
export { formatRequestLogLine, withRequestLog } from './request-log.ts';
export { watchTree } from './file-watcher.ts';
export { parseAddrPort } from './parse-addrport.ts';
export type { AddrPort } from './parse-addrport.ts';
