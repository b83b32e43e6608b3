// Strings marked safe for HTML output: the auto-escaping machinery (templates, forms, format
// helpers) leaves them as they are. Layer 0; imports nothing.

/**
 * A string that has been marked as safe for HTML output and must not be escaped again.
 *
 * Differs from Django: it is not a `string` subtype (JavaScript strings cannot be subclassed
 * usefully); use `String(s)` or template literals to get the text, `isSafe(v)` to test.
 *
 * @example
 * const s = markSafe('<b>hi</b>');
 * `${s}` // '<b>hi</b>'
 */
export class SafeString {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The marked text. */
  get value(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  /** Concatenate: safe + safe stays safe, safe + anything else is a plain string. */
  concat(other: unknown): SafeString | string {
    if (other instanceof SafeString) return new SafeString(this.#value + other.value);
    return this.#value + String(other);
  }

  toString(): string {
    return this.#value;
  }

  valueOf(): string {
    return this.#value;
  }

  toJSON(): string {
    return this.#value;
  }
}

/**
 * Mark a string as safe for HTML output (no further escaping).
 *
 * Marking is idempotent; non-string values are converted with `String()` first.
 *
 * @example
 * markSafe('<br>') instanceof SafeString // true
 */
export function markSafe(value: unknown): SafeString {
  if (value instanceof SafeString) return value;
  return new SafeString(String(value));
}

/** Return true if `value` was marked safe with `markSafe`. */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof SafeString;
}
