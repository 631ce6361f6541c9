{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Your proposals</h1>
</div>
{{#APPLIED}}<p class="notice info" role="status" id="proposal-applied">Your proposal was sent to Upwork.</p>{{/APPLIED}}
<nav class="tabs" aria-label="Lists of proposals"><ul>{{#TAB}}<li><a href="{{TAB_HREF}}"{{#TAB_CURRENT}} aria-current="page"{{/TAB_CURRENT}}>{{TAB_LABEL}}</a></li>{{/TAB}}</ul></nav>
<form method="get" action="/proposals" class="inline-form">
<input type="hidden" name="list" value="{{LIST}}">
<label for="sort">Sort by</label> <select id="sort" name="sort">{{#SORT}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/SORT}}</select>
<label for="order">Order</label> <select id="order" name="order">{{#ORDER}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/ORDER}}</select>
<button type="submit" class="button">Show</button>
</form>
<p class="meta" id="proposals-total">{{LIST_LABEL}}: {{TOTAL}}</p>
{{#EMPTY}}<p class="notice info" role="status" id="proposals-empty">No proposals in this list.</p>{{/EMPTY}}
<ul class="cards proposals">
{{#ROW}}<li class="card proposal-row" id="proposal-{{ROW_ID}}">
<h2><a href="{{ROW_HREF}}" dir="auto">{{ROW_TITLE}}</a></h2>
<p class="job-meta"><strong class="budget">{{ROW_RATE}}</strong> · <span class="tag">{{ROW_STATUS}}</span> · sent <time datetime="{{ROW_SENT_ISO}}">{{ROW_SENT_AGO}}</time> · changed <time datetime="{{ROW_CHANGED_ISO}}">{{ROW_CHANGED_AGO}}</time></p>
{{#ROW_UPWORK}}<p><a href="{{UPWORK_URL}}">View on Upwork</a></p>{{/ROW_UPWORK}}
</li>
{{/ROW}}
</ul>
<nav class="pager" aria-label="Pages">{{#PREV}}<a class="button" rel="prev" href="{{PREV_HREF}}">← Previous</a>{{/PREV}} {{#NEXT}}<a class="button" rel="next" href="{{NEXT_HREF}}">Next →</a>{{/NEXT}}</nav>
