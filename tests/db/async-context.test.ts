// ScopedContext: the AsyncLocalStorage behind atomic() and captureQueries(), tracked by Node
// only while a run is in progress.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { ScopedContext } from '../../src/db/backends/base/async-context.ts';

describe('ScopedContext', () => {
  it('carries the value through awaits inside run() and not outside', async () => {
    const ctx = new ScopedContext<string>();
    assert.equal(ctx.getStore(), undefined);
    const seen = await ctx.run('a', async () => {
      await tick();
      const inner = await ctx.run('b', async () => {
        await tick();
        return ctx.getStore();
      });
      return [ctx.getStore(), inner];
    });
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(ctx.getStore(), undefined);
  });

  it('keeps the values of concurrent runs apart', async () => {
    const ctx = new ScopedContext<number>();
    const run = (n: number) => ctx.run(n, async () => {
      for (let i = 0; i < 3; i++) await tick();
      return ctx.getStore();
    });
    assert.deepEqual(await Promise.all([run(1), run(2), run(3)]), [1, 2, 3]);
  });

  it('stops tracking when the last run settles: a task it left behind sees no value, unless another run is still open', async () => {
    const ctx = new ScopedContext<string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const leftBehind: Array<Promise<string | undefined>> = [];
    const leak = () => leftBehind.push(gate.then(() => ctx.getStore()));

    // Alone: the run settles before its task reads, so the task sees nothing.
    await ctx.run('alone', async () => { leak(); });
    release();
    assert.equal(await leftBehind[0], undefined);

    // With another run still open, tracking goes on and the task keeps its run's value.
    let finishOuter!: () => void;
    const outer = ctx.run('outer', () => new Promise<void>((resolve) => { finishOuter = resolve; }));
    await ctx.run('inner', async () => { leftBehind.push(tick().then(() => tick()).then(() => ctx.getStore())); });
    assert.equal(await leftBehind[1], 'inner');
    finishOuter();
    await outer;
    assert.equal(ctx.getStore(), undefined);
  });

  it('stops tracking after a run that throws', async () => {
    const ctx = new ScopedContext<string>();
    await assert.rejects(ctx.run('x', async () => { throw new Error('boom'); }), /boom/);
    assert.equal(ctx.getStore(), undefined);
    assert.equal(await ctx.run('y', async () => { await tick(); return ctx.getStore(); }), 'y');
  });
});
