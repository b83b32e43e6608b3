import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryDict } from '../../src/http/query-dict.ts';
import { MultiValueDict, MultiValueDictKeyError } from '../../src/http/multi-value-dict.ts';

describe('QueryDict', () => {
  test('keeps every value of a key; get returns the last', () => {
    const q = QueryDict.parse('a=1&a=2&b=&c');
    assert.equal(q.get('a'), '2');
    assert.deepEqual(q.getlist('a'), ['1', '2']);
    assert.equal(q.get('b'), '');
    assert.equal(q.get('c'), '');
    assert.equal(q.get('zz'), undefined);
    assert.equal(q.get('zz', 'dflt'), 'dflt');
    assert.deepEqual(q.getlist('zz'), []);
    assert.deepEqual([...q.entries()], [['a', '1'], ['a', '2'], ['b', ''], ['c', '']]);
    assert.deepEqual([...q.items()], [['a', '2'], ['b', ''], ['c', '']]);
    assert.deepEqual(q.dict(), { a: '2', b: '', c: '' });
  });

  test('decodes + and UTF-8 percent escapes', () => {
    const q = QueryDict.parse('name=caf%C3%A9+au+lait&x%20y=1');
    assert.equal(q.get('name'), 'café au lait');
    assert.equal(q.get('x y'), '1');
  });

  test('is immutable as parsed; copy() is mutable and independent', () => {
    const q = QueryDict.parse('a=1');
    assert.throws(() => q.set('a', '2'), /immutable/);
    assert.throws(() => q.appendlist('a', '2'), /immutable/);
    const m = q.copy();
    m.appendlist('a', '2');
    m.set('b', '3');
    assert.deepEqual(m.getlist('a'), ['1', '2']);
    assert.deepEqual(q.getlist('a'), ['1']);
    assert.equal(m.urlencode(), 'a=1&a=2&b=3');
  });

  test('urlencode round-trips and honours safe characters', () => {
    const q = QueryDict.parse('next=%2Fa%2Fb%3Fc%3D1&t=a+b');
    assert.equal(q.urlencode(), 'next=%2Fa%2Fb%3Fc%3D1&t=a+b');
    assert.equal(q.urlencode('/'), 'next=/a/b%3Fc%3D1&t=a+b');
  });

  test('rejects malformed escapes with BadRequest and too many fields with TooManyFieldsSent', () => {
    assert.throws(() => QueryDict.parse('a=%zz'), (e: Error & { code?: string }) => e.constructor.name === 'BadRequest');
    assert.throws(() => QueryDict.parse('a=%C3'), /Malformed percent-encoding/);
    assert.throws(() => QueryDict.parse('a&b&c', { maxNumFields: 2 }), (e: Error) => e.constructor.name === 'TooManyFieldsSent');
    assert.equal(QueryDict.parse('a&b', { maxNumFields: 2 }).size, 2);
  });

  test('fromKeys builds one value per key', () => {
    assert.equal(QueryDict.fromKeys(['a', 'b', 'a'], 'v').urlencode(), 'a=v&a=v&b=v');
  });
});

describe('MultiValueDict', () => {
  test('setlist, setdefault, update extend lists; getOrThrow throws a coded error', () => {
    const d = new MultiValueDict<number>([['a', 1]]);
    d.update({ a: 2, b: 3 });
    assert.deepEqual(d.getlist('a'), [1, 2]);
    assert.equal(d.setdefault('c', 9), 9);
    d.setlist('b', [4, 5]);
    assert.deepEqual(d.toJSON(), { a: [1, 2], b: [4, 5], c: [9] });
    assert.throws(() => d.getOrThrow('zz'), MultiValueDictKeyError);
    assert.equal(d.delete('a'), true);
    assert.equal(d.has('a'), false);
  });
});
