{{%AUTOESCAPE context="HTML"}}
<p class="meta"><a href="{{BACK_HREF}}">← Back to the contract</a></p>
<section class="card" aria-labelledby="action-title">
<h1 id="action-title">{{HEADING}}</h1>
<p class="lead" dir="auto" id="action-contract">{{CONTRACT_TITLE}}</p>
{{#MILESTONE}}<p id="action-milestone"><span dir="auto">{{M_DESCRIPTION}}</span> · <strong>{{M_AMOUNT}}</strong></p>{{/MILESTONE}}
<p>{{EXPLAIN}}</p>
{{#ERROR}}<p class="notice warn" role="alert" id="action-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="{{ACTION_HREF}}" id="action-form">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<input type="hidden" name="nonce" value="{{NONCE}}">
{{#MILESTONE}}<input type="hidden" name="milestone" value="{{M_ID}}">{{/MILESTONE}}
{{#REASONS}}<p class="field"><label for="reason">Why it ends</label>
<select id="reason" name="reason" required><option value="">Choose…</option>{{#REASON}}<option value="{{REASON_REF}}"{{#REASON_SELECTED}} selected{{/REASON_SELECTED}}>{{REASON_LABEL}}</option>{{/REASON}}</select></p>{{/REASONS}}
{{#MESSAGE}}<p class="field"><label for="message">A note to the freelancer <span class="hint">(optional)</span></label>
<textarea id="message" name="message" rows="3" maxlength="2000" dir="auto">{{MESSAGE_TEXT:pre_escape}}</textarea></p>{{/MESSAGE}}
{{#PAY}}<p class="field"><label for="amount">Amount to pay (USD)</label>
<input type="text" id="amount" name="amount" inputmode="decimal" required pattern="[0-9]{1,6}([.][0-9]{1,2})?" value="{{PAY_AMOUNT}}"></p>
<p class="field"><label for="underpayment">Why you pay less than the milestone <span class="hint">(needed if you do)</span></label>
<textarea id="underpayment" name="underpayment" rows="2" maxlength="2000" dir="auto">{{PAY_REASON:pre_escape}}</textarea></p>
<p class="field"><label for="comment">A comment with the payment <span class="hint">(optional)</span></label>
<textarea id="comment" name="comment" rows="2" maxlength="2000" dir="auto">{{PAY_COMMENT:pre_escape}}</textarea></p>{{/PAY}}
<p class="cta"><button type="submit" class="button primary" id="action-confirm">{{BUTTON}}</button> <a class="button" id="action-cancel" href="{{BACK_HREF}}">Cancel</a></p>
</form>
</section>
