// Transactions: `atomic()` pins one pooled connection for the async context (through
// AsyncLocalStorage), nests as savepoints, runs `onCommit` callbacks after the outermost
// commit, and rolls back when the callback throws. The engine is backends/base/atomic.ts.
import { connections } from './connections.ts';
import { atomicOn, getRollbackOn, isInAtomicBlockOn, onCommitOn, setRollbackOn } from './backends/base/atomic.ts';
import type { AtomicCoreOptions } from './backends/base/atomic.ts';
import type { BaseDatabaseWrapper } from './backends/base/base.ts';

/** Options of `atomic()`. */
export interface AtomicOptions extends Omit<AtomicCoreOptions, 'setupSql' | 'teardownSql'> {
  /** The alias (default `'default'`), or a wrapper. */
  using?: string | BaseDatabaseWrapper | undefined;
}

function resolve(using: string | BaseDatabaseWrapper | undefined): BaseDatabaseWrapper {
  if (using === undefined) return connections.get('default');
  return typeof using === 'string' ? connections.get(using) : using;
}

/**
 * Run `fn` in a transaction on one connection; commit when it resolves, roll back and rethrow
 * when it throws. Nested calls create savepoints (`savepoint: false` joins the outer block;
 * an error then dooms it). `durable: true` refuses to run nested. Every query on the same
 * alias inside `fn` (and in promises it starts) uses that connection.
 *
 * Differs from Django: a function taking an async callback, not a decorator/context manager.
 * SQLite transactions from different async contexts wait for each other (one connection).
 *
 * @example
 * await atomic(async () => {
 *   await conn.execute('UPDATE "acct" SET "bal" = "bal" - ? WHERE "id" = ?', [10, 1]);
 *   await atomic(async () => { ... });   // SAVEPOINT; rolled back alone if it throws
 * }, { using: 'default' });
 */
export function atomic<T>(fn: () => T | Promise<T>, options: AtomicOptions = {}): Promise<T> {
  // Not an async function: one promise layer less per transaction; errors still reject.
  try {
    const { using, ...rest } = options;
    return atomicOn(resolve(using), fn, rest);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Run `fn` after the outermost transaction of `using` commits; drop it if that transaction (or
 * the savepoint it was registered in) rolls back. Outside a transaction, run it now.
 * With `robust: true` an error in `fn` is swallowed and the next callback still runs.
 *
 * @example
 * await atomic(async () => { await saveOrder(); await onCommit(() => sendMail()); });
 */
export async function onCommit(fn: () => unknown, options: { using?: string | BaseDatabaseWrapper; robust?: boolean } = {}): Promise<void> {
  return onCommitOn(resolve(options.using), fn, { robust: options.robust });
}

/**
 * Mark the innermost atomic block to roll back when it exits (without raising), or clear the
 * mark with `false`.
 *
 * @example
 * await atomic(async () => { ...; if (dryRun) setRollback(true); });
 */
export function setRollback(rollback: boolean, options: { using?: string | BaseDatabaseWrapper } = {}): void {
  setRollbackOn(resolve(options.using), rollback);
}

/**
 * Return whether the innermost atomic block is marked to roll back.
 *
 * @example
 * await atomic(async () => { setRollback(true); getRollback(); }); // getRollback() returned true
 */
export function getRollback(options: { using?: string | BaseDatabaseWrapper } = {}): boolean {
  return getRollbackOn(resolve(options.using));
}

/**
 * Return whether this async context is inside an atomic block on `using`.
 *
 * @example
 * isInAtomicBlock() // false
 * await atomic(async () => isInAtomicBlock()) // true
 */
export function isInAtomicBlock(options: { using?: string | BaseDatabaseWrapper } = {}): boolean {
  return isInAtomicBlockOn(resolve(options.using));
}
