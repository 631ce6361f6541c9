'use strict';
// t0098-brand.js: an agency's own look without touching the code (issue
// 15, Done when 3). A config with brand_name, brand_logo, brand_accent and
// templates_override_dir, and in that directory:
//   error.tpl   a good override (a marker in it)   -> used on error pages
//   doc.tpl     no AUTOESCAPE pragma               -> reported, shipped one used
//   layout.tpl  tries to drop the attribution      -> refused, shipped one used
// The rendered pages show the name (escaped), the logo and the accent's
// style sheet, the override's marker, and on every page the Upwork
// attribution and the independence notice exactly as shipped.
//
//   node tests/t/t0098-brand.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ok, done, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const PRAGMA = '{{%AUTOESCAPE context="HTML"}}';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><rect width="28" height="28" fill="#0a7d3b"/></svg>\n';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workdesk-brand.'));
  const over = path.join(dir, 'templates');
  fs.mkdirSync(over);
  fs.writeFileSync(path.join(dir, 'logo.svg'), LOGO);
  const shippedError = fs.readFileSync(path.join(__dirname, '../../templates/error.tpl'), 'utf8');
  fs.writeFileSync(path.join(over, 'error.tpl'),
    shippedError.replace(PRAGMA + '\n', `${PRAGMA}\n<p class="agency-note" id="agency-marker">Acme help desk: call us.</p>\n`));
  fs.writeFileSync(path.join(over, 'doc.tpl'), '<article>{{DOC_HTML:none}}</article>\n');
  fs.writeFileSync(path.join(over, 'layout.tpl'), `${PRAGMA}\n<html><body>{{>BODY}}</body></html>\n`);
  const st = await startStack({
    confExtra: [
      'brand_name = Acme & Sons <Freelance>',
      `brand_logo = ${path.join(dir, 'logo.svg')}`,
      'brand_accent = #0a7d3b',
      `templates_override_dir = ${over}`,
    ].join('\n'),
  });
  try {
    const log = st.appLog();
    ok(/error\.tpl: replaces the shipped error\.tpl/.test(log), 'start: the good override is reported as used');
    ok(/doc\.tpl: does not begin with/.test(log) && /using the shipped doc\.tpl/.test(log), 'start: the override without the pragma is reported, the shipped one used');
    ok(/layout\.tpl: layout\.tpl carries the Upwork attribution .* cannot be replaced/.test(log), 'start: layout.tpl cannot be replaced');

    // Signed out, through nginx.
    let r = await fcgi.httpRequest(`${st.origin}/`);
    const front = r.body;
    ok(r.status === 200 && /<title>[^<]* · Acme &amp; Sons &lt;Freelance&gt;<\/title>/.test(front), 'the title carries the brand name, escaped');
    ok(/<a class="brand" href="\/"><img src="\/brand\/logo"[^>]*><span>Acme &amp; Sons &lt;Freelance&gt;<\/span><\/a>/.test(front),
      'the header shows the logo and the name');
    ok(/<link rel="stylesheet" href="\/static\/style\.css">\s*<link rel="stylesheet" href="\/brand\.css">/.test(front), 'the accent style sheet follows the shipped one');
    ok(/It is not Upwork and is not endorsed by Upwork/.test(front), 'the independence notice stays');
    r = await fcgi.httpRequest(`${st.origin}/brand/logo`);
    ok(r.status === 200 && r.headers['content-type'] === 'image/svg+xml' && r.body === LOGO, '/brand/logo: the configured file, as SVG');
    r = await fcgi.httpRequest(`${st.origin}/brand.css`);
    ok(r.status === 200 && /^text\/css/.test(r.headers['content-type']) && r.body.includes('--accent:#0a7d3b') &&
      /prefers-color-scheme: dark/.test(r.body), '/brand.css: the accent, in the light and dark themes');
    ok(/style-src 'self'/.test(r.headers['content-security-policy'] || ''), '... under the same CSP (no inline style needed)');

    // The override on an error page; the shipped doc.tpl on /privacy.
    r = await fcgi.httpRequest(`${st.origin}/no/such/page`);
    ok(r.status === 404 && r.body.includes('id="agency-marker"') && r.body.includes('class="error-page"'), 'the override error.tpl renders the 404 page, inside the shipped layout');
    r = await fcgi.httpRequest(`${st.origin}/privacy`);
    ok(r.status === 200 && /<article class="prose">/.test(r.body), '/privacy still uses the shipped doc.tpl');

    // Signed in: Upwork content with the attribution as shipped.
    const ada = await fcgi.signin(st, 'ada', 'allow');
    const page = await fcgi.request(st.sock, { path: '/jobs', headers: { Cookie: `__Host-sid=${ada.sid}` } }, st);
    const html = page.body.toString();
    ok(page.status === 200 && html.includes('<p class="attribution" id="upwork-attribution">Data on this page comes from Upwork: <a href="https://www.upwork.com/">upwork.com</a></p>'),
      'signed in: the Upwork attribution, exactly as shipped');
    ok(html.includes('<span>Acme &amp; Sons &lt;Freelance&gt;</span>') && html.includes('href="/brand.css"'), 'signed in: the brand on every page');
  } finally {
    st.finish();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return done(NAME);
}

suite(NAME, main);
