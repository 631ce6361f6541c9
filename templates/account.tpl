{{%AUTOESCAPE context="HTML"}}
<h1>Your account</h1>
<section class="card" aria-labelledby="held-title">
<h2 id="held-title">What Workdesk holds about you</h2>
<dl class="facts">
<dt>Upwork user id</dt><dd id="account-user-id">{{USER_ID}}</dd>
<dt>Upwork access</dt><dd id="account-tokens">{{TOKENS_TEXT}}</dd>
<dt>Agreement</dt><dd id="account-consent">{{CONSENT_TEXT}}</dd>
<dt>Signed-in sessions</dt><dd id="account-sessions">{{SESSIONS}}</dd>
<dt>Saved job searches</dt><dd id="account-searches">{{SEARCHES}}</dd>
</dl>
<p>Upwork data that pages show is cached for at most 24 hours. See the <a href="/privacy">privacy policy</a>.</p>
<p><a class="button" id="export" href="/account/export" download>Download your data (JSON)</a></p>
</section>
<section class="card danger" aria-labelledby="disconnect-title">
<h2 id="disconnect-title">Disconnect Upwork</h2>
<p>Disconnecting deletes your Upwork tokens, your sessions on every device, your agreement record and everything else Workdesk holds about you. You can connect again later.</p>
{{#CONFIRM}}
<p class="notice warn" role="alert" id="confirm-text">Are you sure? This cannot be undone.</p>
<form method="post" action="/account/disconnect">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<button type="submit" class="button danger" id="disconnect-confirm">Yes, disconnect and delete my data</button>
<a class="button" href="/account">Cancel</a>
</form>
{{/CONFIRM}}
{{#ASK}}
<p><a class="button danger" id="disconnect" href="/account/disconnect">Disconnect Upwork…</a></p>
{{/ASK}}
</section>
