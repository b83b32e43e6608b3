// Transactions: `atomic()` pins one pooled connection for the async context (through
// AsyncLocalStorage), nests as savepoints, runs `onCommit` callbacks after the outermost
// commit, and rolls back when the callback throws.
import { connections } from './connections.ts';
import { TransactionManagementError } from './utils.ts';
import { activeTransaction, transactionStorage } from './backends/base/transaction-state.ts';
import type { AtomicLevel, TransactionState } from './backends/base/transaction-state.ts';
import type { BaseDatabaseWrapper } from './backends/base/base.ts';

/** Options of `atomic()`. */
export interface AtomicOptions {
  /** The alias (default `'default'`), or a wrapper. */
  using?: string | BaseDatabaseWrapper | undefined;
  /** Nested blocks create a savepoint (default true); false: an error dooms the outer block. */
  savepoint?: boolean | undefined;
  /** Refuse to run nested inside another atomic block (default false). */
  durable?: boolean | undefined;
  /** The transaction a test runner wraps a test in: durable blocks inside it are allowed. */
  testWrapper?: boolean | undefined;
}

function resolve(using: string | BaseDatabaseWrapper | undefined): BaseDatabaseWrapper {
  if (using === undefined) return connections.get('default');
  return typeof using === 'string' ? connections.get(using) : using;
}

/**
 * Run `fn` in a transaction on one connection; commit when it resolves, roll back and rethrow
 * when it throws. Nested calls create savepoints. Every query on the same alias inside `fn`
 * (and in promises it starts) uses that connection.
 *
 * Differs from Django: a function taking an async callback, not a decorator/context manager.
 * SQLite transactions from different async contexts wait for each other (one connection).
 *
 * @example
 * await atomic(async () => {
 *   await conn.execute('UPDATE "acct" SET "bal" = "bal" - ? WHERE "id" = ?', [10, 1]);
 *   await atomic(async () => { ... });   // SAVEPOINT; rolled back alone if it throws
 * });
 */
export async function atomic<T>(fn: () => T | Promise<T>, options: AtomicOptions = {}): Promise<T> {
  const wrapper = resolve(options.using);
  const state = activeTransaction(wrapper.alias, wrapper);
  if (state) return nested(wrapper, state, fn, options);
  return outermost(wrapper, fn, options);
}

async function outermost<T>(wrapper: BaseDatabaseWrapper, fn: () => T | Promise<T>, options: AtomicOptions): Promise<T> {
  const connection = await wrapper.acquireConnection();
  const state: TransactionState = {
    alias: wrapper.alias,
    owner: wrapper,
    connection,
    levels: [{ savepoint: null, durable: options.durable ?? false, needsRollback: false, testWrapper: options.testWrapper ?? false }],
    onCommit: [],
    broken: false,
    closed: false,
    savepointCounter: 0,
  };
  try {
    await wrapper.executeOn(connection, wrapper.ops.startTransactionSql());
  } catch (error) {
    wrapper.releaseConnection(connection, true);
    throw error;
  }
  const store = new Map(transactionStorage.getStore() ?? []);
  store.set(wrapper.alias, state);
  let result: T;
  try {
    result = await transactionStorage.run(store, fn);
  } catch (error) {
    await finish(wrapper, state, false);
    throw error;
  }
  const committed = await finish(wrapper, state, !state.levels[0]!.needsRollback && !state.broken);
  if (committed) await runOnCommit(state);
  return result;
}

/** End the outermost transaction; return true if it committed. */
async function finish(wrapper: BaseDatabaseWrapper, state: TransactionState, commit: boolean): Promise<boolean> {
  state.closed = true;
  let broken = false;
  try {
    if (commit) {
      try {
        await wrapper.executeOn(state.connection, wrapper.ops.commitSql());
        return true;
      } catch (error) {
        broken = true;
        await wrapper.executeOn(state.connection, wrapper.ops.rollbackSql()).catch(() => {});
        throw error;
      }
    }
    try {
      await wrapper.executeOn(state.connection, wrapper.ops.rollbackSql());
    } catch {
      broken = true; // the connection died: nothing left to roll back
    }
    return false;
  } finally {
    wrapper.releaseConnection(state.connection, broken);
  }
}

async function nested<T>(wrapper: BaseDatabaseWrapper, state: TransactionState, fn: () => T | Promise<T>, options: AtomicOptions): Promise<T> {
  if (options.durable && state.levels.some((l) => !l.testWrapper)) {
    throw new TransactionManagementError(
      `A durable atomic block cannot be nested within another atomic block (database '${wrapper.alias}')`,
      'db.durable_nested',
      { alias: wrapper.alias },
    );
  }
  if (options.savepoint === false || !wrapper.features.usesSavepoints) {
    const parent = state.levels[state.levels.length - 1]!;
    try {
      return await fn();
    } catch (error) {
      // No savepoint to return to: the enclosing block can only roll back now.
      state.broken = true;
      parent.needsRollback = true;
      throw error;
    }
  }
  const sid = `rt_s${++state.savepointCounter}`;
  await wrapper.executeOn(state.connection, wrapper.ops.savepointCreateSql(sid));
  const level: AtomicLevel = { savepoint: sid, durable: options.durable ?? false, needsRollback: false, testWrapper: options.testWrapper ?? false };
  state.levels.push(level);
  const depth = state.levels.length - 1;
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    state.levels.pop();
    await rollbackTo(wrapper, state, sid, depth);
    throw error;
  }
  state.levels.pop();
  if (level.needsRollback) {
    await rollbackTo(wrapper, state, sid, depth);
    return result;
  }
  await wrapper.executeOn(state.connection, wrapper.ops.savepointCommitSql(sid));
  for (const entry of state.onCommit) if (entry.depth >= depth) entry.depth = depth - 1;
  return result;
}

async function rollbackTo(wrapper: BaseDatabaseWrapper, state: TransactionState, sid: string, depth: number): Promise<void> {
  state.onCommit = state.onCommit.filter((e) => e.depth < depth);
  try {
    await wrapper.executeOn(state.connection, wrapper.ops.savepointRollbackSql(sid));
    await wrapper.executeOn(state.connection, wrapper.ops.savepointCommitSql(sid));
    state.broken = false;
  } catch {
    state.broken = true;
    state.levels[state.levels.length - 1]!.needsRollback = true;
  }
}

async function runOnCommit(state: TransactionState): Promise<void> {
  let firstError: unknown;
  for (const entry of state.onCommit) {
    try {
      await entry.fn();
    } catch (error) {
      if (!entry.robust) {
        firstError ??= error;
        break;
      }
    }
  }
  if (firstError !== undefined) throw firstError;
}

/**
 * Run `fn` after the outermost transaction of `using` commits; drop it if that transaction (or
 * the savepoint it was registered in) rolls back. Outside a transaction, run it now.
 * With `robust: true` an error in `fn` is swallowed and the next callback still runs.
 *
 * @example
 * await atomic(async () => { await saveOrder(); onCommit(() => sendMail()); });
 */
export async function onCommit(fn: () => unknown, options: { using?: string | BaseDatabaseWrapper; robust?: boolean } = {}): Promise<void> {
  const wrapper = resolve(options.using);
  const state = activeTransaction(wrapper.alias, wrapper);
  if (!state) {
    try {
      await fn();
    } catch (error) {
      if (!options.robust) throw error;
    }
    return;
  }
  state.onCommit.push({ fn, depth: state.levels.length - 1, robust: options.robust ?? false });
}

/**
 * Mark the innermost atomic block to roll back when it exits (without raising), or clear the
 * mark with `false`.
 *
 * @example
 * await atomic(async () => { ...; if (dryRun) setRollback(true); });
 */
export function setRollback(rollback: boolean, options: { using?: string | BaseDatabaseWrapper } = {}): void {
  const wrapper = resolve(options.using);
  const state = activeTransaction(wrapper.alias, wrapper);
  if (!state) {
    throw new TransactionManagementError(`setRollback() needs an atomic block on database '${wrapper.alias}'`, 'db.no_atomic_block', { alias: wrapper.alias });
  }
  const level = state.levels[state.levels.length - 1]!;
  level.needsRollback = rollback;
  if (!rollback) state.broken = false;
}

/** Return whether the innermost atomic block is marked to roll back. */
export function getRollback(options: { using?: string | BaseDatabaseWrapper } = {}): boolean {
  const wrapper = resolve(options.using);
  const state = activeTransaction(wrapper.alias, wrapper);
  return state ? state.levels[state.levels.length - 1]!.needsRollback : false;
}

/** Return whether this async context is inside an atomic block on `using`. */
export function isInAtomicBlock(options: { using?: string | BaseDatabaseWrapper } = {}): boolean {
  const wrapper = resolve(options.using);
  return activeTransaction(wrapper.alias, wrapper) !== undefined;
}
