import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serializeCookie } from '../../src/http/cookie.ts';
import { BadHeaderError, ResponseHeaders } from '../../src/http/headers.ts';
import { JsonResponse } from '../../src/http/json-response.ts';
import { HttpResponse } from '../../src/http/response.ts';
import {
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseNotModified,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  HttpResponseGone,
  HttpResponseServerError,
  HttpResponseForbidden,
  HttpResponseBadRequest,
} from '../../src/http/response-subclasses.ts';
import { StreamingHttpResponse } from '../../src/http/streaming-response.ts';
import { contentDispositionHeader, FileResponse, parseRange } from '../../src/http/file-response.ts';
import { markSafe } from '../../src/utils/safestring.ts';
import { withSettings } from './fixtures/settings.ts';

describe('HttpResponse', () => {
  test('defaults to 200 text/html utf-8 and encodes string content', () => {
    const r = new HttpResponse('héllo');
    assert.equal(r.status, 200);
    assert.equal(r.reasonPhrase, 'OK');
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.deepEqual(r.content, Buffer.from('héllo'));
    assert.equal(r.text, 'héllo');
    assert.equal(new HttpResponse(markSafe('<b>')).text, '<b>');
  });

  test('charset of the content type is used to encode', () => {
    const r = new HttpResponse('é', { contentType: 'text/plain; charset=iso-8859-1' });
    assert.deepEqual(r.content, Buffer.from([0xe9]));
  });

  test('a content type is checked like any header, every time, and kept as given', () => {
    for (let i = 0; i < 2; i++) {
      assert.throws(() => new HttpResponse('x', { contentType: 'text/plain\r\nX-Evil: 1' }), BadHeaderError);
    }
    const a = new HttpResponse('x', { contentType: 'text/csv; charset=utf-8' });
    const b = new HttpResponse('y', { contentType: 'text/csv; charset=utf-8', headers: { 'X-A': '1' } });
    assert.deepEqual([...a.headers], [['Content-Type', 'text/csv; charset=utf-8']]);
    assert.deepEqual([...b.headers], [['X-A', '1'], ['Content-Type', 'text/csv; charset=utf-8']]);
    b.headers.set('content-type', 'text/plain');
    assert.deepEqual([...b.headers], [['X-A', '1'], ['content-type', 'text/plain']]);
    assert.equal(a.headers.get('Content-Type'), 'text/csv; charset=utf-8');
  });

  test('write appends and iterables are joined', () => {
    const r = new HttpResponse(['a', Buffer.from('b')]);
    r.write('c');
    assert.equal(r.text, 'abc');
  });

  test('headers are case-insensitive and reject header injection', () => {
    const r = new HttpResponse('', { headers: { 'X-Thing': '1' } });
    assert.equal(r.headers.get('x-thing'), '1');
    r.headers.set('x-THING', '2');
    assert.deepEqual([...r.headers].filter(([k]) => k.toLowerCase() === 'x-thing'), [['x-THING', '2']]);
    assert.throws(() => r.headers.set('X-A', 'a\r\nSet-Cookie: x=1'), /newline/);
    assert.throws(() => r.headers.set('Bad Name', 'x'), /Invalid header name/);
  });

  test('header values beyond Latin-1 are MIME-encoded; Latin-1 stays as is', () => {
    const r = new HttpResponse('');
    r.headers.set('X-Name', 'café');
    assert.equal(r.headers.get('x-name'), 'café');
    r.headers.set('X-Emoji', '😀');
    assert.equal(r.headers.get('x-emoji'), `=?utf-8?b?${Buffer.from('😀').toString('base64')}?=`);
  });

  test('a header name checked once is still checked per call, and found under any case', () => {
    const r = new HttpResponse('');
    r.headers.set('X-Cached-Name', 'a');
    r.headers.set('X-Cached-Name', 'b');
    assert.equal(r.headers.get('X-CACHED-NAME'), 'b');
    assert.equal(r.headers.has('x-cached-name'), true);
    assert.throws(() => r.headers.set('X-Cached-Name', 'a\nb'), /newline/);
    assert.throws(() => r.headers.set('X-Cached-Name ', 'a'), /Invalid header name/);
    assert.throws(() => r.headers.setDefault('X-Cached\r\nName', 'a'), /newline/);
    r.headers.setDefault('X-Cached-Name', 'c');
    assert.equal(r.headers.get('x-cached-name'), 'b');
    assert.equal(r.headers.delete('X-cached-NAME'), true);
    assert.equal(r.headers.has('X-Cached-Name'), false);
    assert.deepEqual(r.headers.flat(), ['Content-Type', 'text/html; charset=utf-8']);
  });

  test('the charset is read from each Content-Type, and falls back to DEFAULT_CHARSET', async () => {
    const a = new HttpResponse('', { contentType: 'text/plain; charset=iso-8859-1' });
    const b = new HttpResponse('', { contentType: 'text/plain; charset=utf-16le' });
    assert.equal(a.charset, 'iso-8859-1');
    assert.equal(b.charset, 'utf-16le');
    a.headers.set('Content-Type', 'text/plain; charset=utf-16le');
    assert.equal(a.charset, 'utf-16le');
    const plain = new HttpResponse('', { contentType: 'text/plain' });
    assert.equal(plain.charset, 'utf-8');
    await withSettings({ DEFAULT_CHARSET: 'iso-8859-1' }, () => {
      assert.equal(plain.charset, 'iso-8859-1');
      assert.equal(new HttpResponse('', { contentType: 'text/plain' }).charset, 'iso-8859-1');
    });
    assert.equal(plain.charset, 'utf-8');
  });

  test('contentType and a Content-Type header together are refused', () => {
    assert.throws(() => new HttpResponse('', { contentType: 'text/plain', headers: { 'content-type': 'x/y' } }), /must not contain 'Content-Type'/);
  });

  test('rejects impossible status codes', () => {
    assert.throws(() => new HttpResponse('', { status: 1000 }), RangeError);
  });
});

describe('cookies', () => {
  test('setCookie serializes every attribute', () => {
    const r = new HttpResponse('');
    r.setCookie('sid', 'abc', { maxAge: 60, path: '/app', domain: '.example.com', secure: true, httpOnly: true, sameSite: 'strict', partitioned: true });
    const line = serializeCookie(r.cookies.get('sid')!);
    assert.match(line, /^sid=abc; Domain=\.example\.com; expires=\w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT; HttpOnly; Max-Age=60; Path=\/app; SameSite=Strict; Secure; Partitioned$/);
  });

  test('a Date expiry becomes Max-Age, and expires with maxAge is refused', () => {
    const r = new HttpResponse('');
    r.setCookie('a', 'b', { expires: new Date(Date.now() + 3600_000) });
    const m = r.cookies.get('a')!;
    assert.ok(m.maxAge! >= 3599 && m.maxAge! <= 3601);
    assert.throws(() => r.setCookie('a', 'b', { expires: new Date(), maxAge: 1 }), /can't be used together/);
    assert.throws(() => r.setCookie('a', 'b', { sameSite: 'bogus' as never }), /sameSite/);
    assert.throws(() => r.setCookie('bad name', 'b'), /Invalid cookie name/);
    assert.throws(() => r.setCookie('a', 'b', { path: '/; Domain=evil.com' }), /Invalid cookie path/);
  });

  test('values outside cookie-octets are percent-encoded', () => {
    const r = new HttpResponse('');
    r.setCookie('msg', 'a b;c"é');
    assert.equal(serializeCookie(r.cookies.get('msg')!), 'msg=a%20b%3Bc%22%C3%A9; Path=/');
  });

  test('deleteCookie expires the cookie; __Host- and SameSite=None ones are Secure', () => {
    const r = new HttpResponse('');
    r.deleteCookie('a');
    assert.equal(serializeCookie(r.cookies.get('a')!), 'a=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/');
    r.deleteCookie('__Host-x');
    assert.equal(r.cookies.get('__Host-x')!.secure, true);
    r.deleteCookie('n', { sameSite: 'None' });
    assert.match(serializeCookie(r.cookies.get('n')!), /SameSite=None; Secure/);
  });
});

describe('status responses', () => {
  test('redirects set Location and reject unsafe schemes', () => {
    const r = new HttpResponseRedirect('/polls/3/?a=b c');
    assert.equal(r.status, 302);
    assert.equal(r.url, '/polls/3/?a=b%20c');
    assert.equal(new HttpResponsePermanentRedirect('https://x.org/').status, 301);
    assert.equal(new HttpResponseRedirect('/a', { preserveRequest: true }).status, 307);
    assert.equal(new HttpResponsePermanentRedirect('/a', { preserveRequest: true }).status, 308);
    assert.throws(() => new HttpResponseRedirect('javascript:alert(1)'), (e: Error) => e.name === 'DisallowedRedirect');
    assert.throws(() => new HttpResponseRedirect('data:text/html,x'), /protocol 'data'/);
    assert.throws(() => new HttpResponseRedirect('/' + 'a'.repeat(3000)), /2048/);
    assert.equal(new HttpResponseRedirect('ftp://files.example.com/x').status, 302);
  });

  test('error responses carry their status', () => {
    assert.equal(new HttpResponseBadRequest().status, 400);
    assert.equal(new HttpResponseForbidden().status, 403);
    assert.equal(new HttpResponseNotFound('nope').status, 404);
    assert.equal(new HttpResponseGone().status, 410);
    assert.equal(new HttpResponseServerError().status, 500);
    const na = new HttpResponseNotAllowed(['get', 'POST']);
    assert.equal(na.status, 405);
    assert.equal(na.headers.get('Allow'), 'GET, POST');
  });

  test('304 has no content type and refuses content', () => {
    const r = new HttpResponseNotModified();
    assert.equal(r.headers.has('Content-Type'), false);
    assert.throws(() => {
      r.content = 'x';
    }, /304/);
  });
});

describe('JsonResponse', () => {
  test('serializes objects and, with safe, refuses other top-level values', () => {
    const r = new JsonResponse({ a: [1, 'é'] });
    assert.equal(r.headers.get('Content-Type'), 'application/json');
    assert.equal(r.text, '{"a":[1,"é"]}');
    assert.deepEqual(r.json(), { a: [1, 'é'] });
    assert.throws(() => new JsonResponse([1, 2]), /safe option to false/);
    assert.throws(() => new JsonResponse(null), /safe/);
    assert.equal(new JsonResponse([1], { safe: false }).text, '[1]');
    assert.equal(new JsonResponse({ a: 1 }, { indent: 2, status: 201 }).status, 201);
  });
});

describe('StreamingHttpResponse and FileResponse', () => {
  test('streaming content is converted to Buffers', async () => {
    const r = new StreamingHttpResponse((async function* () { yield 'a'; yield Buffer.from('b'); })());
    assert.equal(r.streaming, true);
    assert.equal((await r.readAll()).toString(), 'ab');
  });

  test('FileResponse guesses type and sets disposition and length', () => {
    const r = new FileResponse(Buffer.from('%PDF'), { filename: 'report.pdf', asAttachment: true });
    assert.equal(r.headers.get('Content-Type'), 'application/pdf');
    assert.equal(r.headers.get('Content-Disposition'), 'attachment; filename="report.pdf"');
    assert.equal(r.headers.get('Content-Length'), '4');
    assert.equal(new FileResponse(Buffer.from(''), { filename: 'x.csv.gz' }).headers.get('Content-Type'), 'application/gzip');
    assert.equal(new FileResponse(Buffer.from('')).headers.get('Content-Type'), 'application/octet-stream');
  });

  test('contentDispositionHeader escapes quotes and uses filename* for non-ASCII', () => {
    assert.equal(contentDispositionHeader(false, 'a"b.txt'), 'inline; filename="a\\"b.txt"');
    assert.equal(contentDispositionHeader(true, 'résumé (1).pdf'), "attachment; filename*=utf-8''r%C3%A9sum%C3%A9%20%281%29.pdf");
    assert.equal(contentDispositionHeader(true, null), 'attachment');
    assert.equal(contentDispositionHeader(false, null), null);
  });

  test('parseRange handles start-end, open and suffix ranges', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=0-5000', 1000), { start: 0, end: 999 });
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=0-1,5-9', 1000), null);
    assert.equal(parseRange('items=0-1', 1000), null);
    assert.equal(parseRange('bytes=5-1', 1000), null);
  });
});

describe('ResponseHeaders', () => {
  test('is case-insensitive, keeps the case and position a name was first set with, and deletes', () => {
    const h = new ResponseHeaders({ 'Content-Type': 'text/plain', 'X-A': '1' });
    h.set('x-b', 2);
    h.set('content-type', 'text/html');
    assert.equal(h.get('CONTENT-TYPE'), 'text/html');
    assert.deepEqual(h.flat(), ['content-type', 'text/html', 'X-A', '1', 'x-b', '2']);
    h.setDefault('X-A', 'ignored');
    h.setDefault('X-C', 'c');
    assert.equal(h.get('x-a'), '1');
    assert.equal(h.size, 4);
    assert.equal(h.delete('X-a'), true);
    assert.equal(h.delete('X-a'), false);
    assert.equal(h.has('x-a'), false);
    h.set('X-A', 'again');
    assert.deepEqual([...h], [['content-type', 'text/html'], ['x-b', '2'], ['X-C', 'c'], ['X-A', 'again']]);
    assert.deepEqual(h.toJSON(), { 'content-type': 'text/html', 'x-b': '2', 'X-C': 'c', 'X-A': 'again' });
    const copy = h.flat();
    copy.push('X-D', 'd');
    assert.equal(h.has('X-D'), false, 'flat() returns a copy');
  });

  test('a response makes its cookie map only when asked, and sends none then', () => {
    const r = new HttpResponse('x');
    assert.equal(r.cookies.size, 0);
    r.setCookie('a', '1');
    assert.equal(r.cookies.get('a')?.value, '1');
  });
});
