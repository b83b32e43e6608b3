import { Engine } from '../src/template/index.ts';
const fortunes = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, message: i % 7 === 0 ? `<script>alert("fortune ${i}")</script> & more` : `A fortune cookie message number ${i}, with 'quotes' & ampersands`, author: i % 3 === 0 ? null : `author ${i}` }));
const django: Record<string, string> = {
  'base.html': '<!DOCTYPE html><html><head><title>{% block title %}Site{% endblock %}</title></head>\n<body><header>{{ siteName|upper }}</header>\n{% block content %}{% endblock %}\n<footer>&copy; {{ year }}</footer></body></html>',
  'fortunes.html': '{% extends "base.html" %}{% block title %}Fortunes{% endblock %}{% block content %}\n<table>\n<tr><th>id</th><th>message</th><th>by</th></tr>\n{% for f in fortunes %}<tr class="{% if forloop.counter|divisibleby:2 %}even{% else %}odd{% endif %}"><td>{{ f.id }}</td><td>{{ f.message }}</td><td>{{ f.author|default:"anonymous"|upper }}</td></tr>\n{% endfor %}</table>\n<p>{{ fortunes|length }} fortunes</p>{% endblock %}',
};
const e = new Engine({ templates: django });
const t = e.getTemplate('fortunes.html');
const ctx = { fortunes, siteName: 'x', year: 1 };
for (let r = 0; r < 5; r++) {
  let n = 0; const w = performance.now(); const c = process.cpuUsage();
  while (performance.now() - w < 1000) { await t.render(ctx); n++; }
  const d = process.cpuUsage(c); console.log(Math.round(n * 1e6 / (d.user + d.system)), 'per cpu-s;', n, 'per wall-s');
}
