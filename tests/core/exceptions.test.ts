import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError, RequestDataTooBig, DisallowedHost, SuspiciousOperation } from '../../src/core/exceptions.ts';

test('errors carry stable codes and statuses', () => {
  const e = new RequestDataTooBig('too big');
  assert.equal(e.code, 'request_data_too_big');
  assert.equal(e.status, 413);
  assert.ok(new DisallowedHost('x') instanceof SuspiciousOperation);
  assert.equal(new DisallowedHost('x').status, 400);
  assert.equal(new DisallowedHost('x').name, 'DisallowedHost');
});

test('ValidationError holds messages per field and interpolates params', () => {
  const e = new ValidationError({ age: { message: 'Ensure this value is at least %(min)s.', code: 'min_value', params: { min: 18 } } });
  assert.deepEqual(e.messages, ['Ensure this value is at least 18.']);
  assert.ok(e.hasFieldErrors);
  const plain = new ValidationError(['a', 'b'], { code: 'invalid' });
  assert.deepEqual(Object.keys(plain.errorDict), ['__all__']);
  assert.equal(plain.errorDict.__all__![0]!.code, 'invalid');
});
