// The transaction engine on one wrapper: pin a pooled connection for the async context
// (AsyncLocalStorage), nest as savepoints, run onCommit callbacks after the outermost commit.
// src/db/transaction.ts resolves aliases and re-exports this as the public API; the schema
// editor uses it directly (no import of the connection registry from base).
import { TransactionManagementError } from '../../utils.ts';
import { activeTransaction, transactionStorage } from './transaction-state.ts';
import type { AtomicLevel, TransactionState } from './transaction-state.ts';
import type { BaseDatabaseWrapper } from './base.ts';

/** Options of `atomicOn()` (and of `atomic()`, which adds `using`). */
export interface AtomicCoreOptions {
  /** Nested blocks create a savepoint (default true); false: an error dooms the outer block. */
  savepoint?: boolean | undefined;
  /** Refuse to run nested inside another atomic block (default false). */
  durable?: boolean | undefined;
  /** The transaction a test runner wraps a test in: durable blocks inside it are allowed. */
  testWrapper?: boolean | undefined;
  /** Statements run on the pinned connection before BEGIN / after the end (outermost only). */
  setupSql?: string[] | undefined;
  teardownSql?: string[] | undefined;
}

/**
 * Run `fn` in a transaction on `wrapper` (the engine behind `atomic()` in db/transaction.ts;
 * see it for the behaviour). Used directly by code below the connection registry, such as
 * the schema editor.
 *
 * @example
 * await atomicOn(conn, async () => conn.execute('DELETE FROM "t"'));
 */
export function atomicOn<T>(wrapper: BaseDatabaseWrapper, fn: () => T | Promise<T>, options: AtomicCoreOptions = {}): Promise<T> {
  try {
    const state = activeTransaction(wrapper.alias, wrapper);
    if (state) return nested(wrapper, state, fn, options);
    return outermost(wrapper, fn, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

// The outermost block is written as promise chains, not async functions: inside atomic()
// Node's promise hooks are on, so every extra promise layer costs (see async-context.ts).
function outermost<T>(wrapper: BaseDatabaseWrapper, fn: () => T | Promise<T>, options: AtomicCoreOptions): Promise<T> {
  return wrapper.acquireConnection().then((connection) => {
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
    if (options.setupSql?.length) return begin(wrapper, state, options.setupSql).then(() => runBlock(wrapper, state, fn, options, false));
    return runBlock(wrapper, state, fn, options, true);
  });
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/**
 * Run `fn` with the block's state in the async context, then commit or roll back. With
 * `beginInside`, BEGIN runs first inside that context (through executeNow, on the pinned
 * connection). When the driver answered BEGIN synchronously (SQLite), COMMIT also runs
 * synchronously right after `fn` settles, still inside the context; otherwise `finish` ends
 * the block after the context is left, as for every asynchronous driver.
 */
function runBlock<T>(wrapper: BaseDatabaseWrapper, state: TransactionState, fn: () => T | Promise<T>, options: AtomicCoreOptions, beginInside: boolean): Promise<T> {
  state.teardownSql = options.teardownSql ?? [];
  const store = new Map(transactionStorage.getStore() ?? []);
  store.set(wrapper.alias, state);
  let begun = !beginInside;
  /** Set when the block already ended inside the context (synchronous COMMIT, or its failure). */
  let ended: boolean | Promise<boolean> | undefined;
  const commitNow = (value: T): T => {
    if (state.levels[0]!.needsRollback || state.broken) return value;
    let c: unknown;
    try {
      c = wrapper.executeNow(wrapper.ops.commitSql());
    } catch (error) {
      ended = commitFailed(wrapper, state, error);
      return value;
    }
    state.closed = true;
    if (c instanceof Promise) ended = c.then(() => releaseBlock(wrapper, state, false)).then(() => true, (error: unknown) => commitFailed(wrapper, state, error));
    else {
      const r = releaseBlock(wrapper, state, false);
      ended = r ? r.then(() => true) : true;
    }
    return value;
  };
  const body = (): T | Promise<T> => {
    if (!beginInside) return fn();
    let b: unknown;
    try {
      b = wrapper.executeNow(wrapper.ops.startTransactionSql());
    } catch (error) {
      return beginFailed(wrapper, state, error);
    }
    if (b instanceof Promise) {
      return b.then(() => {
        begun = true;
        return fn();
      }, (error: unknown) => beginFailed(wrapper, state, error));
    }
    begun = true;
    const r = fn();
    return isThenable(r) ? Promise.resolve(r).then(commitNow) : commitNow(r);
  };
  return transactionStorage.run(store, body).then(
    (result) => {
      const done = ended ?? finish(wrapper, state, !state.levels[0]!.needsRollback && !state.broken);
      if (done === true) return state.onCommit.length ? runOnCommit(state).then(() => result) : result;
      if (done === false) return result;
      return done.then((committed) => (committed && state.onCommit.length ? runOnCommit(state).then(() => result) : result));
    },
    (error: unknown) => {
      if (!begun) throw error; // BEGIN failed: the connection was released already
      return finish(wrapper, state, false).then(() => {
        throw error;
      });
    },
  );
}

/** BEGIN failed: give the connection back as broken (the block never opened) and rethrow. */
function beginFailed(wrapper: BaseDatabaseWrapper, state: TransactionState, error: unknown): never {
  state.closed = true;
  wrapper.releaseConnection(state.connection, true);
  throw error;
}

/** Run the setup statements and BEGIN on the block's connection; on failure release it and rethrow. */
function begin(wrapper: BaseDatabaseWrapper, state: TransactionState, setupSql: string[]): Promise<void> {
  const connection = state.connection;
  let p = Promise.resolve();
  for (const sql of setupSql) p = p.then(() => wrapper.executeOn(connection, sql));
  p = p.then(() => wrapper.executeOn(connection, wrapper.ops.startTransactionSql()));
  return p.catch((error: unknown) => {
    wrapper.releaseConnection(connection, true);
    throw error;
  });
}

/** End the outermost transaction; resolve to true if it committed. */
function finish(wrapper: BaseDatabaseWrapper, state: TransactionState, commit: boolean): Promise<boolean> {
  state.closed = true;
  if (!commit) return rollbackOutermost(wrapper, state);
  return wrapper.executeOn(state.connection, wrapper.ops.commitSql()).then(
    () => releaseBlock(wrapper, state, false) ?? RESOLVED,
    (error: unknown) => commitFailed(wrapper, state, error),
  ).then(() => true);
}

/** COMMIT failed: roll back what is left, give the connection back as broken, rethrow. */
async function commitFailed(wrapper: BaseDatabaseWrapper, state: TransactionState, error: unknown): Promise<never> {
  state.closed = true;
  await wrapper.executeOn(state.connection, wrapper.ops.rollbackSql()).catch(() => {});
  await releaseBlock(wrapper, state, true);
  throw error;
}

async function rollbackOutermost(wrapper: BaseDatabaseWrapper, state: TransactionState): Promise<boolean> {
  let broken = false;
  try {
    await wrapper.executeOn(state.connection, wrapper.ops.rollbackSql());
  } catch {
    broken = true; // the connection died: nothing left to roll back
  }
  await releaseBlock(wrapper, state, broken);
  return false;
}

/** Run the teardown statements (a failure marks the connection broken) and give the connection back. */
function releaseBlock(wrapper: BaseDatabaseWrapper, state: TransactionState, broken: boolean): void | Promise<void> {
  const teardown = state.teardownSql ?? [];
  if (teardown.length === 0) {
    wrapper.releaseConnection(state.connection, broken);
    return;
  }
  let p = Promise.resolve();
  for (const sql of teardown) {
    p = p.then(() => wrapper.executeOn(state.connection, sql).catch(() => {
      broken = true;
    }));
  }
  return p.then(() => wrapper.releaseConnection(state.connection, broken));
}

const RESOLVED: Promise<void> = Promise.resolve();

async function nested<T>(wrapper: BaseDatabaseWrapper, state: TransactionState, fn: () => T | Promise<T>, options: AtomicCoreOptions): Promise<T> {
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
export async function onCommitOn(wrapper: BaseDatabaseWrapper, fn: () => unknown, options: { robust?: boolean | undefined } = {}): Promise<void> {
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
export function setRollbackOn(wrapper: BaseDatabaseWrapper, rollback: boolean): void {
  const state = activeTransaction(wrapper.alias, wrapper);
  if (!state) {
    throw new TransactionManagementError(`setRollback() needs an atomic block on database '${wrapper.alias}'`, 'db.no_atomic_block', { alias: wrapper.alias });
  }
  const level = state.levels[state.levels.length - 1]!;
  level.needsRollback = rollback;
  if (!rollback) state.broken = false;
}

/**
 * Return whether the innermost atomic block is marked to roll back.
 *
 * @example
 * getRollbackOn(conn) // false
 */
export function getRollbackOn(wrapper: BaseDatabaseWrapper): boolean {
  const state = activeTransaction(wrapper.alias, wrapper);
  return state ? state.levels[state.levels.length - 1]!.needsRollback : false;
}

/**
 * Return whether this async context is inside an atomic block on `using`.
 *
 * @example
 * await atomicOn(conn, () => isInAtomicBlockOn(conn)) // true
 */
export function isInAtomicBlockOn(wrapper: BaseDatabaseWrapper): boolean {
  return activeTransaction(wrapper.alias, wrapper) !== undefined;
}
