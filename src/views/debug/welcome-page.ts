// The page a new project shows at `/` while DEBUG is on and its URLconf has no patterns yet:
// proof that the install works, and the next three steps. Self-contained (inline CSS and SVG,
// no fonts or images fetched), light and dark.
import { esc } from './debug-layout.ts';
import { REINHARDT_VERSION } from './version.ts';

/** What the welcome page mentions. */
export interface WelcomeInfo {
  /** The root URLconf to edit, e.g. `./mysite/urls.ts`. */
  urlconf?: string;
}

const STYLE = `
:root{--bg:#f6f4ef;--ink:#1c1b22;--mute:#6a6572;--card:#fff;--line:#e6e1d6;--accent:#c2410c;--wood:#9a5b2a;--wood2:#c98a4b}
@media (prefers-color-scheme:dark){:root{--bg:#16151b;--ink:#f1eee8;--mute:#a39eab;--card:#201f27;--line:#34323d;--accent:#fb923c;--wood:#b7763f;--wood2:#e0a86b}}
*{box-sizing:border-box}html{background:var(--bg);color:var(--ink);font:16px/1.55 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;min-height:100vh;display:flex;flex-direction:column}
nav{display:flex;justify-content:space-between;align-items:center;padding:18px 32px;border-bottom:1px solid var(--line)}
.brand{font-weight:700;letter-spacing:.02em;font-size:18px}.brand span{color:var(--accent)}.ver{color:var(--mute);font-size:14px}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.1fr);gap:48px;align-items:center;max-width:1080px;margin:0 auto;padding:56px 32px}
@media (max-width:820px){main{grid-template-columns:1fr;padding:32px 20px;gap:24px}}
h1{font-size:40px;line-height:1.15;margin:0 0 16px;letter-spacing:-.02em}h1 em{font-style:normal;color:var(--accent)}
p.lead{color:var(--mute);font-size:18px;margin:0 0 28px}code{font:14px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--card);border:1px solid var(--line);border-radius:5px;padding:1px 6px}
ol{list-style:none;padding:0;margin:0;display:grid;gap:12px}li{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 18px;display:grid;grid-template-columns:34px 1fr;gap:4px 12px}
li b{grid-row:span 2;width:30px;height:30px;border-radius:50%;background:var(--accent);color:#fff;display:grid;place-items:center;font-size:14px}
li span{color:var(--mute);font-size:14px}svg{width:100%;height:auto;max-height:420px}
.string{stroke:var(--ink);stroke-width:1.4;opacity:.75;animation:hum 2.6s ease-in-out infinite;transform-origin:center}
.string:nth-of-type(2n){animation-delay:.35s}.string:nth-of-type(3n){animation-delay:.7s}
@keyframes hum{0%,100%{transform:translateX(0)}50%{transform:translateX(.6px)}}
@media (prefers-reduced-motion:reduce){.string{animation:none}}
footer{padding:18px 32px;color:var(--mute);font-size:13px;border-top:1px solid var(--line)}
`;

// A guitar body seen from the front: the sound hole and six strings (Django Reinhardt's instrument).
const GUITAR = `<svg viewBox="0 0 400 420" role="img" aria-label="A guitar">
<defs><radialGradient id="w" cx="45%" cy="40%" r="70%"><stop offset="0" stop-color="var(--wood2)"/><stop offset="1" stop-color="var(--wood)"/></radialGradient></defs>
<path d="M200 20c62 0 98 38 98 92 0 34-18 52-18 78 0 30 56 52 56 122 0 64-58 98-136 98S64 376 64 312c0-70 56-92 56-122 0-26-18-44-18-78 0-54 36-92 98-92z" fill="url(#w)"/>
<path d="M200 20c62 0 98 38 98 92 0 34-18 52-18 78 0 30 56 52 56 122 0 64-58 98-136 98S64 376 64 312c0-70 56-92 56-122 0-26-18-44-18-78 0-54 36-92 98-92z" fill="none" stroke="var(--ink)" stroke-opacity=".25" stroke-width="3"/>
<ellipse cx="200" cy="196" rx="52" ry="40" fill="var(--ink)" opacity=".9"/><ellipse cx="200" cy="196" rx="60" ry="48" fill="none" stroke="var(--accent)" stroke-width="3"/>
<rect x="150" y="318" width="100" height="16" rx="4" fill="var(--ink)" opacity=".85"/>
<line class="string" x1="185" y1="0" x2="185" y2="326"/><line class="string" x1="191" y1="0" x2="191" y2="326"/><line class="string" x1="197" y1="0" x2="197" y2="326"/>
<line class="string" x1="203" y1="0" x2="203" y2="326"/><line class="string" x1="209" y1="0" x2="209" y2="326"/><line class="string" x1="215" y1="0" x2="215" y2="326"/>
</svg>`;

/**
 * Render the welcome page.
 *
 * Differs from Django: our own design (Django shows its rocket page); it names the URLconf
 * to edit and the next commands to run.
 *
 * @example
 * welcomePageHtml({ urlconf: './mysite/urls.ts' }) // '<!DOCTYPE html>...The install worked...'
 */
export function welcomePageHtml(info: WelcomeInfo = {}): string {
  const urlconf = esc(info.urlconf ?? 'your root URLconf');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Reinhardt: the install worked</title><style>${STYLE}</style></head><body>
<nav><div class="brand">Reinhardt<span>.</span></div><div class="ver">version ${esc(REINHARDT_VERSION)} · Node.js ${esc(process.version)}</div></nav>
<main><section><h1>The install worked.<br><em>Your project is live.</em></h1>
<p class="lead">You're seeing this page because <code>DEBUG</code> is <code>true</code> and <code>${urlconf}</code> has no URL patterns yet.</p>
<ol>
<li><b>1</b>Create an app<span><code>npx reinhardt startapp polls</code>, then add it to <code>INSTALLED_APPS</code>.</span></li>
<li><b>2</b>Route a URL to a view<span>Add <code>path('', include('./polls/urls.ts'))</code> to <code>${urlconf}</code>; this page goes away.</span></li>
<li><b>3</b>Set up the database and the admin<span><code>npx reinhardt migrate</code> and <code>npx reinhardt createsuperuser</code>.</span></li>
</ol></section>
<section>${GUITAR}</section></main>
<footer>This page is shown only in development. With <code>DEBUG: false</code> the same request answers 404.</footer>
</body></html>
`;
}
