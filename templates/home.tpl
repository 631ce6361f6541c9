{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Hello, {{USER_NAME}}</h1>
<p class="meta">Updated {{FETCHED_AT}}</p>
</div>
<div class="grid">
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
