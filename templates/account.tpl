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
<dt>Dashboard blocks</dt><dd id="account-dashboard">{{DASHBOARD}} <a href="/#dashboard">Change</a></dd>
<dt>Proposal drafts</dt><dd id="account-drafts">{{DRAFTS}}</dd>
<dt>Texts of older drafts</dt><dd id="account-letters">{{LETTERS}}</dd>
</dl>
{{#DRAFT_DELETED}}<p class="notice info" role="status" id="draft-deleted">The draft is deleted.</p>{{/DRAFT_DELETED}}
{{#DRAFT}}<form method="post" action="/account/drafts/{{DRAFT_JOB}}/delete" class="draft-row" id="draft-{{DRAFT_JOB}}"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><a href="/jobs/{{DRAFT_JOB}}/apply">Draft proposal for job {{DRAFT_JOB}}</a>, saved {{DRAFT_AT}} <button type="submit" class="button">Delete</button></form>
{{/DRAFT}}
{{#LETTER}}<div class="card letter" id="letter-{{LETTER_ID}}">
<p class="meta">A draft saved {{LETTER_AT}}. Its link to the job ended after 24 hours (Upwork's data is not kept longer); your text is kept here for you to copy.</p>
<textarea readonly rows="6" aria-label="Cover letter">{{LETTER_COVER:pre_escape}}</textarea>
<p class="meta">Rate or bid: {{LETTER_AMOUNT}}</p>
{{#LETTER_ANSWER}}<textarea readonly rows="2" aria-label="Answer">{{ANSWER_TEXT:pre_escape}}</textarea>{{/LETTER_ANSWER}}
<form method="post" action="/account/letters/{{LETTER_ID}}/delete"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><button type="submit" class="button">Delete this text</button></form>
</div>
{{/LETTER}}
<p>Upwork data that pages show is cached for at most 24 hours. See the <a href="/privacy">privacy policy</a>.</p>
<p><a class="button" id="export" href="/account/export" download>Download your data (JSON)</a></p>
</section>
<section class="card danger" aria-labelledby="disconnect-title">
<h2 id="disconnect-title">Disconnect Upwork</h2>
<p>Disconnecting deletes your Upwork tokens, your sessions on every device, your agreement record and everything else Workdesk holds about you. You can connect again later.</p>
{{#CONFIRM}}
<p class="notice warn" role="alert" id="confirm-text">Are you sure? This cannot be undone.</p>
<form method="post" action="/account/disconnect" class="actions">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<button type="submit" class="button danger" id="disconnect-confirm">Yes, disconnect and delete my data</button>
<a class="button" href="/account">Cancel</a>
</form>
{{/CONFIRM}}
{{#ASK}}
<p><a class="button danger" id="disconnect" href="/account/disconnect">Disconnect Upwork…</a></p>
{{/ASK}}
</section>
