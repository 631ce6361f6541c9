{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Hello, {{USER_NAME}}</h1>
<p class="meta">Updated {{FETCHED_AT}}</p>
</div>
{{! The blocks the user chose, in their order (page-home.c). Each links to
    its page and says in its own place when its part could not be loaded. }}
<div class="grid" id="blocks">
{{#BLOCKS}}
{{#BLOCK}}
<section class="card block" id="block-{{BLOCK_NAME}}" aria-labelledby="block-{{BLOCK_NAME}}-title">
<h2 id="block-{{BLOCK_NAME}}-title"><a href="{{BLOCK_HREF}}">{{BLOCK_TITLE}}</a></h2>
{{#BLOCK_ERROR}}<p class="notice warn" role="status" id="block-{{BLOCK_NAME}}-error">This part could not be loaded: {{ERROR_TEXT}}</p>{{/BLOCK_ERROR}}
{{#BLOCK_STALE}}<p class="meta" id="block-{{BLOCK_NAME}}-stale">Upwork could not be reached just now: this shows data from {{STALE_AT}}.</p>{{/BLOCK_STALE}}
{{#SEARCHES}}
{{#NO_SEARCHES}}<p class="meta" id="searches-none">You have no saved searches. Save one on the <a href="/jobs">Jobs</a> page to see its new postings here.</p>{{/NO_SEARCHES}}
{{#NO_RECORD}}<p class="meta">Your saved searches could not be read just now.</p>{{/NO_RECORD}}
<ul class="orgs">
{{#SEARCH}}<li id="search-{{S_ID}}"><a href="{{S_HREF}}" dir="auto">{{S_NAME}}</a>: {{#S_BROKEN}}cannot be run{{/S_BROKEN}}{{#S_FAILED}}<span class="failed">not loaded</span>{{/S_FAILED}}{{#S_LOADED}}<strong class="num"><span class="new-count">{{S_NEW}}</span>{{#S_MORE}}+{{/S_MORE}} new</strong> <span class="meta">{{S_SINCE}}</span>{{/S_LOADED}}</li>
{{/SEARCH}}
</ul>
{{#S_OTHERS}}<p class="meta">And {{S_OTHERS_N}} more on the <a href="/jobs">Jobs</a> page.</p>{{/S_OTHERS}}
{{/SEARCHES}}
{{#PROPOSALS}}
<p><strong id="proposals-total">{{P_TOTAL}}</strong> sent and not answered yet.</p>
{{#NO_PROPOSALS}}<p class="meta">None right now.</p>{{/NO_PROPOSALS}}
<ul class="orgs">
{{#PROPOSAL}}<li id="home-proposal-{{P_ID}}"><a href="{{P_HREF}}" dir="auto">{{P_TITLE}}</a> <span class="meta">sent <time datetime="{{WHEN_ISO}}">{{WHEN_AGO}}</time></span></li>
{{/PROPOSAL}}
</ul>
{{/PROPOSALS}}
{{#CONTRACTS}}
<p><strong id="contracts-total">{{C_TOTAL}}</strong> active or paused.</p>
{{#C_FALLBACK}}<p class="meta" id="contracts-fallback">From your work history: this installation's Upwork API key may not list contracts.</p>{{/C_FALLBACK}}
{{#NO_CONTRACTS}}<p class="meta">None right now.</p>{{/NO_CONTRACTS}}
<ul class="orgs">
{{#CONTRACT}}<li id="home-contract-{{C_ID}}"><a href="{{C_HREF}}" dir="auto">{{C_TITLE}}</a>{{C_PAUSED}} <span class="meta what">{{C_WHAT}}</span></li>
{{/CONTRACT}}
</ul>
{{#C_OTHERS}}<p class="meta">And {{C_OTHERS_N}} more on the <a href="/contracts">Contracts</a> page.</p>{{/C_OTHERS}}
{{/CONTRACTS}}
{{#MESSAGES}}
{{#ANY_UNREAD}}<p><strong id="messages-unread">{{M_UNREAD}}{{#M_MORE}} or more{{/M_MORE}}</strong> in <span id="messages-rooms">{{M_ROOMS}}</span>.</p>{{/ANY_UNREAD}}
{{#NO_UNREAD}}<p class="meta" id="messages-none">No unread messages.</p>{{/NO_UNREAD}}
<ul class="orgs">
{{#ROOM}}<li id="home-room-{{R_ID}}"><a href="{{R_HREF}}" dir="auto">{{R_NAME}}</a> <span class="tag"><span class="unread">{{R_UNREAD}}</span> unread</span></li>
{{/ROOM}}
</ul>
{{#M_OTHERS}}<p class="meta">And {{M_OTHERS_N}} more on the <a href="/messages?unread=1">Messages</a> page.</p>{{/M_OTHERS}}
{{/MESSAGES}}
{{#EARNINGS}}
{{#NO_EARNINGS}}<p class="meta" id="earnings-none">No earnings in {{E_LAST}} or {{E_THIS}}.</p>{{/NO_EARNINGS}}
{{#ANY_EARNINGS}}
<div class="table-wrap" role="region" aria-labelledby="block-earnings-title" tabindex="0">
<table id="earnings">
<thead><tr><th scope="col">Currency</th><th scope="col" class="num">{{E_THIS}}</th><th scope="col" class="num">{{E_LAST}}</th><th scope="col" class="num">Change</th></tr></thead>
<tbody>
{{#CURRENCY}}<tr id="earnings-{{E_CURRENCY}}"><th scope="row">{{E_CURRENCY}}</th><td class="num this">{{E_THIS_AMOUNT}}</td><td class="num last">{{E_LAST_AMOUNT}}</td><td class="num change{{#E_DOWN}} negative{{/E_DOWN}}">{{E_CHANGE}}</td></tr>
{{/CURRENCY}}
</tbody>
</table>
</div>
<p class="meta">Hourly, fixed-price and bonus payments before fees, as on the billing page.</p>
{{/ANY_EARNINGS}}
{{/EARNINGS}}
<form method="post" action="/home/blocks" class="actions block-controls">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<input type="hidden" name="block" value="{{BLOCK_NAME}}">
{{#CAN_UP}}<button type="submit" class="button" name="op" value="up">Move up<span class="visually-hidden">: {{BLOCK_TITLE}}</span></button>{{/CAN_UP}}
{{#CAN_DOWN}}<button type="submit" class="button" name="op" value="down">Move down<span class="visually-hidden">: {{BLOCK_TITLE}}</span></button>{{/CAN_DOWN}}
<button type="submit" class="button" name="op" value="hide">Hide<span class="visually-hidden">: {{BLOCK_TITLE}}</span></button>
</form>
</section>
{{/BLOCK}}
{{/BLOCKS}}
{{#CHOOSER}}
<section class="card" id="dashboard" aria-labelledby="dashboard-title">
<h2 id="dashboard-title">Your dashboard</h2>
{{#NONE_SHOWN}}<p id="dashboard-intro">Your dashboard can sum up, from Upwork, what needs you today: new jobs for your saved searches, proposals waiting for an answer, active contracts, unread messages and this month's earnings. Choose the parts you want; you can move and hide them later.</p>{{/NONE_SHOWN}}
{{#ALL_SHOWN}}<p class="meta">Every part is shown. Hide one with its Hide button.</p>{{/ALL_SHOWN}}
{{#ANY_HIDDEN}}<ul class="orgs">
{{#HIDDEN}}<li id="hidden-{{BLOCK_NAME}}"><form method="post" action="/home/blocks" class="actions"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><input type="hidden" name="block" value="{{BLOCK_NAME}}"><span>{{BLOCK_TITLE}}</span> <button type="submit" class="button" name="op" value="show">Show<span class="visually-hidden">: {{BLOCK_TITLE}}</span></button></form></li>
{{/HIDDEN}}
</ul>{{/ANY_HIDDEN}}
{{#SHOW_ALL}}<form method="post" action="/home/blocks" class="actions"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><button type="submit" class="button primary" name="op" value="all" id="show-all">Show all</button></form>{{/SHOW_ALL}}
</section>
{{/CHOOSER}}
<section class="card" aria-labelledby="account-title">
<h2 id="account-title">Your account</h2>
<dl class="facts">
<dt>Name</dt>
<dd id="user-name">{{USER_NAME}}</dd>
<dt>Upwork username</dt>
<dd>{{USER_NID}}</dd>
<dt>Organization</dt>
<dd><span id="org-name">{{ORG_NAME}}</span> <span class="tag">{{ORG_TYPE}}</span></dd>
</dl>
{{#PROFILE_LINK}}
<p><a class="button" href="{{UPWORK_PROFILE_URL}}">View your profile on Upwork</a></p>
{{/PROFILE_LINK}}
</section>
<section class="card" aria-labelledby="orgs-title">
<h2 id="orgs-title">Organizations you can act in</h2>
<ul class="orgs">
{{#ORGS}}
<li>{{ORG_TITLE}} <span class="tag">{{ORG_TYPE_TITLE}}</span>{{#ORG_CURRENT}} <strong class="current">(current)</strong>{{/ORG_CURRENT}}</li>
{{/ORGS}}
</ul>
</section>
</div>
