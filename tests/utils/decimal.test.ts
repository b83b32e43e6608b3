import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from '../../src/utils/decimal.ts';

test('adds, subtracts and multiplies exactly', () => {
  assert.equal(new Decimal('0.1').add('0.2').toString(), '0.3');
  assert.equal(new Decimal('1.00').sub('0.005').toString(), '0.995');
  assert.equal(new Decimal('-1.5').mul('2.25').toString(), '-3.375');
  assert.equal(new Decimal('123456789012345678901234567890.5').add(1).toString(), '123456789012345678901234567891.5');
});

test('divides to a number of places with half-even rounding', () => {
  assert.equal(new Decimal('10').div('3', 4).toString(), '3.3333');
  assert.equal(new Decimal('2').div('3', 2).toString(), '0.67');
  assert.equal(new Decimal('1').div('8', 2).toString(), '0.12');
  assert.throws(() => new Decimal(1).div(0), /division by zero/);
});

test('rounds with the chosen mode and pads places', () => {
  assert.equal(new Decimal('2.345').round(2).toString(), '2.34');
  assert.equal(new Decimal('2.355').round(2).toString(), '2.36');
  assert.equal(new Decimal('2.345').round(2, 'halfUp').toString(), '2.35');
  assert.equal(new Decimal('-2.341').round(2, 'floor').toString(), '-2.35');
  assert.equal(new Decimal('1').round(2).toString(), '1.00');
});

test('parses exponents, signs and numbers', () => {
  assert.equal(new Decimal('1.5e3').toString(), '1500');
  assert.equal(new Decimal('-.5').toString(), '-0.5');
  assert.equal(new Decimal(0.1).toString(), '0.1');
  assert.equal(new Decimal(12n).toString(), '12');
  assert.throws(() => new Decimal('1,5'), /Invalid decimal/);
  assert.throws(() => new Decimal(Number.NaN), RangeError);
});

test('compares numerically and serialises as a string', () => {
  assert.ok(new Decimal('1.0').eq('1'));
  assert.equal(new Decimal('1.01').cmp('1.1'), -1);
  assert.equal(JSON.stringify({ price: new Decimal('9.90') }), '{"price":"9.90"}');
  assert.deepEqual(new Decimal('123.450').digits(), { whole: 3, fraction: 3 });
});
