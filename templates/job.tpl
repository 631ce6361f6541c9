{{%AUTOESCAPE context="HTML"}}
<p class="meta no-print"><a href="/jobs">← Back to the job search</a></p>
<article class="job-detail">
<h1 id="job-title" dir="auto">{{TITLE}}</h1>
<p class="job-meta"><strong class="budget" id="job-budget">{{BUDGET}}</strong> · {{TYPE_LABEL}} · {{LEVEL_LABEL}}{{#CATEGORY}} · {{CATEGORY_LABEL}}{{/CATEGORY}}</p>
<p class="client">{{#PAY_VERIFIED}}<span class="tag ok">Payment verified</span>{{/PAY_VERIFIED}}{{#PAY_UNVERIFIED}}<span class="tag">Payment not verified</span>{{/PAY_UNVERIFIED}}</p>
{{#SKILLS}}<ul class="skills" aria-label="Skills">{{#SKILL}}<li dir="auto">{{SKILL_NAME}}</li>{{/SKILL}}</ul>{{/SKILLS}}
<section class="card description" aria-labelledby="description-title">
<h2 id="description-title">Description</h2>
{{! pre_escape: escaped like HTML text, but line breaks are kept }}
{{#PARA}}<p class="para" dir="auto">{{PARA_TEXT:pre_escape}}</p>
{{/PARA}}
</section>
{{#QUESTIONS}}
<section class="card" aria-labelledby="questions-title">
<h2 id="questions-title">Screening questions</h2>
<ol class="questions">{{#QUESTION}}<li value="{{QUESTION_SEQ}}" dir="auto">{{QUESTION_TEXT}}</li>{{/QUESTION}}</ol>
</section>
{{/QUESTIONS}}
<section class="card apply-box" aria-labelledby="apply-title">
<h2 id="apply-title" class="no-print">Apply</h2>
<p class="no-print">{{#COVER_LETTER}}The client asks for a cover letter. {{/COVER_LETTER}}Sending a proposal spends Connects from your Upwork account.</p>
<p class="actions"><a class="button primary" id="apply-here" href="{{APPLY_HREF}}">Write a proposal</a>
{{#UPWORK}}<a class="button" id="apply-upwork" href="{{UPWORK_URL}}">Open this job on Upwork</a>{{/UPWORK}}</p>
{{#NO_UPWORK}}<p class="meta">Open this job from the search results to get its link on Upwork.</p>{{/NO_UPWORK}}
</section>
</article>
