import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { markSafe } from '../../src/template/index.ts';
import { render } from './helpers.ts';

const cases: [string, string, Record<string, unknown>, string][] = [
  ['add', '{{ 2|add:"3" }} {{ a|add:b }}', { a: [1], b: [2] }, '5 [1, 2]'],
  ['addslashes', '{{ s|addslashes }}', { s: "I'm" }, 'I\\&#x27;m'],
  ['capfirst', '{{ "abc"|capfirst }}', {}, 'Abc'],
  ['center', '[{{ "ab"|center:6 }}]', {}, '[  ab  ]'],
  ['cut', '{{ "a b c"|cut:" " }}', {}, 'abc'],
  ['date', '{{ d|date:"Y-m-d H:i" }} {{ d|date }}', { d: new Date(2024, 1, 3, 4, 5) }, '2024-02-03 04:05 Feb. 3, 2024'],
  ['default', '{{ x|default:"d" }}', { x: '' }, 'd'],
  ['default_if_none', '{{ x|default_if_none:"d" }}', { x: null }, 'd'],
  ['dictsort', '{% for r in rs|dictsort:"n" %}{{ r.n }}{% endfor %}', { rs: [{ n: 2 }, { n: 1 }] }, '12'],
  ['dictsortreversed', '{% for r in rs|dictsortreversed:"n" %}{{ r.n }}{% endfor %}', { rs: [{ n: 1 }, { n: 2 }] }, '21'],
  ['divisibleby', '{{ 9|divisibleby:3 }}', {}, 'True'],
  ['escape', '{% autoescape off %}{{ s|escape }}{% endautoescape %}', { s: '<' }, '&lt;'],
  ['escapejs', '{{ s|escapejs }}', { s: "'<" }, '\\u0027\\u003C'],
  ['escapeseq', '{% autoescape off %}{{ xs|escapeseq|join:"," }}{% endautoescape %}', { xs: ['<', '&'] }, '&lt;,&amp;'],
  ['filesizeformat', '{{ 1536|filesizeformat }}', {}, '1.5\u00a0KB'],
  ['first', '{{ xs|first }}', { xs: [1, 2] }, '1'],
  ['floatformat', '{{ 34.26|floatformat }} {{ 3|floatformat:2 }} {{ 1234.5|floatformat:"2g" }}', {}, '34.3 3.00 1,234.50'],
  ['force_escape', '{{ s|force_escape }}', { s: markSafe('<') }, '&lt;'],
  ['get_digit', '{{ 123|get_digit:2 }}', {}, '2'],
  ['iriencode', '{{ s|iriencode }}', { s: '/é?a=1&b' }, '/%C3%A9?a=1&amp;b'],
  ['join', '{{ xs|join:", " }}', { xs: ['a', '<'] }, 'a, &lt;'],
  ['json_script', '{{ v|json_script:"d" }}', { v: { a: '<' } }, '<script id="d" type="application/json">{"a": "\\u003C"}</script>'],
  ['last', '{{ xs|last }}', { xs: [1, 2] }, '2'],
  ['length', '{{ xs|length }}', { xs: [1, 2] }, '2'],
  ['linebreaks', '{{ s|linebreaks }}', { s: 'a\nb\n\nc' }, '<p>a<br>b</p>\n\n<p>c</p>'],
  ['linebreaksbr', '{{ s|linebreaksbr }}', { s: 'a\nb' }, 'a<br>b'],
  ['linenumbers', '{{ s|linenumbers }}', { s: 'a\nb' }, '1. a\n2. b'],
  ['ljust', '[{{ "a"|ljust:3 }}]', {}, '[a  ]'],
  ['lower', '{{ "AB"|lower }}', {}, 'ab'],
  ['make_list', '{{ "ab"|make_list }}', {}, '[&#x27;a&#x27;, &#x27;b&#x27;]'],
  ['phone2numeric', '{{ "1-800-ABC"|phone2numeric }}', {}, '1-800-222'],
  ['pluralize', 'vote{{ 2|pluralize }} cand{{ 1|pluralize:"y,ies" }}', {}, 'votes candy'],
  ['pprint', '{{ d|pprint }}', { d: { b: 1, a: 2 } }, '{&#x27;a&#x27;: 2, &#x27;b&#x27;: 1}'],
  ['random', '{{ xs|random }}', { xs: ['only'] }, 'only'],
  ['rjust', '[{{ "a"|rjust:3 }}]', {}, '[  a]'],
  ['safe', '{{ s|safe }}', { s: '<b>' }, '<b>'],
  ['safeseq', '{{ xs|safeseq|join:"" }}', { xs: ['<b>'] }, '<b>'],
  ['slice', '{{ xs|slice:"1:" }} {{ "hello"|slice:"::2" }}', { xs: [1, 2, 3] }, '[2, 3] hlo'],
  ['slugify', '{{ "Héllo, World!"|slugify }}', {}, 'hello-world'],
  ['stringformat', '{{ 42|stringformat:"05d" }} {{ 3.14159|stringformat:".2f" }} {{ 255|stringformat:"x" }}', {}, '00042 3.14 ff'],
  ['striptags', '{{ s|striptags }}', { s: '<p>a <b>b</b></p>' }, 'a b'],
  ['time', '{{ d|time:"H:i" }} {{ d|time }}', { d: new Date(2024, 0, 1, 13, 0) }, '13:00 1 p.m.'],
  ['timesince', '{{ a|timesince:b }}', { a: new Date(2024, 0, 1), b: new Date(2024, 0, 18) }, '2\u00a0weeks, 3\u00a0days'],
  ['timeuntil', '{{ b|timeuntil:a }}', { a: new Date(2024, 0, 1), b: new Date(2024, 0, 2) }, '1\u00a0day'],
  ['title', '{{ "hello world"|title }}', {}, 'Hello World'],
  ['truncatechars', '{{ "Joel is a slug"|truncatechars:9 }}', {}, 'Joel is …'],
  ['truncatechars_html', '{{ s|truncatechars_html:4 }}', { s: markSafe('<b>abcdef</b>') }, '<b>abc…</b>'],
  ['truncatewords', '{{ "a b c"|truncatewords:2 }}', {}, 'a b …'],
  ['truncatewords_html', '{{ s|truncatewords_html:1 }}', { s: markSafe('<i>a b</i>') }, '<i>a …</i>'],
  ['unordered_list', '{{ xs|unordered_list }}', { xs: ['a', ['b']] }, '\t<li>a\n\t<ul>\n\t\t<li>b</li>\n\t</ul>\n\t</li>'],
  ['upper', '{{ "ab"|upper }}', {}, 'AB'],
  ['urlencode', '{{ "a b/c"|urlencode }} {{ "a/b"|urlencode:"" }}', {}, 'a%20b/c a%2Fb'],
  ['urlize', '{{ s|urlize }}', { s: 'see www.x.com.' }, 'see <a href="http://www.x.com" rel="nofollow">www.x.com</a>.'],
  ['urlizetrunc', '{{ s|urlizetrunc:8 }}', { s: 'http://example.com' }, '<a href="http://example.com" rel="nofollow">http://…</a>'],
  ['wordcount', '{{ "a b  c"|wordcount }}', {}, '3'],
  ['wordwrap', '{{ "aaa bbb ccc"|wordwrap:7 }}', {}, 'aaa bbb\nccc'],
  ['yesno', '{{ t|yesno:"y,n" }} {{ n|yesno }}', { t: true, n: null }, 'y maybe'],
];

describe('builtin filters', () => {
  for (const [name, src, ctx, want] of cases) {
    test(`${name} renders as Django does`, async () => {
      assert.equal(await render(src, ctx), want);
    });
  }

  test('is_safe filters keep safe input safe; others do not', async () => {
    const s = markSafe('<b>');
    assert.equal(await render('{{ s|lower }} {{ s|upper }}', { s }), '<b> &lt;B&gt;');
  });

  test('needs_autoescape filters follow the autoescape setting', async () => {
    assert.equal(await render('{% autoescape off %}{{ xs|join:"&" }}{% endautoescape %}', { xs: ['<', '>'] }), '<&>');
  });
});
