import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCommand, parseCommandArgs, formatCommandHelp } from '../../src/core/management/index.ts';

const cmd = defineCommand({
  help: 'x',
  args: [{ name: 'addrport', help: 'address', optional: true }],
  options: {
    noreload: { type: 'boolean', help: 'no reload' },
    workers: { type: 'number', short: 'w', default: 1, help: 'workers' },
    mode: { type: 'string', choices: ['a', 'b'], help: 'mode' },
  },
  handle() {},
});

test('parses positionals, booleans, numbers and shorts', () => {
  const r = parseCommandArgs('serve', cmd, ['0.0.0.0:80', '-w', '4', '--noreload']);
  assert.deepEqual(r.options, { noreload: true, workers: 4, mode: undefined });
  assert.equal(r.args.addrport, '0.0.0.0:80');
});

test('applies defaults and rejects bad values with the command name', () => {
  assert.deepEqual(parseCommandArgs('serve', cmd, []).options, { noreload: false, workers: 1, mode: undefined });
  assert.throws(() => parseCommandArgs('serve', cmd, ['--mode', 'c']), /serve: --mode must be one of a, b, got 'c'/);
  assert.throws(() => parseCommandArgs('serve', cmd, ['a', 'b']), /serve: unexpected argument 'b'/);
  assert.throws(() => parseCommandArgs('serve', cmd, ['--workrs', '2']), /unknown option '--workrs'; did you mean 'workers'/);
});

test('help lists arguments and options', () => {
  const text = formatCommandHelp('serve', cmd as never);
  assert.match(text, /usage: reinhardt serve \[options\] \[addrport\]/);
  assert.match(text, /-w, --workers <n>\s+workers \(default: 1\)/);
});
