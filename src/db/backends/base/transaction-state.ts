// The per-async-context transaction state: which pooled connection each alias's open
// transaction uses, its savepoint stack and its onCommit callbacks. Carried by
// AsyncLocalStorage (a ScopedContext, tracked only while a transaction is open) so every query
// inside `atomic()` runs on the same connection.
import { ScopedContext } from './async-context.ts';

/** One `atomic()` level: the outermost transaction or a savepoint (or a no-savepoint block). */
export interface AtomicLevel {
  /** Savepoint name, or null for the outermost block and blocks with `savepoint: false`. */
  savepoint: string | null;
  durable: boolean;
  /** Set by `setRollback(true)`: roll back this level on exit without raising. */
  needsRollback: boolean;
  /** True for the transaction a test runner wraps each test in (durable checks ignore it). */
  testWrapper: boolean;
}

/** A callback registered with `onCommit`, tagged with the level it was registered in. */
export interface OnCommitEntry {
  fn: () => unknown;
  depth: number;
  robust: boolean;
}

/** The open transaction of one alias in the current async context. */
export interface TransactionState {
  alias: string;
  /** The wrapper that owns `connection` (identity check when settings are swapped). */
  owner: object;
  /** The driver connection pinned for the transaction. */
  connection: unknown;
  levels: AtomicLevel[];
  onCommit: OnCommitEntry[];
  /** An error escaped a block without a savepoint: only rollback is possible now. */
  broken: boolean;
  /** Set when the outermost block ended; later queries from leaked tasks use the pool. */
  closed: boolean;
  savepointCounter: number;
  /** Statements to run on the connection after the transaction ends (before release). */
  teardownSql?: string[];
}

/**
 * The store: alias -> open transaction. A new Map is made per outermost `atomic()`.
 *
 * @example
 * transactionStorage.getStore()?.get('default') // the open transaction of 'default', if any
 */
export const transactionStorage = new ScopedContext<Map<string, TransactionState>>();

/**
 * Return the open transaction for `alias` in this async context, if any.
 *
 * @example
 * activeTransaction('default')?.levels.length // 1 inside atomic(), 2 inside a nested one
 */
export function activeTransaction(alias: string, owner?: object): TransactionState | undefined {
  const state = transactionStorage.getStore()?.get(alias);
  if (!state || state.closed) return undefined;
  if (owner !== undefined && state.owner !== owner) return undefined;
  return state;
}
