{{%AUTOESCAPE context="HTML"}}
<p class="meta"><a href="{{BACK_HREF}}">← Back to the job</a></p>
{{#ELSEWHERE}}
<section class="card" aria-labelledby="elsewhere-title">
<h1 id="elsewhere-title">Apply on Upwork</h1>
<p class="notice warn" role="alert" id="apply-blocked">{{WHY}}</p>
<p>Workdesk cannot send this proposal for you, so it does not offer a form that could not work.</p>
{{#ELSEWHERE_UPWORK}}<p><a class="button primary" id="apply-upwork" href="{{UPWORK_URL}}">Apply on Upwork</a></p>{{/ELSEWHERE_UPWORK}}
{{#ELSEWHERE_NO_LINK}}<p class="meta">Open the job from the search results to get its link on Upwork.</p>{{/ELSEWHERE_NO_LINK}}
{{#DRAFT_TEXT}}<h2>Your draft cover letter</h2>
<p class="meta">Kept for you to copy; delete it from <a href="/account">your account page</a> when you no longer need it.</p>
<textarea id="draft-cover" readonly rows="10" aria-label="Your draft cover letter">{{COVER:pre_escape}}</textarea>{{/DRAFT_TEXT}}
</section>
{{/ELSEWHERE}}
{{#FORM}}
<h1 id="apply-title">Apply: <span dir="auto">{{TITLE}}</span></h1>
{{#TOP_ERROR}}<p class="notice warn" role="alert" id="apply-error">{{ERROR_TEXT}}</p>{{/TOP_ERROR}}
{{#NOTICE}}<p class="notice info" role="status" id="apply-notice">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#DRAFT}}<p class="meta" id="apply-draft">Draft saved {{DRAFT_AT}}.</p>{{/DRAFT}}
<form method="post" action="/jobs/{{JOB_ID}}/apply" class="card apply-form" id="apply-form">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<input type="hidden" name="nonce" value="{{NONCE}}">
{{#UPWORK}}<input type="hidden" name="k" value="{{K}}">{{/UPWORK}}
<p class="meta">You apply as <strong id="apply-nid">{{NID}}</strong>. {{#CONNECTS}}Your Connects balance: <strong id="connects-balance">{{CONNECTS_BALANCE}}</strong>. {{/CONNECTS}}{{#NO_CONNECTS}}Upwork did not report your Connects balance. {{/NO_CONNECTS}}Upwork's API does not say how many Connects this job costs: sending spends them.</p>
<p class="field"><label for="cover">Cover letter{{#COVER_REQUIRED}} <span class="hint">(the client requires one)</span>{{/COVER_REQUIRED}}</label>
{{#COVER_ERROR}}<span class="field-error" id="cover-error">{{ERROR_TEXT}}</span>{{/COVER_ERROR}}
<textarea id="cover" name="cover" rows="12" maxlength="5000" dir="auto"{{#COVER_REQUIRED}} required{{/COVER_REQUIRED}}>{{COVER:pre_escape}}</textarea></p>
<p class="field"><label for="amount">{{#HOURLY}}Your hourly rate (USD){{/HOURLY}}{{#FIXED}}Your bid for the whole job (USD){{/FIXED}}</label>
{{#AMOUNT_ERROR}}<span class="field-error" id="amount-error">{{ERROR_TEXT}}</span>{{/AMOUNT_ERROR}}
<input type="text" id="amount" name="amount" inputmode="decimal" required pattern="[0-9]{1,6}([.][0-9]{1,2})?" value="{{AMOUNT}}">
<span class="hint">What the client pays; Upwork's fee comes out of it (the API does not report the amount you receive).</span></p>
<p class="field"><label for="duration">How long the work will take</label>
{{#DURATION_ERROR}}<span class="field-error" id="duration-error">{{ERROR_TEXT}}</span>{{/DURATION_ERROR}}
<select id="duration" name="duration"><option value="">Not given</option>{{#DURATION}}<option value="{{DURATION_ID}}"{{#DURATION_SELECTED}} selected{{/DURATION_SELECTED}}>{{DURATION_LABEL}}</option>{{/DURATION}}</select></p>
{{#QUESTION}}<p class="field"><label for="q_{{Q_SEQ}}" dir="auto">{{Q_TEXT}}</label>
{{#Q_ERROR}}<span class="field-error" id="q_{{Q_SEQ}}-error">{{ERROR_TEXT}}</span>{{/Q_ERROR}}
<textarea id="q_{{Q_SEQ}}" name="q_{{Q_SEQ}}" rows="4" maxlength="2000" dir="auto" required>{{Q_ANSWER:pre_escape}}</textarea></p>
{{/QUESTION}}
<p class="cta"><button type="submit" class="button primary" name="action" value="send" id="apply-send">Send proposal</button>
<button type="submit" class="button" name="action" value="save" formnovalidate id="apply-save">Save draft</button></p>
<p class="fine">Your text is saved as a draft whenever you press a button, and deleted once Upwork has your proposal.</p>
</form>
{{/FORM}}
