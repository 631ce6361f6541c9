{{%AUTOESCAPE context="HTML"}}
<p class="meta"><a href="/proposals">← Back to your proposals</a></p>
{{#APPLIED}}<p class="notice info" role="status" id="proposal-applied">Your proposal was sent to Upwork.</p>{{/APPLIED}}
<article class="job-detail">
<h1 id="proposal-title" dir="auto">{{TITLE}}</h1>
<dl class="facts">
<dt>Status</dt><dd id="proposal-status">{{STATUS}}{{#REASON}} ({{REASON_TEXT}}){{/REASON}}</dd>
<dt>Rate or bid</dt><dd id="proposal-rate">{{RATE}}</dd>
<dt>Duration</dt><dd id="proposal-duration">{{DURATION}}</dd>
<dt>Sent</dt><dd><time datetime="{{SENT_ISO}}">{{SENT_AGO}}</time></dd>
<dt>Last change</dt><dd><time datetime="{{CHANGED_ISO}}">{{CHANGED_AGO}}</time></dd>
</dl>
<section class="card description" aria-labelledby="cover-title">
<h2 id="cover-title">Cover letter</h2>
{{! pre_escape: escaped like HTML text, but line breaks are kept }}
{{#COVER}}<p class="para" dir="auto" id="proposal-cover">{{COVER_TEXT:pre_escape}}</p>{{/COVER}}
{{#NO_COVER}}<p class="meta">No cover letter.</p>{{/NO_COVER}}
</section>
<p class="actions">{{#JOB}}<a class="button" href="{{JOB_HREF}}">Open the job</a> {{/JOB}}{{#UPWORK}}<a class="button primary" href="{{UPWORK_URL}}">View on Upwork</a>{{/UPWORK}}</p>
</article>
