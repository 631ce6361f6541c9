'use strict';
// xss-payloads.js: the hostile texts xss.test.js (security-bar test 16)
// puts into job titles, job descriptions, client names and messages.
//
// Where they come from: the OWASP XSS Filter Evasion Cheat Sheet
// (cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html),
// PortSwigger's Cross-site scripting cheat sheet
// (portswigger.net/web-security/cross-site-scripting/cheat-sheet), the
// HTML5 Security Cheatsheet (html5sec.org) and the mutation-XSS write-ups
// behind DOMPurify's namespace-confusion fixes; the template and markdown
// forms are the usual probes for AngularJS/Vue/Jinja/ERB/Pug and markdown
// renderers. Each is cut down to one vector and rewritten so that, if it
// ever ran, it would call alert/confirm/prompt or bump window.__xss: the
// test's canary then sees it (the test overrides the three functions to
// count, and counts dialogs too).
//
// Rules for adding one: distinct from the others; one line unless the
// line break is the point; at most 300 characters (the job card's excerpt
// cuts at 396 bytes); no raw U+0000 (Upwork's JSON may carry it as
// \u0000, but Workdesk's strict parser refuses the whole answer, so it is
// checked on its own: NUL_PAYLOAD below).
//
// Each entry: [group, text]. The group only labels the test's output.

const B64_SCRIPT = 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='; // <script>alert(1)</script>

const PAYLOADS = [
  // ---- script elements -------------------------------------------------
  ['script', '<script>alert(1)</script>'],
  ['script', '<SCRIPT>alert(1)</SCRIPT>'],
  ['script', '<ScRiPt>confirm(1)</sCrIpT>'],
  ['script', '<script>window.__xss++</script>'],
  ['script', '<script src=data:text/javascript,alert(1)></script>'],
  ['script', '<script/src=data:,alert(1)>'],
  ['script', '<script\t>alert(1)</script\t>'],
  ['script', '<script\n>prompt(1)</script\n>'],
  ['script', '<<script>alert(1);//<</script>'],
  ['script', '<script>alert(String.fromCharCode(88,83,83))</script>'],
  ['script', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['script', '<script type="text/javascript">alert(1)</script>'],
  ['script', '<script type=module>alert(1)</script>'],
  ['script', '<script>eval(atob("YWxlcnQoMSk="))</script>'],
  ['script', '<script>setTimeout("alert(1)")</script>'],

  // ---- event handlers ----------------------------------------------------
  ['img', '<img src=x onerror=alert(1)>'],
  ['img', '<IMG SRC=x ONERROR=alert(1)>'],
  ['img', '<iMg SrC=x OnErRoR=confirm(1)>'],
  ['img', '<img src=x onerror="alert(1)">'],
  ['img', "<img src=x onerror='prompt(1)'>"],
  ['img', '<img src=x onerror=alert`1`>'],
  ['img', '<img/src/onerror=alert(1)>'],
  ['img', '<img src="x"onerror="alert(1)">'],
  ['img', '<img src=x:alert(1) onerror=eval(src)>'],
  ['img', '<img src=1 onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>'],
  ['img', '<img src=x onerror=\\u0061lert(1)>'],
  ['img', '<img src=x onerror=top[`al`+`ert`](1)>'],
  ['img', '<img src=x onerror=(alert)(1)>'],
  ['img', '<img src=x onerror=alert.call(null,1)>'],
  ['img', '<img srcset=x onerror=alert(1)>'],
  ['img', '<img """><script>alert(1)</script>">'],
  ['img', '<img src=x onerror=alert(1)//'],
  ['img', '<img src=x on&#0;error=alert(1)>'],
  ['svg', '<svg onload=alert(1)>'],
  ['svg', '<svg/onload=confirm(1)>'],
  ['svg', '<svg><script>alert(1)</script></svg>'],
  ['svg', '<svg><script href=data:,alert(1) />'],
  ['svg', '<svg><animate onbegin=alert(1) attributeName=x dur=1s>'],
  ['svg', '<svg><set attributeName=x onbegin=alert(1) />'],
  ['svg', '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>'],
  ['svg', '<svg onload=alert(1)//'],
  ['body', '<body onload=alert(1)>'],
  ['body', '<body onpageshow=prompt(1)>'],
  ['body', '<BODY ONLOAD=window.__xss++>'],
  ['details', '<details open ontoggle=alert(1)>'],
  ['details', '<details/open/ontoggle="confirm(1)">'],
  ['media', '<video src=x onerror=alert(1)>'],
  ['media', '<video><source onerror=alert(1)></video>'],
  ['media', '<audio src=x onerror=alert(1)>'],
  ['media', '<picture><source srcset=x><img src=x onerror=alert(1)></picture>'],
  ['focus', '<input autofocus onfocus=alert(1)>'],
  ['focus', '<select autofocus onfocus=alert(1)>'],
  ['focus', '<textarea autofocus onfocus=alert(1)></textarea>'],
  ['focus', '<x contenteditable autofocus onfocus=alert(1)>x</x>'],
  ['focus', '<input type=image src=x onerror=alert(1)>'],
  ['frame', '<iframe onload=alert(1)>'],
  ['frame', '<iframe src=javascript:alert(1)>'],
  ['frame', '<iframe srcdoc="<script>parent.alert(1)</script>">'],
  ['frame', '<object data=javascript:alert(1)>'],
  ['frame', '<object data="data:text/html,<script>alert(1)</script>"></object>'],
  ['frame', '<embed src=javascript:alert(1)>'],
  ['frame', `<embed src="data:text/html;base64,${B64_SCRIPT}">`],
  ['other', '<marquee onstart=alert(1)>x</marquee>'],
  ['other', '<style>@keyframes x{}</style><b style="animation-name:x" onanimationstart="alert(1)">x</b>'],
  ['other', '<form><button formaction=javascript:alert(1)>x</button></form>'],
  ['other', '<form action=javascript:alert(1)><input type=submit></form>'],
  ['other', '<isindex type=image src=1 onerror=alert(1)>'],
  ['other', '<xss id=x tabindex=1 onfocus=alert(1) autofocus></xss>'],

  // ---- mutation XSS (namespace and parser confusion) ----------------------
  ['mxss', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['mxss', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['mxss', '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
  ['mxss', '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">'],
  ['mxss', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],

  // ---- javascript: and data: URLs in href/src ------------------------------
  ['url', '<a href="javascript:alert(1)">x</a>'],
  ['url', '<a href=JaVaScRiPt:alert(1)>x</a>'],
  ['url', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['url', '<a href="java&#x09;script:alert(1)">x</a>'],
  ['url', '<a href=" javascript:alert(1)">x</a>'],
  ['url', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ['url', '<a href="vbscript:alert(1)">x</a>'],
  ['url', '<base href="javascript:alert(1)//">'],
  ['url', '<link rel=import href="data:text/html,<script>alert(1)</script>">'],
  ['url', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['url', '<img src="javascript:alert(1)">'],
  ['url', '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>'],
  ['url', '<IMG SRC="jav\tascript:alert(1);">'],
  ['url', '<table background="javascript:alert(1)">'],
  ['url', '<math href="javascript:alert(1)">x</math>'],
  ['url', 'javascript:alert(1)'],
  ['url', 'JaVaScRiPt:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert(1) )//'],
  ['url', `data:text/html;base64,${B64_SCRIPT}`],
  ['url', 'java\nscript:alert(1)'],

  // ---- CSS -------------------------------------------------------------
  ['css', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['css', '<div style="width:expression(alert(1))">x</div>'],
  ['css', '<style>*{background:url("javascript:alert(1)")}</style>'],
  ['css', "<style>@import 'javascript:alert(1)';</style>"],
  ['css', '<div style="-moz-binding:url(x.xml#xss);x:expression(alert(1))">x</div>'],

  // ---- attribute breakouts: " ' and backticks ------------------------------
  ['attr', '"><script>alert(1)</script>'],
  ['attr', "'><script>alert(1)</script>"],
  ['attr', '"><img src=x onerror=alert(1)>'],
  ['attr', "'><svg onload=alert(1)>"],
  ['attr', '" autofocus onfocus="alert(1)'],
  ['attr', "' autofocus onfocus='alert(1)"],
  ['attr', '" onmouseover="alert(1)" x="'],
  ['attr', '` onmouseover=alert(1) x=`'],
  ['attr', '`><img src=x onerror=alert(1)>'],
  ['attr', '"/><svg/onload=alert(1)>'],
  ['attr', "' style='x:expression(alert(1))"],
  ['attr', '" accesskey="x" onclick="alert(1)"'],

  // ---- context breakouts ----------------------------------------------------
  ['break', '</textarea><script>alert(1)</script>'],
  ['break', '</title><script>alert(1)</script>'],
  ['break', '</script><script>alert(1)</script>'],
  ['break', '</style><script>alert(1)</script>'],
  ['break', '</noscript><img src=x onerror=alert(1)>'],
  ['break', '--><script>alert(1)</script>'],
  ['break', '<!--<img src="--><img src=x onerror=alert(1)//">'],
  ['break', ']]><script>alert(1)</script>'],
  ['break', '</option></select><img src=x onerror=alert(1)>'],
  ['break', '</p></li></ul></ol></h1><svg onload=alert(1)>'],
  ['break', '</pre><script>alert(1)</script>'],
  ['break', '</iframe><script>alert(1)</script>'],
  ['break', '</xmp><script>alert(1)</script>'],
  ['break', '</a><a href=javascript:alert(1)>x</a>'],
  ['break', '</dd></dl></article></main><script>alert(1)</script>'],

  // ---- JavaScript strings and template injection ---------------------------
  ['js', "';alert(1);//"],
  ['js', '";alert(1);//'],
  ['js', "\\';alert(1);//"],
  ['js', "'-alert(1)-'"],
  ['js', '</script><svg onload=alert(1)>//\';alert(1)//";alert(1)//'],
  ['template', '${alert(1)}'],
  ['template', '`${alert(1)}`'],
  ['template', "{{constructor.constructor('alert(1)')()}}"],
  ['template', "{{$on.constructor('alert(1)')()}}"],
  ['template', '{{7*7}} {{{alert(1)}}} [[alert(1)]]'],
  ['template', '<%= alert(1) %>'],
  ['template', '#{alert(1)}'],
  ['template', '{% raw %}<script>alert(1)</script>{% endraw %}'],
  ['template', '{{#each x}}<img src=x onerror=alert(1)>{{/each}}'],

  // ---- entity-, percent- and escape-encoded variants -------------------------
  ['encoded', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['encoded', '&#60;script&#62;alert(1)&#60;/script&#62;'],
  ['encoded', '&#x3C;img src=x onerror=alert(1)&#x3E;'],
  ['encoded', '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;'],
  ['encoded', '&lt;svg onload=alert(1)&gt'],
  ['encoded', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
  ['encoded', '%253Cscript%253Ealert(1)%253C%252Fscript%253E'],
  ['encoded', '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'],
  ['encoded', '\\x3cscript\\x3ealert(1)\\x3c/script\\x3e'],
  ['encoded', '+ADw-script+AD4-alert(1)+ADw-/script+AD4-'],
  ['encoded', '\\74script\\76alert(1)\\74/script\\76'],

  // ---- NUL byte forms (as text; a raw U+0000 is NUL_PAYLOAD) -------------------
  ['nul', '<scr%00ipt>alert(1)</scr%00ipt>'],
  ['nul', '<scr\\0ipt>alert(1)</scr\\0ipt>'],
  ['nul', '<img src=x onerror=alert(1)%00>'],
  ['nul', 'java\\0script:alert(1)'],

  // ---- markdown link forms ------------------------------------------------------
  ['markdown', '[x](javascript:alert(1))'],
  ['markdown', '[x](JAVASCRIPT:alert(1))'],
  ['markdown', '![x](x" onerror="alert(1))'],
  ['markdown', '<javascript:alert(1)>'],
  ['markdown', '[x]: javascript:alert(1)'],
  ['markdown', `[x](data:text/html;base64,${B64_SCRIPT})`],
  ['markdown', '[<img src=x onerror=alert(1)>](https://example.com/)'],

  // ---- URLs that a linkifier turns into <a href> ---------------------------------
  ['link', 'https://example.com/"><img src=x onerror=alert(1)>'],
  ['link', 'https://example.com/?q=<script>alert(1)</script>'],
  ['link', "https://example.com/'onmouseover='alert(1)'"],
  ['link', 'http://example.com/" autofocus onfocus="alert(1)" x="'],
  ['link', 'https://example.com/`onfocus=alert(1)`'],

  // ---- Unicode: bidi, separators, BOM, fullwidth, emoji, combining marks ----------------
  ['unicode', '\u202E<img src=x onerror=alert(1)>\u202C'],
  ['unicode', '\u2028<script>alert(1)</script>\u2029'],
  ['unicode', '\uFEFF<script>alert(1)</script>'],
  ['unicode', '＜script＞alert(1)＜／script＞'],
  ['unicode', '🦄<svg onload=alert(1)>🚀'],
  ['unicode', '<scri\u0301pt>alert(1)</scri\u0301pt>'],
  ['unicode', '<img src=x one\u200Brror=alert(1)>'],
  ['unicode', 'مرحبا <img src=x onerror=alert(1)> שלום'],
];

// A raw U+0000 inside markup: where it would be stripped, "<script>" is
// left. Upwork's JSON may carry it (\u0000); Workdesk's parser refuses such
// an answer, so the test opens it on its own page.
const NUL_PAYLOAD = '<scr\u0000ipt>alert(1)</scr\u0000ipt><img src=x o\u0000nerror=alert(1)>';

module.exports = { PAYLOADS, NUL_PAYLOAD };
