import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, FilterExpression, Parser, TextNode, VariableNode, builtinLibrary, tokenize } from '../../src/template/index.ts';

function parse(source: string) {
  const parser = new Parser(tokenize(source), { name: 't.html', source }, [builtinLibrary], new Map());
  return { parser, nodes: parser.parse() };
}

describe('Parser', () => {
  test('builds text and variable nodes and marks non-text content', () => {
    const { nodes } = parse('a{{ b }}c');
    assert.deepEqual(nodes.nodes.map((n) => n.constructor.name), ['TextNode', 'VariableNode', 'TextNode']);
    assert.ok(nodes.containsNontext);
    assert.ok(nodes.nodes[0] instanceof TextNode && nodes.nodes[1] instanceof VariableNode);
  });

  test('finds nested nodes by type', () => {
    const { nodes } = parse('{% if a %}{% for x in y %}{{ x }}{% endfor %}{% endif %}');
    assert.equal(nodes.nodesByType(VariableNode).length, 1);
  });

  test('stops at the tags a block asks for and leaves them unconsumed', () => {
    const p2 = new Parser(tokenize('a{% endthing %}b'), { name: 't', source: '' }, [builtinLibrary], new Map());
    const body = p2.parse(['endthing']);
    assert.equal(body.length, 1);
    assert.equal(p2.nextToken().contents, 'endthing');
  });

  test('reports the tags it expected when it meets another', () => {
    assert.throws(() => parse('{% if a %}{% endfor %}'), /expected 'elif', 'else' or 'endif'/);
  });

  test('requires extends to be the first tag', () => {
    assert.throws(() => parse('{{ x }}{% extends "b" %}'), /must be the first tag/);
  });
});

describe('FilterExpression', () => {
  const find = (name: string) => builtinLibrary.filters.get(name) ?? assert.fail(`no filter ${name}`);

  test('parses a variable with filters and arguments', () => {
    const fe = new FilterExpression('user.name|default:"anon"|truncatechars:n', find);
    assert.deepEqual(fe.variable?.lookups, ['user', 'name']);
    assert.deepEqual(fe.filters.map((f) => f.spec.name), ['default', 'truncatechars']);
    assert.equal(String(fe.filters[0]!.argValue), 'anon');
    assert.deepEqual(fe.filters[1]!.argVariable?.lookups, ['n']);
  });

  test('parses number and string literals', () => {
    assert.equal(new FilterExpression('1.5', find).variable?.literal, 1.5);
    assert.equal(String(new FilterExpression("'a\\'b'", find).literal), "a'b");
  });

  test('rejects what it cannot parse with Django messages', () => {
    assert.throws(() => new FilterExpression('a b', find), /Could not parse the remainder: ' b' from 'a b'/);
    assert.throws(() => new FilterExpression('a._b', find), /may not begin with underscores/);
    assert.throws(() => new FilterExpression('a|upper:1', find), /upper requires 1 arguments, 2 provided/);
  });

  test('an engine compiles templates through the same parser', () => {
    assert.equal(new Engine().fromString('{{ 1|add:2 }}').nodelist.length, 1);
  });
});
