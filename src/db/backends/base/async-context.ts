// An AsyncLocalStorage that Node tracks only while one of its runs is in progress. On Node 20
// an AsyncLocalStorage that was ever run installs promise hooks for the whole process, which
// makes every promise about four times as expensive (measured: ~105 ns -> ~420 ns per awaited
// async call), so an ORM that used `atomic()` once would pay that on every later query.
// Layer 3a: no imports but node's.
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Carry a value through the async calls made inside `run()`, and stop Node's async context
 * tracking for this storage again when the last run in progress settles. Tasks a run started
 * and did not await see no value once that happens (transactions treat them as closed anyway).
 *
 * @example
 * const ctx = new ScopedContext<string>();
 * await ctx.run('a', async () => { await tick(); return ctx.getStore(); }); // 'a'
 * ctx.getStore() // undefined
 */
export class ScopedContext<T> {
  readonly #storage = new AsyncLocalStorage<T>();
  #running = 0;

  /** Return the value of the innermost run this async context is in, if any. */
  getStore(): T | undefined {
    return this.#running === 0 ? undefined : this.#storage.getStore();
  }

  /** Run `fn` with `store` as the value for every async call it makes; resolve to its result. */
  run<R>(store: T, fn: () => R | Promise<R>): Promise<R> {
    this.#running++;
    let result: R | Promise<R>;
    try {
      result = this.#storage.run(store, fn);
    } catch (error) {
      this.#leave();
      return Promise.reject(error);
    }
    // A promise chain rather than an async function: one promise layer less per run.
    return Promise.resolve(result).then(
      (value) => {
        this.#leave();
        return value;
      },
      (error: unknown) => {
        this.#leave();
        throw error;
      },
    );
  }

  #leave(): void {
    if (--this.#running === 0) this.#storage.disable();
  }
}
