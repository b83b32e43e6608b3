// The bridge from node:http to the handler: build the handler once from settings, then per
// request wrap node's IncomingMessage in an HttpRequest, run the chain, and write the response.
// This is the listener `runserver` and `serve` use.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { settings } from '../../conf/index.ts';
import { requestFinished, requestStarted } from '../signals.ts';
import { HttpRequest } from '../../http/request.ts';
import type { HttpResponseBase } from '../../http/response.ts';
import { writeToNode } from '../../http/write-to-node.ts';
import { BaseHandler } from './base-handler.ts';
import type { HandlerOptions, UrlRouter } from './base-handler.ts';
import { responseForException } from './exception-response.ts';
import type { ExceptionContext } from './exception-response.ts';
import { loadRootRouter, setActiveRouter } from './root-router.ts';

/**
 * Build the request handler from settings (or `options`): the middleware chain from
 * `MIDDLEWARE`, the routing from `ROOT_URLCONF`. Call once at start-up.
 *
 * Differs from Django: settings are read here, once; a test that changes `MIDDLEWARE` or
 * `ROOT_URLCONF` builds a new handler. `DEBUG` is read again at each error.
 *
 * @example
 * const handler = await getHandler();
 * const response = await handler.getResponse(new HttpRequest({ url: '/' }));
 */
export async function getHandler(options: HandlerOptions = {}): Promise<BaseHandler> {
  const router: UrlRouter | null = options.router !== undefined ? options.router : await loadRootRouter();
  setActiveRouter(router);
  const debugOption = options.debug;
  const debug = typeof debugOption === 'function' ? debugOption
    : typeof debugOption === 'boolean' ? () => debugOption
    : () => settings.DEBUG === true;
  const exceptionContext: ExceptionContext = {
    debug,
    settings: options.settings ?? settings,
    handlers: router?.handlers ?? {},
    urlconfName: router?.name,
    noRoutes: () => router === null || router.empty,
    logError: options.logError,
  };
  return BaseHandler.create({
    ...options,
    middleware: options.middleware ?? settings.MIDDLEWARE,
    baseDir: options.baseDir ?? settings.BASE_DIR,
    router,
    exceptionContext,
  });
}

function plain500(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = 'Internal Server Error\n';
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Return a node `(req, res)` listener that runs every request through `handler` (built with
 * {@link getHandler} when not given). Errors never escape: a failure while writing a
 * streamed body destroys that connection only.
 *
 * @example
 * http.createServer(await createNodeListener()).listen(8000);
 */
export async function createNodeListener(options: HandlerOptions & { handler?: BaseHandler } = {}): Promise<RequestListener> {
  const handler = options.handler ?? (await getHandler(options));
  const ctx = handler.exceptionContext;
  const report = (err: unknown): void => {
    if (ctx.logError) ctx.logError('Error while sending a response', err);
    else process.stderr.write(`Error while sending a response\n${err instanceof Error ? err.stack : String(err)}\n`);
  };

  const send = (response: HttpResponseBase, res: ServerResponse, request: HttpRequest | undefined): void => {
    try {
      const pending = writeToNode(response, res, request);
      if (pending) pending.catch(report);
    } catch (err) {
      report(err);
      plain500(res);
    }
  };

  const run = (request: HttpRequest, res: ServerResponse): void => {
    const result = handler.handle(request);
    if (!(result instanceof Promise)) {
      send(result, res, request);
      return;
    }
    result.then(
      (response) => send(response, res, request),
      (err: unknown) => {
        report(err);
        plain500(res);
      },
    );
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    let request: HttpRequest;
    try {
      request = HttpRequest.fromNode(req);
    } catch (err) {
      responseForException(null, err, ctx, req.url).then((response) => send(response, res, undefined), () => plain500(res));
      return;
    }
    if (requestFinished.hasListeners()) {
      res.once('close', () => void requestFinished.sendRobust(null, {}));
    }
    if (requestStarted.hasListeners()) {
      requestStarted.sendRobust(null, { request }).then(() => run(request, res), () => run(request, res));
    } else {
      run(request, res);
    }
  };
}
