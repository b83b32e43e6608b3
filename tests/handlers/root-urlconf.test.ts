import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CommonMiddleware } from '../../src/middleware/index.ts';
import { send, withServer } from './fixtures/test-server.ts';

const project = fileURLToPath(new URL('./fixtures/project/', import.meta.url));
const settings = { BASE_DIR: project, ROOT_URLCONF: './urls.ts' };

describe('ROOT_URLCONF', () => {
  test('routes through the project URLconf, string includes and converters', async () => {
    await withServer(settings, { middleware: [CommonMiddleware] }, async (url) => {
      assert.equal((await send(`${url}/`)).body, 'home');
      assert.equal((await send(`${url}/polls/`)).body, 'polls index');
      assert.equal((await send(`${url}/polls/7/`)).body, 'poll 7');
      assert.equal((await send(`${url}/articles/2025/`)).body, 'year 2026');
      const redirect = await send(`${url}/polls/7`);
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers.location, '/polls/7/');
    });
  });

  test('uses the URLconf handler404 without DEBUG and lists the tried patterns with it', async () => {
    await withServer(settings, {}, async (url) => {
      const res = await send(`${url}/nowhere/`);
      assert.equal(res.status, 404);
      assert.equal(res.body, 'custom 404 from the URLconf');
    });
    await withServer({ ...settings, DEBUG: true }, {}, async (url) => {
      const res = await send(`${url}/polls/x/`);
      assert.equal(res.status, 404);
      assert.match(res.body, /Using the URLconf defined in <code>\.\/urls\.ts<\/code>/);
      assert.match(res.body, /<li>polls\/ &lt;int:id&gt;\/ \[name=&#x27;detail&#x27;\]<\/li>/);
      assert.match(res.body, /<li>articles\/&lt;int:year&gt;\/ \[name=&#x27;articles&#x27;\]<\/li>/);
    });
  });
});
