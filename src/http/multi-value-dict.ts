// A dictionary that keeps every value given for a key: the storage under QueryDict (GET, POST)
// and request.FILES. Reading a key returns its last value, as in Django.

/**
 * Raised when a key is missing from a {@link MultiValueDict} read with {@link MultiValueDict.getOrThrow}.
 *
 * @example
 * new MultiValueDict().getOrThrow('a') // throws MultiValueDictKeyError: Key 'a' not found
 */
export class MultiValueDictKeyError extends Error {
  readonly code = 'multi_value_dict_key_error';
  override name = 'MultiValueDictKeyError';
}

/**
 * Map each key to a list of values; `get` returns the last, `getlist` all of them.
 *
 * @example
 * const d = new MultiValueDict([['a', '1'], ['a', '2']]);
 * d.get('a') // '2'
 * d.getlist('a') // ['1', '2']
 */
export class MultiValueDict<V = string> implements Iterable<[string, V]> {
  readonly #data: Map<string, V[]>;

  constructor(pairs?: Iterable<readonly [string, V]>) {
    this.#data = new Map();
    if (pairs) for (const [k, v] of pairs) this.appendRaw(k, v);
  }

  /** Append without the mutability check (used while building). */
  protected appendRaw(key: string, value: V): void {
    const list = this.#data.get(key);
    if (list) list.push(value);
    else this.#data.set(key, [value]);
  }

  /** Throw if this dict may not change; QueryDict overrides it. */
  protected assertMutable(): void {}

  /** Return the last value for `key`, or `fallback` when the key is absent or has no values. */
  get(key: string): V | undefined;
  get<D>(key: string, fallback: D): V | D;
  get<D>(key: string, fallback?: D): V | D | undefined {
    const list = this.#data.get(key);
    return list && list.length ? list[list.length - 1] : fallback;
  }

  /** Return the last value for `key` or throw {@link MultiValueDictKeyError}. */
  getOrThrow(key: string): V {
    const list = this.#data.get(key);
    if (!list || !list.length) throw new MultiValueDictKeyError(`Key '${key}' not found`);
    return list[list.length - 1]!;
  }

  /** Return every value for `key` (a copy), or `fallback` (default `[]`). */
  getlist(key: string, fallback: V[] = []): V[] {
    const list = this.#data.get(key);
    return list ? list.slice() : fallback;
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this.#data.has(key);
  }

  /** The number of distinct keys. */
  get size(): number {
    return this.#data.size;
  }

  /** The keys, in first-seen order. */
  keys(): IterableIterator<string> {
    return this.#data.keys();
  }

  /** The last value of each key. */
  *values(): IterableIterator<V> {
    for (const list of this.#data.values()) if (list.length) yield list[list.length - 1]!;
  }

  /** `[key, lastValue]` pairs. */
  *items(): IterableIterator<[string, V]> {
    for (const [k, list] of this.#data) if (list.length) yield [k, list[list.length - 1]!];
  }

  /** Every `[key, value]` pair, repeated keys included (what `urlencode` writes). */
  *entries(): IterableIterator<[string, V]> {
    for (const [k, list] of this.#data) for (const v of list) yield [k, v];
  }

  /** `[key, values[]]` pairs. */
  *lists(): IterableIterator<[string, V[]]> {
    for (const [k, list] of this.#data) yield [k, list.slice()];
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** Set `key` to the single value `value`. */
  set(key: string, value: V): void {
    this.assertMutable();
    this.#data.set(key, [value]);
  }

  /** Replace the values of `key`. */
  setlist(key: string, values: readonly V[]): void {
    this.assertMutable();
    this.#data.set(key, values.slice());
  }

  /** Add a value to `key`. */
  appendlist(key: string, value: V): void {
    this.assertMutable();
    this.appendRaw(key, value);
  }

  /** Return `get(key)`, first setting it to `fallback` when absent. */
  setdefault(key: string, fallback: V): V {
    this.assertMutable();
    if (!this.#data.has(key)) this.#data.set(key, [fallback]);
    return this.get(key) as V;
  }

  /** Remove `key`; return whether it was there. */
  delete(key: string): boolean {
    this.assertMutable();
    return this.#data.delete(key);
  }

  /** Remove every key. */
  clear(): void {
    this.assertMutable();
    this.#data.clear();
  }

  /** Append the pairs of `other` (Django's `update` extends, it does not replace). */
  update(other: Iterable<readonly [string, V]> | Record<string, V>): void {
    this.assertMutable();
    const pairs: Iterable<readonly [string, V]> =
      Symbol.iterator in Object(other)
        ? (other as Iterable<readonly [string, V]>)
        : Object.entries(other as Record<string, V>);
    for (const [k, v] of pairs) this.appendRaw(k, v);
  }

  /** A plain object of last values. */
  dict(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [k, v] of this.items()) out[k] = v;
    return out;
  }

  /** A plain object of value lists. */
  toJSON(): Record<string, V[]> {
    const out: Record<string, V[]> = {};
    for (const [k, list] of this.#data) out[k] = list.slice();
    return out;
  }
}
