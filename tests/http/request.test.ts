import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpRequest } from '../../src/http/request.ts';
import { hostDomain, isSameDomain, splitDomainPort, validateHost } from '../../src/http/host.ts';
import { HttpResponse } from '../../src/http/response.ts';
import { withSettings } from './fixtures/settings.ts';

const req = (url: string, headers: Record<string, string> = {}, extra: { secure?: boolean; method?: string } = {}) =>
  new HttpRequest({ url, headers, ...extra });

describe('HttpRequest basics', () => {
  test('splits path and query; path is decoded; GET is lazy and shared when empty', () => {
    const r = req('/caf%C3%A9/items/?page=2&tag=a&tag=b');
    assert.equal(r.method, 'GET');
    assert.equal(r.path, '/café/items/');
    assert.equal(r.pathInfo, '/café/items/');
    assert.equal(r.queryString, 'page=2&tag=a&tag=b');
    assert.deepEqual(r.GET.getlist('tag'), ['a', 'b']);
    assert.equal(r.getFullPath(), '/caf%C3%A9/items/?page=2&tag=a&tag=b');
    assert.equal(req('/a').getFullPath(true), '/a/');
    assert.equal(req('/x').GET, req('/y').GET);
  });

  test('an absolute-form target keeps only its path and query', () => {
    const r = req('http://example.com/a/b/?x=1');
    assert.equal(r.path, '/a/b/');
    assert.equal(r.GET.get('x'), '1');
    assert.equal(req('https://example.com').path, '/');
  });

  test('headers are case-insensitive and cookies are parsed', () => {
    const r = req('/', { 'content-type': 'application/json; charset=UTF-8', cookie: 'a=1; b="two words"; c=%F0%9F%98%80' });
    assert.equal(r.headers.get('Content-Type'), 'application/json; charset=UTF-8');
    assert.equal(r.headers.has('CONTENT-TYPE'), true);
    assert.equal(r.contentType, 'application/json');
    assert.equal(r.encoding, 'UTF-8');
    assert.deepEqual({ ...r.COOKIES }, { a: '1', b: 'two words', c: '😀' });
  });

  test('accepts() reads the Accept header', () => {
    const r = req('/', { accept: 'text/html, application/*;q=0.9, image/png;q=0' });
    assert.equal(r.accepts('text/html'), true);
    assert.equal(r.accepts('application/json'), true);
    assert.equal(r.accepts('image/png'), false);
    assert.equal(r.accepts('text/plain'), false);
    assert.equal(req('/').accepts('anything/at-all'), true);
  });

  test('POST before the body is loaded throws a message that says what to do', () => {
    const r = req('/', {}, { method: 'POST' });
    assert.throws(() => r.POST, /await request\.post\(\)/);
    assert.equal(req('/').POST.size, 0);
  });

  test('a hand-built request with a body can be read', async () => {
    const r = new HttpRequest({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    assert.equal((await r.post()).get('a'), '1');
    assert.equal(r.POST.get('a'), '1');
  });

  test('FORCE_SCRIPT_NAME prefixes path but not pathInfo', async () => {
    await withSettings({ FORCE_SCRIPT_NAME: '/app/' }, () => {
      const r = req('/polls/');
      assert.equal(r.path, '/app/polls/');
      assert.equal(r.pathInfo, '/polls/');
      assert.equal(r.scriptName, '/app');
    });
  });
});

describe('host validation (ALLOWED_HOSTS)', () => {
  test('splitDomainPort and isSameDomain follow Django', () => {
    assert.deepEqual(splitDomainPort('Example.COM:8000'), ['example.com', '8000']);
    assert.deepEqual(splitDomainPort('example.com.'), ['example.com', '']);
    assert.deepEqual(splitDomainPort('[::1]:80'), ['[::1]', '80']);
    assert.deepEqual(splitDomainPort('bad_host!'), ['', '']);
    assert.equal(isSameDomain('www.example.com', '.example.com'), true);
    assert.equal(isSameDomain('example.com', '.example.com'), true);
    assert.equal(isSameDomain('badexample.com', '.example.com'), false);
    assert.equal(validateHost('anything', ['*']), true);
  });

  test('hostDomain gives each host its own domain, asked in any order', () => {
    assert.equal(hostDomain('Example.COM:8000'), 'example.com');
    assert.equal(hostDomain('Example.COM:8000'), 'example.com');
    assert.equal(hostDomain('other.org'), 'other.org');
    assert.equal(hostDomain('bad host'), '');
    assert.equal(hostDomain('Example.COM:8000'), 'example.com');
  });

  test('getHost returns allowed hosts with their port and rejects others as DisallowedHost', async () => {
    await withSettings({ ALLOWED_HOSTS: ['.example.com', 'other.org'] }, () => {
      assert.equal(req('/', { host: 'www.example.com:8000' }).getHost(), 'www.example.com:8000');
      assert.equal(req('/', { host: 'OTHER.org' }).getHost(), 'OTHER.org');
      assert.throws(
        () => req('/', { host: 'evil.com' }).getHost(),
        (e: Error) => e.constructor.name === 'DisallowedHost' && /add 'evil.com' to ALLOWED_HOSTS/.test(e.message),
      );
      assert.throws(() => req('/', { host: 'bad host' }).getHost(), /RFC 1034\/1035/);
    });
  });

  test('with DEBUG and no ALLOWED_HOSTS, localhost names are allowed', async () => {
    await withSettings({ DEBUG: true, ALLOWED_HOSTS: [] }, () => {
      for (const h of ['localhost:8000', 'api.localhost', '127.0.0.1', '[::1]:8000']) {
        assert.equal(req('/', { host: h }).getHost(), h);
      }
      assert.throws(() => req('/', { host: 'example.com' }).getHost());
    });
    await withSettings({ DEBUG: false, ALLOWED_HOSTS: [] }, () => {
      assert.throws(() => req('/', { host: 'localhost' }).getHost());
    });
  });

  test('X-Forwarded-Host is used only with USE_X_FORWARDED_HOST', async () => {
    await withSettings({ ALLOWED_HOSTS: ['*'], USE_X_FORWARDED_HOST: true }, () => {
      assert.equal(req('/', { host: 'a.com', 'x-forwarded-host': 'b.com' }).getHost(), 'b.com');
    });
    await withSettings({ ALLOWED_HOSTS: ['*'] }, () => {
      assert.equal(req('/', { host: 'a.com', 'x-forwarded-host': 'b.com' }).getHost(), 'a.com');
    });
  });
});

describe('scheme and absolute URIs', () => {
  test('isSecure follows the socket, or SECURE_PROXY_SSL_HEADER when configured', async () => {
    assert.equal(req('/', {}, { secure: true }).isSecure(), true);
    assert.equal(req('/').isSecure(), false);
    await withSettings({ SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] }, () => {
      assert.equal(req('/', { 'x-forwarded-proto': 'https, http' }).isSecure(), true);
      assert.equal(req('/', { 'x-forwarded-proto': 'http' }, { secure: true }).isSecure(), false);
      assert.equal(req('/', {}, { secure: true }).isSecure(), true);
    });
  });

  test('buildAbsoluteUri resolves against scheme and validated host', async () => {
    await withSettings({ ALLOWED_HOSTS: ['example.com'] }, () => {
      const r = req('/polls/3/?x=1', { host: 'example.com' }, { secure: true });
      assert.equal(r.buildAbsoluteUri(), 'https://example.com/polls/3/?x=1');
      assert.equal(r.buildAbsoluteUri('/a/'), 'https://example.com/a/');
      assert.equal(r.buildAbsoluteUri('results/'), 'https://example.com/polls/3/results/');
      assert.equal(r.buildAbsoluteUri('http://other.org/x'), 'http://other.org/x');
    });
  });
});

describe('signed cookies', () => {
  test('a cookie set with setSignedCookie reads back; tampering or a wrong salt fails', async () => {
    await withSettings({ SECRET_KEY: 'k'.repeat(50) }, () => {
      const res = new HttpResponse('');
      res.setSignedCookie('theme', 'dark', { salt: 's' });
      const value = res.cookies.get('theme')!.value;
      const r = req('/', { cookie: `theme=${value}` });
      assert.equal(r.getSignedCookie('theme', { salt: 's' }), 'dark');
      assert.equal(r.getSignedCookie('theme', { fallback: null }), null);
      assert.throws(() => r.getSignedCookie('theme'), (e: Error) => e.name === 'BadSignature');
      assert.throws(() => r.getSignedCookie('missing'), /missing/);
      assert.equal(r.getSignedCookie('missing', { fallback: 'x' }), 'x');
      const tampered = req('/', { cookie: `theme=light${value.slice(4)}` });
      assert.equal(tampered.getSignedCookie('theme', { salt: 's', fallback: 'none' }), 'none');
    });
  });

  test('old keys in SECRET_KEY_FALLBACKS still verify', async () => {
    let value = '';
    await withSettings({ SECRET_KEY: 'old-key' }, () => {
      const res = new HttpResponse('');
      res.setSignedCookie('c', 'v');
      value = res.cookies.get('c')!.value;
    });
    await withSettings({ SECRET_KEY: 'new-key', SECRET_KEY_FALLBACKS: ['old-key'] }, () => {
      assert.equal(req('/', { cookie: `c=${value}` }).getSignedCookie('c'), 'v');
    });
    await withSettings({ SECRET_KEY: 'new-key', SECRET_KEY_FALLBACKS: [] }, () => {
      assert.equal(req('/', { cookie: `c=${value}` }).getSignedCookie('c', { fallback: null }), null);
    });
  });
});
