// Cryptographic signing: HMAC-signed strings and objects, with optional timestamps, salts and
// key rotation. Layer 2: used by signed cookies (http), sessions, password reset tokens; usable
// on its own with an explicit key.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { settings } from '../conf/index.ts';
import { ImproperlyConfigured } from './exceptions.ts';

/** The hash algorithms a signer may use (any `node:crypto` HMAC name works; these are tested). */
export type SigningAlgorithm = 'sha256' | 'sha1' | 'sha512' | (string & {});

/**
 * Raised when a signature does not match the value (tampered data, wrong key or wrong salt).
 *
 * @example
 * try { signer.unsign('hello:forged') } catch (e) { e instanceof BadSignature } // true
 */
export class BadSignature extends Error {
  readonly code: string = 'bad_signature';
  override name = 'BadSignature';
}

/**
 * Raised by a {@link TimestampSigner} when the signature is valid but older than `maxAge`.
 *
 * @example
 * signer.unsign(old, { maxAge: 60 }) // throws SignatureExpired('Signature age 75 > 60 seconds')
 */
export class SignatureExpired extends BadSignature {
  override readonly code: string = 'signature_expired';
  override name = 'SignatureExpired';
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SEP_FORBIDDEN = /^[A-Za-z0-9\-_=]*$/;

/**
 * Encode a non-negative or negative integer in base 62 (Django's alphabet).
 *
 * @example
 * b62Encode(1700000000) // '1ROtxw'
 */
export function b62Encode(n: number): string {
  if (n === 0) return '0';
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(Math.trunc(n));
  let out = '';
  while (v > 0) {
    out = B62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return sign + out;
}

/**
 * Decode a base 62 string made by {@link b62Encode}.
 *
 * @example
 * b62Decode('1ROtxw') // 1700000000
 */
export function b62Decode(s: string): number {
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  }
  let n = 0;
  for (const ch of s) {
    const d = B62.indexOf(ch);
    if (d < 0) throw new BadSignature(`Invalid base62 digit '${ch}' in timestamp`);
    n = n * 62 + d;
  }
  return sign * n;
}

/** Base64 (URL-safe alphabet, padding stripped). */
export function b64Encode(data: Buffer): string {
  return data.toString('base64url');
}

/** Decode {@link b64Encode} output (padding optional). */
export function b64Decode(s: string): Buffer {
  return Buffer.from(s, 'base64url');
}

/**
 * Return the HMAC of `value` under a key derived from `keySalt` and `secret`, as Django's
 * `salted_hmac` does (`key = H(keySalt + secret)`).
 *
 * @example
 * saltedHmac('my-salt', 'value', 'secret').toString('hex')
 */
export function saltedHmac(
  keySalt: string,
  value: string | Buffer,
  secret: string | Buffer,
  algorithm: SigningAlgorithm = 'sha1',
): Buffer {
  const key = createHash(algorithm).update(keySalt).update(secret).digest();
  return createHmac(algorithm, key).update(value).digest();
}

/** Compare two strings in time independent of where they differ. */
export function constantTimeCompare(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** Options of {@link Signer}. */
export interface SignerOptions {
  /** The secret; defaults to `settings.SECRET_KEY`. */
  key?: string | Buffer;
  /** Older secrets still accepted when unsigning; default `settings.SECRET_KEY_FALLBACKS` when `key` is not given, else none. */
  fallbackKeys?: readonly (string | Buffer)[];
  /** Separator between value and signature (default `':'`); must not be a base64url character. */
  sep?: string;
  /** Namespace for the signature, so a value signed for one purpose is not valid for another. */
  salt?: string;
  /** HMAC algorithm (default `'sha256'`). */
  algorithm?: SigningAlgorithm;
}

/** Options of {@link Signer.signObject}. */
export interface SignObjectOptions {
  /** Zlib-compress the JSON when that makes it shorter (marked with a leading `.`). */
  compress?: boolean;
}

/** Options of {@link TimestampSigner.unsign} and {@link loads}. */
export interface UnsignOptions {
  /** Reject signatures older than this, in seconds. */
  maxAge?: number | null;
}

/**
 * Sign strings with an HMAC and verify them, with a salt and key fallbacks for rotation.
 *
 * Differs from Django: with an explicit `key` and no `fallbackKeys`, no fallbacks are read from
 * settings, so a signer built with a key works without configured settings.
 *
 * @example
 * const signer = new Signer({ key: 'secret' });
 * const s = signer.sign('hello');   // 'hello:<base64url signature>'
 * signer.unsign(s)                  // 'hello'
 */
export class Signer {
  readonly key: string | Buffer;
  readonly fallbackKeys: readonly (string | Buffer)[];
  readonly sep: string;
  readonly salt: string;
  readonly algorithm: SigningAlgorithm;

  constructor(options: SignerOptions = {}) {
    if (options.key !== undefined) {
      this.key = options.key;
      this.fallbackKeys = options.fallbackKeys ?? [];
    } else {
      const key = settings.SECRET_KEY as string | undefined;
      if (!key) {
        throw new ImproperlyConfigured(
          'Signing needs a key: set settings.SECRET_KEY or pass { key } to the signer',
        );
      }
      this.key = key;
      this.fallbackKeys =
        options.fallbackKeys ?? ((settings.SECRET_KEY_FALLBACKS as string[] | undefined) ?? []);
    }
    this.sep = options.sep ?? ':';
    if (SEP_FORBIDDEN.test(this.sep)) {
      throw new Error(
        `Unsafe Signer separator '${this.sep}' (cannot be empty or consist of only A-z0-9-_=)`,
      );
    }
    this.salt = options.salt ?? `reinhardt.core.signing.${new.target.name}`;
    this.algorithm = options.algorithm ?? 'sha256';
  }

  /** Return the signature of `value` under `key` (default: the signer's key). */
  signature(value: string, key: string | Buffer = this.key): string {
    return b64Encode(saltedHmac(this.salt + 'signer', value, key, this.algorithm));
  }

  /** Return `value + sep + signature`. */
  sign(value: string): string {
    return `${value}${this.sep}${this.signature(value)}`;
  }

  /** Return the value of a signed string, or throw {@link BadSignature}. */
  unsign(signedValue: string, _options?: UnsignOptions): string {
    const i = signedValue.lastIndexOf(this.sep);
    if (i < 0) throw new BadSignature(`No "${this.sep}" found in value`);
    const value = signedValue.slice(0, i);
    const sig = signedValue.slice(i + this.sep.length);
    if (constantTimeCompare(sig, this.signature(value))) return value;
    for (const key of this.fallbackKeys) {
      if (constantTimeCompare(sig, this.signature(value, key))) return value;
    }
    throw new BadSignature(`Signature "${sig}" does not match`);
  }

  /**
   * Sign a JSON-serializable object: JSON, optionally zlib-compressed, base64url, signed.
   *
   * @example
   * signer.signObject({ a: 1 }) // 'eyJhIjoxfQ:<signature>'
   */
  signObject(obj: unknown, options: SignObjectOptions = {}): string {
    let data = Buffer.from(JSON.stringify(obj));
    let compressed = false;
    if (options.compress) {
      const z = deflateSync(data);
      if (z.length < data.length - 1) {
        data = z;
        compressed = true;
      }
    }
    const b64 = (compressed ? '.' : '') + b64Encode(data);
    return this.sign(b64);
  }

  /** Verify and decode a value made by {@link signObject}. */
  unsignObject<T = unknown>(signedObj: string, options?: UnsignOptions): T {
    let b64 = this.unsign(signedObj, options);
    const decompress = b64.startsWith('.');
    if (decompress) b64 = b64.slice(1);
    let data = b64Decode(b64);
    if (decompress) data = inflateSync(data);
    return JSON.parse(data.toString('utf8')) as T;
  }
}

/**
 * A {@link Signer} that also signs the time, so {@link unsign} can reject old values.
 *
 * @example
 * const s = new TimestampSigner({ key: 'k' }).sign('hello'); // 'hello:1ROtxw:<sig>'
 * new TimestampSigner({ key: 'k' }).unsign(s, { maxAge: 3600 }) // 'hello'
 */
export class TimestampSigner extends Signer {
  /** The current time as base 62 seconds. */
  timestamp(): string {
    return b62Encode(Math.floor(Date.now() / 1000));
  }

  override sign(value: string): string {
    return super.sign(`${value}${this.sep}${this.timestamp()}`);
  }

  override unsign(signedValue: string, options: UnsignOptions = {}): string {
    const result = super.unsign(signedValue);
    const i = result.lastIndexOf(this.sep);
    if (i < 0) throw new BadSignature('Timestamp missing from signed value');
    const value = result.slice(0, i);
    const ts = b62Decode(result.slice(i + this.sep.length));
    const maxAge = options.maxAge;
    if (maxAge !== undefined && maxAge !== null) {
      const age = Date.now() / 1000 - ts;
      if (age > maxAge) throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`);
    }
    return value;
  }
}

/** Options of {@link dumps}. */
export interface DumpsOptions extends SignObjectOptions {
  key?: string | Buffer;
  salt?: string;
}

/** Options of {@link loads}. */
export interface LoadsOptions extends UnsignOptions {
  key?: string | Buffer;
  salt?: string;
  fallbackKeys?: readonly (string | Buffer)[];
}

const DEFAULT_SALT = 'reinhardt.core.signing';

/**
 * Return a URL-safe, timestamped, signed JSON string for `obj`.
 *
 * @example
 * const token = dumps({ user: 42 }, { salt: 'password-reset' });
 * loads(token, { salt: 'password-reset', maxAge: 3600 }) // { user: 42 }
 */
export function dumps(obj: unknown, options: DumpsOptions = {}): string {
  const signer = new TimestampSigner(signerOptions(options.key, options.salt));
  return signer.signObject(obj, { compress: options.compress ?? false });
}

/** Reverse {@link dumps}; throws {@link BadSignature} or {@link SignatureExpired}. */
export function loads<T = unknown>(s: string, options: LoadsOptions = {}): T {
  const opts = signerOptions(options.key, options.salt);
  if (options.fallbackKeys) opts.fallbackKeys = options.fallbackKeys;
  return new TimestampSigner(opts).unsignObject<T>(s, { maxAge: options.maxAge ?? null });
}

function signerOptions(key: string | Buffer | undefined, salt: string | undefined): SignerOptions {
  const o: SignerOptions = { salt: salt ?? DEFAULT_SALT };
  if (key !== undefined) o.key = key;
  return o;
}

/** A signer class usable as `SIGNING_BACKEND`. */
export type SignerClass = new (options?: SignerOptions) => Signer;

function signingBackend(): SignerClass {
  const backend = settings.SIGNING_BACKEND as unknown;
  if (typeof backend === 'function') return backend as SignerClass;
  if (backend === undefined || backend === null) return TimestampSigner;
  const name = String(backend).split('.').pop();
  if (name === 'TimestampSigner') return TimestampSigner;
  if (name === 'Signer') return Signer;
  throw new ImproperlyConfigured(
    `SIGNING_BACKEND '${String(backend)}' is not a signer class; set it to a Signer subclass or 'TimestampSigner'`,
  );
}

/**
 * Return the signer used by signed cookies: `settings.SIGNING_BACKEND` keyed by a cookie-specific
 * derivation of `SECRET_KEY` (and each of `SECRET_KEY_FALLBACKS`).
 *
 * @example
 * getCookieSigner({ salt: 'theme' }).sign('dark')
 */
export function getCookieSigner(options: { salt?: string } = {}): Signer {
  const Backend = signingBackend();
  const secret = settings.SECRET_KEY as string | undefined;
  if (!secret) {
    throw new ImproperlyConfigured('Signed cookies need settings.SECRET_KEY to be set');
  }
  const fallbacks = ((settings.SECRET_KEY_FALLBACKS as string[] | undefined) ?? []).map(
    (k) => 'reinhardt.http.cookies' + k,
  );
  return new Backend({
    key: 'reinhardt.http.cookies' + secret,
    fallbackKeys: fallbacks,
    salt: options.salt ?? 'reinhardt.core.signing.getCookieSigner',
  });
}
