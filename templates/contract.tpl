{{%AUTOESCAPE context="HTML"}}
<p class="meta"><a href="/contracts">← Back to your contracts</a></p>
{{#DONE}}<p class="notice info" role="status" id="action-done">{{DONE_TEXT}}</p>{{/DONE}}
<article class="job-detail">
<h1 id="contract-title" dir="auto">{{TITLE}}</h1>
<p class="job-meta"><span class="tag" id="contract-status">{{STATUS}}</span> · <strong class="budget" id="contract-terms">{{TERMS}}</strong> {{TERMS_KIND}}</p>
<p id="contract-side">{{SIDE}}</p>
<dl class="facts">
<dt>Client</dt><dd id="contract-client" dir="auto">{{CLIENT_NAME}}</dd>
<dt>Freelancer or agency</dt><dd id="contract-vendor" dir="auto">{{VENDOR_NAME}}</dd>
<dt>Freelancer</dt><dd id="contract-freelancer" dir="auto">{{FREELANCER}}</dd>
<dt>Started</dt><dd>{{STARTED}}</dd>
{{#LIMIT}}<dt>Weekly limit</dt><dd id="contract-limit">{{LIMIT_HOURS}} h</dd>{{/LIMIT}}
</dl>
{{#TIME}}
<section class="card" aria-labelledby="time-title">
<h2 id="time-title">Hours this week and last</h2>
{{#NO_TIME}}<p class="meta" id="no-time">No hours logged.</p>{{/NO_TIME}}
<div class="table-wrap" role="region" aria-label="Table of hours" tabindex="0"><table class="time"><thead><tr><th scope="col">Day</th><th scope="col">Hours</th><th scope="col">Charge</th><th scope="col">Memo</th></tr></thead>
<tbody>{{#DAY}}<tr><td>{{D_DATE}}</td><td>{{D_HOURS}}</td><td>{{D_CHARGE}}</td><td dir="auto">{{D_MEMO}}</td></tr>{{/DAY}}</tbody>
<tfoot><tr><th scope="row">Total</th><td id="time-total">{{TIME_TOTAL}}</td><td></td><td></td></tr></tfoot></table></div>
</section>
{{/TIME}}
{{#FIXED}}
<section class="card" aria-labelledby="milestones-title">
<h2 id="milestones-title">Milestones</h2>
{{#NO_MILESTONES}}<p class="meta">No milestones.</p>{{/NO_MILESTONES}}
<ol class="milestones">{{#MILESTONE}}<li id="milestone-{{M_ID}}"><p dir="auto">{{M_DESCRIPTION}}</p>
<p class="meta"><strong>{{M_AMOUNT}}</strong> · <span class="tag">{{M_STATE}}</span> · due {{M_DUE}} · paid {{M_PAID}}</p>
{{#M_ACTION}}<a class="button" id="{{ACTION_NAME}}-{{M_ID}}" href="{{ACTION_HREF}}">{{ACTION_LABEL}}</a> {{/M_ACTION}}</li>{{/MILESTONE}}</ol>
</section>
{{/FIXED}}
<p class="actions">{{#ROOM}}<a class="button" id="contract-room" href="{{ROOM_HREF}}">Messages</a> {{/ROOM}}{{#ACTION}}<a class="button" id="action-{{ACTION_NAME}}" href="{{ACTION_HREF}}">{{ACTION_LABEL}}</a> {{/ACTION}}<a class="button primary" href="{{UPWORK_URL}}" id="contract-upwork">Open the workroom on Upwork</a></p>
</article>
