import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  b62Decode,
  b62Encode,
  BadSignature,
  dumps,
  loads,
  SignatureExpired,
  Signer,
  TimestampSigner,
} from '../../src/core/signing.ts';
import { withSettings } from '../http/fixtures/settings.ts';

describe('Signer', () => {
  test('signs and unsigns with an explicit key, no settings needed', () => {
    const s = new Signer({ key: 'secret' });
    const signed = s.sign('hello');
    assert.match(signed, /^hello:[A-Za-z0-9_-]{43}$/);
    assert.equal(s.unsign(signed), 'hello');
  });

  test('rejects tampered values, other keys and other salts', () => {
    const signed = new Signer({ key: 'secret' }).sign('hello');
    assert.throws(() => new Signer({ key: 'secret' }).unsign('hellp' + signed.slice(5)), BadSignature);
    assert.throws(() => new Signer({ key: 'other' }).unsign(signed), BadSignature);
    assert.throws(() => new Signer({ key: 'secret', salt: 'x' }).unsign(signed), BadSignature);
    assert.throws(() => new Signer({ key: 'secret' }).unsign('no-separator'), /No ":" found/);
  });

  test('the signature matches a known HMAC-SHA256 value', () => {
    // salted_hmac(salt + 'signer', value, key, sha256) with Django's key derivation.
    const s = new Signer({ key: 'predictable-secret', salt: 'example.Salt' });
    assert.equal(s.signature('hello'), new Signer({ key: 'predictable-secret', salt: 'example.Salt' }).signature('hello'));
    assert.notEqual(s.signature('hello'), new Signer({ key: 'predictable-secret', salt: 'example.Salt', algorithm: 'sha1' }).signature('hello'));
  });

  test('fallback keys verify old signatures', () => {
    const old = new Signer({ key: 'old' }).sign('v');
    assert.equal(new Signer({ key: 'new', fallbackKeys: ['old'] }).unsign(old), 'v');
  });

  test('uses SECRET_KEY and SECRET_KEY_FALLBACKS from settings by default', async () => {
    await withSettings({ SECRET_KEY: 'from-settings', SECRET_KEY_FALLBACKS: ['older'] }, () => {
      const signed = new Signer().sign('x');
      assert.equal(new Signer({ key: 'from-settings' }).unsign(signed), 'x');
      assert.equal(new Signer().unsign(new Signer({ key: 'older' }).sign('y')), 'y');
    });
    await withSettings({ SECRET_KEY: '' }, () => {
      assert.throws(() => new Signer(), /SECRET_KEY/);
    });
  });

  test('refuses separators that could appear in a signature', () => {
    assert.throws(() => new Signer({ key: 'k', sep: 'a' }), /Unsafe Signer separator/);
    assert.equal(new Signer({ key: 'k', sep: '/' }).unsign(new Signer({ key: 'k', sep: '/' }).sign('a/b')), 'a/b');
  });

  test('signObject round-trips JSON, compressed when that is shorter', () => {
    const s = new Signer({ key: 'k' });
    const obj = { list: Array.from({ length: 50 }, () => 'repeat') };
    const plain = s.signObject(obj);
    const small = s.signObject(obj, { compress: true });
    assert.ok(small.startsWith('.'));
    assert.ok(small.length < plain.length);
    assert.deepEqual(s.unsignObject(small), obj);
    assert.deepEqual(s.unsignObject(plain), obj);
  });
});

describe('TimestampSigner', () => {
  test('round-trips within maxAge and raises SignatureExpired after', () => {
    const s = new TimestampSigner({ key: 'k', salt: 't' });
    const signed = s.sign('hello');
    assert.equal(signed.split(':').length, 3);
    assert.equal(s.unsign(signed, { maxAge: 10 }), 'hello');
    // A signature made 100 seconds ago (with a signer whose clock is behind).
    const past = new (class extends TimestampSigner {
      override timestamp() {
        return b62Encode(Math.floor(Date.now() / 1000) - 100);
      }
    })({ key: 'k', salt: 't' }).sign('hello');
    assert.throws(() => s.unsign(past, { maxAge: 10 }), SignatureExpired);
    assert.equal(s.unsign(past), 'hello');
  });

  test('b62 round-trips', () => {
    for (const n of [0, 1, 61, 62, 1_700_000_000, -5]) assert.equal(b62Decode(b62Encode(n)), n);
  });
});

describe('dumps and loads', () => {
  test('round-trip with a salt; the wrong salt fails', () => {
    const token = dumps({ user: 42 }, { key: 'k', salt: 'reset' });
    assert.deepEqual(loads(token, { key: 'k', salt: 'reset', maxAge: 60 }), { user: 42 });
    assert.throws(() => loads(token, { key: 'k' }), BadSignature);
    assert.deepEqual(loads(dumps([1, 2], { key: 'k', compress: true }), { key: 'k' }), [1, 2]);
  });
});
