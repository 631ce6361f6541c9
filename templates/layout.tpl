{{%AUTOESCAPE context="HTML"}}
{{! BODY is one screen's template: it sees only its own dictionary, none of these values. }}
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · {{BRAND_NAME}}</title>
<link rel="stylesheet" href="/static/style.css">
{{#BRAND_CSS}}
<link rel="stylesheet" href="/brand.css">
{{/BRAND_CSS}}
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
{{#SANDBOX}}
<p class="sandbox-banner" id="sandbox-banner" role="status">Sandbox data — this Workdesk is connected to the built-in Upwork stand-in, not to Upwork.</p>
{{/SANDBOX}}
<div class="bar">
<a class="brand" href="/"><img src="{{BRAND_LOGO:U=html}}" alt="" width="28" height="28"><span>{{BRAND_NAME}}</span></a>
{{#SIGNED_IN}}
{{! On a phone the navigation and Sign out fold into this disclosure, which
    needs no script; from 60rem the stylesheet shows its content in a row and
    hides the summary. }}
<details class="menu">
<summary>Menu</summary>
<div class="menu-panel">
<nav aria-label="Main">
<ul>
{{#NAV}}
<li><a href="{{NAV_HREF}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_LABEL}}</a></li>
{{/NAV}}
</ul>
</nav>
<form method="post" action="/auth/logout" class="signout"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><button type="submit">Sign out</button></form>
</div>
</details>
<dl class="who">
<dt class="visually-hidden">Signed in as</dt>
<dd class="who-user">{{USER_NAME}}</dd>
<dt>Organization</dt>
<dd class="who-org"><span id="current-org">{{ORG_NAME}}</span> <a href="/org" id="switch-org">Switch</a></dd>
</dl>
{{/SIGNED_IN}}
{{#SIGNED_OUT}}
<a class="button" href="/auth/login">Sign in</a>
{{/SIGNED_OUT}}
</div>
</header>
<main id="main">
{{#STALE}}<p class="notice warn" role="status" id="stale-banner">Upwork could not be reached just now: this page shows data from {{STALE_AT}}.</p>{{/STALE}}
{{>BODY}}
</main>
<footer class="site-footer">
{{#UPWORK_CONTENT}}
<p class="attribution" id="upwork-attribution">Data on this page comes from Upwork: <a href="https://www.upwork.com/">upwork.com</a></p>
{{/UPWORK_CONTENT}}
<p>Workdesk is an independent application that uses the Upwork API. It is not Upwork and is not endorsed by Upwork.</p>
<p><a href="/privacy">Privacy policy</a></p>
</footer>
</body>
</html>
