{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Find jobs</h1>
{{#FETCHED}}<p class="meta">Results from Upwork, {{FETCHED_AT}}</p>{{/FETCHED}}
</div>
{{#ERROR}}<p class="notice warn" role="alert" id="search-error">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#NOTICE}}<p class="notice info" role="status" id="search-notice">{{NOTICE_TEXT}}</p>{{/NOTICE}}
<div class="jobs-layout">
<form class="card search-form" method="get" action="/jobs" role="search" aria-label="Job search">
<p class="field"><label for="q">Keywords</label>
<input type="search" id="q" name="q" value="{{Q}}" maxlength="200" placeholder="e.g. react dashboard"></p>
{{! On a phone the filters fold away (no script needed); from 60rem the
    stylesheet shows them and hides the summary. }}
<details class="filters">
<summary>Filters and sort</summary>
<p class="field"><label for="skills">Skills <span class="hint">(comma-separated: any may match)</span></label>
<input type="text" id="skills" name="skills" value="{{SKILLS}}" maxlength="200"></p>
<p class="field"><label for="category">Category</label>
<select id="category" name="category"><option value="">Any category</option>{{#CATEGORY}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/CATEGORY}}</select></p>
<p class="field"><label for="type">Job type</label>
<select id="type" name="type">{{#TYPE}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/TYPE}}</select></p>
<p class="field"><label for="level">Experience level</label>
<select id="level" name="level">{{#LEVEL}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/LEVEL}}</select></p>
<fieldset class="range"><legend>Hourly rate (USD)</legend>
<label for="hourly_min">From</label> <input type="number" id="hourly_min" name="hourly_min" min="0" max="10000" value="{{HOURLY_MIN}}">
<label for="hourly_max">to</label> <input type="number" id="hourly_max" name="hourly_max" min="0" max="10000" value="{{HOURLY_MAX}}"></fieldset>
<fieldset class="range"><legend>Fixed budget (USD)</legend>
<label for="budget_min">From</label> <input type="number" id="budget_min" name="budget_min" min="0" value="{{BUDGET_MIN}}">
<label for="budget_max">to</label> <input type="number" id="budget_max" name="budget_max" min="0" value="{{BUDGET_MAX}}"></fieldset>
<p class="field check"><input type="checkbox" id="verified" name="verified" value="1"{{#VERIFIED_CHECKED}} checked{{/VERIFIED_CHECKED}}> <label for="verified">Payment verified clients only</label></p>
<p class="field"><label for="hires_min">Client hires, at least</label>
<input type="number" id="hires_min" name="hires_min" min="0" value="{{HIRES_MIN}}"></p>
<p class="field"><label for="proposals_max">Proposals, at most</label>
<input type="number" id="proposals_max" name="proposals_max" min="0" value="{{PROPOSALS_MAX}}"></p>
<p class="field"><label for="posted">Posted within</label>
<select id="posted" name="posted">{{#POSTED}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/POSTED}}</select></p>
<p class="field"><label for="sort">Sort by</label>
<select id="sort" name="sort">{{#SORT}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/SORT}}</select></p>
</details>
<p class="actions"><button type="submit" class="button primary" id="search-button">Search</button> <a class="button" href="/jobs">Clear</a></p>
</form>
<div class="results">
{{#RESULTS}}
<p class="result-count" id="result-count" role="status">{{TOTAL}} jobs{{#SHOWN}}, showing {{SHOWN_FROM}}–{{SHOWN_TO}}{{/SHOWN}}</p>
{{#JOB}}
<article class="card job" id="job-{{JOB_ID}}" aria-labelledby="job-title-{{JOB_ID}}">
<h2 id="job-title-{{JOB_ID}}"><a href="{{JOB_HREF}}" dir="auto">{{TITLE}}</a>{{#NEW}} <span class="tag new">New</span>{{/NEW}}</h2>
<p class="job-meta"><strong class="budget">{{BUDGET}}</strong> · {{TYPE_LABEL}} · {{LEVEL_LABEL}} · {{PROPOSALS}} · <time datetime="{{POSTED_ISO}}">{{POSTED_AGO}}</time></p>
<p class="excerpt" dir="auto">{{EXCERPT}}</p>
<ul class="skills" aria-label="Skills">{{#SKILL}}<li dir="auto">{{SKILL_NAME}}</li>{{/SKILL}}</ul>
<p class="client">{{#PAY_VERIFIED}}<span class="tag ok">Payment verified</span>{{/PAY_VERIFIED}}{{#PAY_UNVERIFIED}}<span class="tag">Payment not verified</span>{{/PAY_UNVERIFIED}} {{SPENT}} spent · {{HIRES}} · {{RATING}}</p>
<p class="upwork"><a href="{{UPWORK_URL}}">View this job on Upwork</a></p>
</article>
{{/JOB}}
<nav class="pager" aria-label="Result pages">{{#FIRST}}<a class="button" href="{{FIRST_HREF}}" id="first-page">First page</a>{{/FIRST}} {{#NEXT}}<a class="button" href="{{NEXT_HREF}}" rel="next" id="next-page">Next page</a>{{/NEXT}}</nav>
{{/RESULTS}}
{{#EMPTY}}<p class="notice info" id="no-results">No jobs match this search. Try fewer filters or other keywords.</p>{{/EMPTY}}
</div>
<aside class="card saved" aria-labelledby="saved-title">
<h2 id="saved-title">Saved searches</h2>
{{#SAVE}}
<form method="post" action="/jobs/saved" class="save-search">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<input type="hidden" name="query" value="{{SAVE_QUERY}}">
<label for="save-name">Save this search as</label>
<input type="text" id="save-name" name="name" maxlength="80" required value="{{SAVE_NAME}}">
<button type="submit" class="button" id="save-search">Save search</button>
</form>
{{/SAVE}}
{{#NO_SAVED}}<p class="meta">None yet. Search, then save the search to run it again later.</p>{{/NO_SAVED}}
<ul class="saved-list">
{{#SAVED}}
<li id="saved-{{SAVED_ID}}"><a href="/jobs?saved={{SAVED_ID}}" class="saved-run">{{SAVED_NAME}}</a>{{#SAVED_CURRENT}} <span class="tag">shown</span>{{/SAVED_CURRENT}}
<details><summary>Manage</summary>
<form method="post" action="/jobs/saved/{{SAVED_ID}}/rename"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><label for="rename-{{SAVED_ID}}">New name</label> <input type="text" id="rename-{{SAVED_ID}}" name="name" maxlength="80" required value="{{SAVED_NAME}}"> <button type="submit" class="button">Rename</button></form>
<form method="post" action="/jobs/saved/{{SAVED_ID}}/seen"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><button type="submit" class="button">Mark all as seen</button></form>
<form method="post" action="/jobs/saved/{{SAVED_ID}}/delete"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><button type="submit" class="button danger">Delete</button></form>
</details></li>
{{/SAVED}}
</ul>
</aside>
</div>
