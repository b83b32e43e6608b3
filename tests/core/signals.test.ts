import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Signal } from '../../src/core/signals.ts';

test('send awaits async receivers in connection order and returns their results', async () => {
  const sig = new Signal<string, { n: number }>();
  const order: string[] = [];
  sig.connect(async ({ n }) => {
    await new Promise((r) => setImmediate(r));
    order.push(`a${n}`);
    return 1;
  });
  sig.connect(({ n, sender }) => {
    order.push(`b${n}${sender}`);
    return 2;
  });
  const results = await sig.send('S', { n: 7 });
  assert.deepEqual(order, ['a7', 'b7S']);
  assert.deepEqual(results.map((r) => r[1]), [1, 2]);
});

test('receivers connected for a sender only hear that sender; duplicates are ignored', async () => {
  const sig = new Signal<string>();
  let calls = 0;
  const r = () => {
    calls++;
  };
  sig.connect(r, { sender: 'A' });
  sig.connect(r, { sender: 'A' });
  await sig.send('B');
  await sig.send('A');
  assert.equal(calls, 1);
  assert.equal(sig.disconnect(r, { sender: 'A' }), true);
  await sig.send('A');
  assert.equal(calls, 1);
});

test('send propagates a receiver error; sendRobust returns it', async () => {
  const sig = new Signal();
  sig.connect(() => {
    throw new Error('bad receiver');
  });
  await assert.rejects(sig.send(null), /bad receiver/);
  const [[, result]] = (await sig.sendRobust(null)) as [[unknown, unknown]];
  assert.ok(result instanceof Error);
});

test('dispatchUid and once', async () => {
  const sig = new Signal();
  let n = 0;
  sig.connect(() => void n++, { dispatchUid: 'x' });
  sig.connect(() => void n++, { dispatchUid: 'x' });
  sig.connect(() => void (n += 10), { once: true });
  await sig.send(null);
  await sig.send(null);
  assert.equal(n, 12);
  assert.equal(sig.hasListeners(), true);
});
