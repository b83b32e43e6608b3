// A small connection pool shared by every backend: a size limit, an acquire timeout that names
// the alias, idle reaping, and removal of connections the server dropped. Layer 3a.
import { OperationalError } from '../../utils.ts';

/** What a pool needs from a backend: how to open, close and health-check one connection. */
export interface PoolOptions<T> {
  /** The connection alias, used in error messages. */
  alias: string;
  /** Most connections open at once. */
  max: number;
  /** How long `acquire()` waits for a free connection before failing. */
  acquireTimeoutMs: number;
  /** Close connections idle for longer than this (0: never). */
  idleTimeoutMs: number;
  create(): Promise<T>;
  destroy(item: T): Promise<void>;
  /** Return true if the connection is known to be unusable (server closed it). */
  isBroken(item: T): boolean;
}

interface Waiter<T> {
  resolve(item: T): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * Hand out at most `max` connections; callers beyond that wait up to `acquireTimeoutMs`, then
 * get an OperationalError with code `'db.pool_timeout'`.
 *
 * @example
 * const c = await pool.acquire();
 * try { ... } finally { pool.release(c); }
 */
export class ConnectionPool<T> {
  #options: PoolOptions<T>;
  #idle: Array<{ item: T; since: number }> = [];
  #waiters: Array<Waiter<T>> = [];
  #size = 0;
  #closed = false;
  #reaper: NodeJS.Timeout | undefined;

  constructor(options: PoolOptions<T>) {
    this.#options = options;
  }

  /** Number of open connections (idle and in use) and of callers waiting. */
  get stats(): { open: number; idle: number; waiting: number } {
    return { open: this.#size, idle: this.#idle.length, waiting: this.#waiters.length };
  }

  /** Return a free connection, opening one if below `max`, else wait for one to be released. */
  async acquire(): Promise<T> {
    if (this.#closed) {
      throw new OperationalError(
        `The connection pool of database '${this.#options.alias}' is closed`,
        'db.pool_closed',
        { alias: this.#options.alias },
      );
    }
    const idle = this.takeIdle();
    if (idle !== undefined) return idle;
    if (this.#size < this.#options.max) return this.#open();
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.#waiters.indexOf(waiter);
          if (i >= 0) this.#waiters.splice(i, 1);
          const { alias, max, acquireTimeoutMs } = this.#options;
          reject(
            new OperationalError(
              `Timed out after ${acquireTimeoutMs} ms waiting for a connection to database ` +
                `'${alias}': all ${max} pooled connections are in use. Raise ` +
                `DATABASES['${alias}'].POOL.max or acquireTimeoutMs, or look for transactions ` +
                `or streams left open.`,
              'db.pool_timeout',
              { alias },
            ),
          );
        }, this.#options.acquireTimeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /**
   * Return an idle connection the server has not dropped, without waiting, or undefined (then
   * `acquire()` opens one or waits). The pool's cheap path: no promise.
   *
   * @example
   * const c = pool.takeIdle() ?? (await pool.acquire());
   */
  takeIdle(): T | undefined {
    while (this.#idle.length > 0) {
      const { item } = this.#idle.pop()!;
      if (!this.#options.isBroken(item)) return item;
      this.#discard(item);
    }
    return undefined;
  }

  async #open(): Promise<T> {
    this.#size++;
    try {
      return await this.#options.create();
    } catch (error) {
      this.#size--;
      throw error;
    }
  }

  /** Give a connection back; pass `broken` to close it instead of reusing it. */
  release(item: T, broken = false): void {
    if (broken || this.#closed || this.#options.isBroken(item)) {
      this.#discard(item);
      const waiter = this.#waiters.shift();
      if (waiter && !this.#closed) {
        clearTimeout(waiter.timer);
        this.#open().then(waiter.resolve, waiter.reject);
      }
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(item);
      return;
    }
    // Without an idle timeout (SQLite) nothing reads the time a connection went idle.
    const { idleTimeoutMs } = this.#options;
    this.#idle.push({ item, since: idleTimeoutMs > 0 ? Date.now() : 0 });
    if (idleTimeoutMs > 0) this.#scheduleReap();
  }

  #discard(item: T): void {
    this.#size--;
    this.#options.destroy(item).catch(() => {});
  }

  #scheduleReap(): void {
    const { idleTimeoutMs } = this.#options;
    if (idleTimeoutMs <= 0 || this.#reaper) return;
    this.#reaper = setInterval(() => {
      const cutoff = Date.now() - idleTimeoutMs;
      const keep = this.#idle.filter((e) => e.since > cutoff);
      for (const e of this.#idle) if (e.since <= cutoff) this.#discard(e.item);
      this.#idle = keep;
      if (this.#idle.length === 0 && this.#reaper) {
        clearInterval(this.#reaper);
        this.#reaper = undefined;
      }
    }, Math.max(1000, Math.floor(idleTimeoutMs / 2)));
    this.#reaper.unref();
  }

  /** Close idle connections now and in-use ones when released; reject waiters. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reaper) clearInterval(this.#reaper);
    this.#reaper = undefined;
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new OperationalError(`Database '${this.#options.alias}' was closed`, 'db.pool_closed', { alias: this.#options.alias }));
    }
    const idle = this.#idle.splice(0);
    this.#size -= idle.length;
    await Promise.all(idle.map((e) => this.#options.destroy(e.item).catch(() => {})));
  }
}
