// The `reinhardt` entry point: re-exports the most used public API.
export { SafeString, markSafe, isSafe } from './utils/safestring.ts';
export { escape, conditionalEscape, formatHtml } from './utils/html.ts';
export { settings, defineSettings, configure, overrideSettings } from './conf/index.ts';
export { apps, AppConfig } from './apps/index.ts';
export { setup } from './core/setup.ts';
export { Signal } from './core/signals.ts';
export { defineCommand, CommandError } from './core/management/index.ts';
export * from './core/exceptions.ts';
export { HttpRequest, HttpResponse, JsonResponse, HttpResponseRedirect, StreamingHttpResponse, FileResponse } from './http/index.ts';
export { path, rePath, include, reverse, resolve } from './urls/index.ts';
export { render, redirect, getObjectOr404, getListOr404 } from './shortcuts/index.ts';
