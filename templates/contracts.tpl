{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Contracts</h1>
<p class="meta">In {{ORG_NAME}}. <a href="/org">Switch organization</a></p>
</div>
{{#FALLBACK}}<p class="notice info" role="status" id="contracts-fallback">This installation's Upwork API key may not list contracts, so these are your own active contracts from your work history. Each contract's page names its client.</p>{{/FALLBACK}}
<section aria-labelledby="vendor-title">
<h2 id="vendor-title">Contracts you work on</h2>
{{#VENDOR_EMPTY}}<p class="meta" id="vendor-empty">No active or paused contracts where this organization is the freelancer or agency.</p>{{/VENDOR_EMPTY}}
<ul class="cards contracts">
{{#VENDOR}}<li class="card contract-row" id="contract-{{C_ID}}">
<h3><a href="{{C_HREF}}" dir="auto">{{C_TITLE}}</a></h3>
<p class="job-meta"><span class="tag">{{C_STATUS}}</span> · <strong class="budget">{{C_TERMS}}</strong>{{#PARTY}} · {{PARTY_ROLE}} <span dir="auto" class="party">{{PARTY_NAME}}</span>{{/PARTY}}</p>
<p class="meta">{{#THIS_WEEK}}This week: <span class="week">{{C_WEEK}}</span>{{/THIS_WEEK}}{{#PROGRESS}}Milestones: <span class="progress">{{C_PROGRESS}}</span>{{/PROGRESS}}{{#WEEKS}} <span class="weeks">(five weeks: {{C_WEEKS}})</span>{{/WEEKS}} · <a href="{{C_UPWORK}}">Workroom on Upwork</a></p>
</li>
{{/VENDOR}}
</ul>
</section>
{{#CLIENT_SIDE}}
<section aria-labelledby="client-title">
<h2 id="client-title">Contracts where you are the client</h2>
<p class="meta">Upwork's API lists a client's contracts only through their time: these are the hourly contracts with hours in the last five weeks. Fixed-price contracts are on Upwork.</p>
{{#CLIENT_EMPTY}}<p class="meta" id="client-empty">None.</p>{{/CLIENT_EMPTY}}
<ul class="cards contracts">
{{#CLIENT}}<li class="card contract-row" id="contract-{{C_ID}}">
<h3><a href="{{C_HREF}}" dir="auto">{{C_TITLE}}</a></h3>
<p class="job-meta"><span class="tag">{{C_STATUS}}</span> · <strong class="budget">{{C_TERMS}}</strong>{{#PARTY}} · {{PARTY_ROLE}} <span dir="auto" class="party">{{PARTY_NAME}}</span>{{/PARTY}}</p>
<p class="meta">{{#THIS_WEEK}}This week: <span class="week">{{C_WEEK}}</span>{{/THIS_WEEK}}{{#PROGRESS}}Milestones: <span class="progress">{{C_PROGRESS}}</span>{{/PROGRESS}}{{#WEEKS}} <span class="weeks">(five weeks: {{C_WEEKS}})</span>{{/WEEKS}} · <a href="{{C_UPWORK}}">Workroom on Upwork</a></p>
</li>
{{/CLIENT}}
</ul>
</section>
{{/CLIENT_SIDE}}
