import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { MiddlewareNotUsed } from '../../src/core/exceptions.ts';
import type { GetResponse, ViewFunction } from '../../src/core/handlers/index.ts';
import { HttpResponse } from '../../src/http/index.ts';
import type { HttpRequest } from '../../src/http/request.ts';
import type { HttpResponseBase } from '../../src/http/response.ts';
import { MiddlewareMixin } from '../../src/middleware/index.ts';
import { events } from './fixtures/record-middleware.ts';
import { mapRouter, send, withServer } from './fixtures/test-server.ts';

const hello: ViewFunction = function hello() {
  events.push('view');
  return new HttpResponse('hello');
};

describe('middleware order', () => {
  test('runs MIDDLEWARE entries outermost first on the way in and last on the way out', async () => {
    events.length = 0;
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
    await withServer({}, {
      middleware: ['./record-middleware.ts:recordA', './record-middleware.ts:recordB', './record-middleware.ts'],
      baseDir: fixtures,
      router: mapRouter({ '': hello }),
    }, async (url) => {
      const res = await send(`${url}/`);
      assert.equal(res.body, 'hello');
      assert.deepEqual(events, ['A enter', 'B enter', 'C enter', 'view', 'C exit', 'B exit', 'A exit']);
      // The outermost middleware sees the response last.
      assert.equal(res.headers['x-a'], '7');
      assert.equal(res.headers['x-c'], '5');
    });
  });

  test('builds the chain once, not per request', async () => {
    let built = 0;
    const counting = (getResponse: GetResponse) => {
      built++;
      return (request: HttpRequest) => getResponse(request);
    };
    await withServer({}, { middleware: [counting], router: mapRouter({ '': hello }) }, async (url) => {
      await send(`${url}/`);
      await send(`${url}/`);
      assert.equal(built, 1);
    });
  });

  test('calls processView outermost first and skips the view when one returns a response', async () => {
    const calls: string[] = [];
    class First extends MiddlewareMixin {
      processView(_r: HttpRequest, view: ViewFunction) {
        calls.push(`first ${view.name}`);
      }
    }
    class Second extends MiddlewareMixin {
      processView() {
        calls.push('second');
        return new HttpResponse('from processView');
      }
    }
    await withServer({}, { middleware: [First, Second], router: mapRouter({ '': hello }) }, async (url) => {
      const res = await send(`${url}/`);
      assert.equal(res.body, 'from processView');
      assert.deepEqual(calls, ['first hello', 'second']);
    });
  });

  test('gives a view error to processException innermost first; the first response wins', async () => {
    const calls: string[] = [];
    const outer = (getResponse: GetResponse) =>
      Object.assign((request: HttpRequest) => getResponse(request), {
        processException() {
          calls.push('outer');
          return new HttpResponse('outer handled');
        },
      });
    class Inner extends MiddlewareMixin {
      processException(_request: HttpRequest, error: unknown) {
        calls.push(`inner ${(error as Error).message}`);
        return new HttpResponse('inner handled', { status: 503 });
      }
    }
    const broken: ViewFunction = () => {
      throw new Error('view broke');
    };
    await withServer({}, { middleware: [outer, Inner], router: mapRouter({ '': broken }) }, async (url) => {
      const res = await send(`${url}/`);
      assert.equal(res.status, 503);
      assert.equal(res.body, 'inner handled');
      assert.deepEqual(calls, ['inner view broke']);
    });
  });

  test('lets processTemplateResponse change a deferred response before it renders', async () => {
    class Deferred extends HttpResponse {
      context: Record<string, string> = { name: 'world' };
      isRendered = false;
      render(): void {
        this.content = `hello ${this.context.name}`;
        this.isRendered = true;
      }
    }
    class Renamer extends MiddlewareMixin {
      processTemplateResponse(_request: HttpRequest, response: HttpResponseBase) {
        (response as Deferred).context.name = 'middleware';
        return response;
      }
    }
    await withServer({}, { middleware: [Renamer], router: mapRouter({ '': () => new Deferred() }) }, async (url) => {
      assert.equal((await send(`${url}/`)).body, 'hello middleware');
    });
  });

  test('leaves out a middleware whose factory throws MiddlewareNotUsed', async () => {
    const unused = (): never => {
      throw new MiddlewareNotUsed('not needed here');
    };
    await withServer({}, { middleware: [unused], router: mapRouter({ '': hello }) }, async (url) => {
      assert.equal((await send(`${url}/`)).body, 'hello');
    });
  });

  test('turns an inner error into a response that outer middleware still processes', async () => {
    const stamp = (getResponse: GetResponse) => async (request: HttpRequest) => {
      const response = await getResponse(request);
      response.headers.set('X-Stamped', 'yes');
      return response;
    };
    const failing = () => (): never => {
      throw new Error('inner middleware failed');
    };
    await withServer({}, { middleware: [stamp, failing], router: mapRouter({ '': hello }) }, async (url, errors) => {
      const res = await send(`${url}/`);
      assert.equal(res.status, 500);
      assert.equal(res.headers['x-stamped'], 'yes');
      assert.equal(errors.length, 1);
    });
  });

  test('rejects a factory that returns something other than a middleware', async () => {
    const bad = () => 42;
    await assert.rejects(
      withServer({}, { middleware: [bad as never], router: mapRouter({}) }, async () => {}),
      /Middleware factory bad returned number/,
    );
  });
});
