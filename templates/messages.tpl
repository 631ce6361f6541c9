{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Messages</h1>
<p class="meta" id="rooms-total">{{TOTAL}}</p>
</div>
<nav class="tabs" aria-label="Which rooms"><ul>
<li><a href="/messages"{{#ALL}} aria-current="page"{{/ALL}}>All rooms</a></li>
<li><a href="/messages?unread=1" id="unread-only"{{#UNREAD_ONLY}} aria-current="page"{{/UNREAD_ONLY}}>Unread only</a></li>
</ul></nav>
{{#EMPTY}}<p class="notice info" role="status" id="rooms-empty">No rooms here.</p>{{/EMPTY}}
<ul class="cards rooms">
{{#ROOM}}<li class="card room-row" id="{{R_ID}}">
<h2><a href="{{R_HREF}}" dir="auto">{{R_NAME}}</a>{{#R_UNREAD}} <span class="tag new" aria-label="unread messages">{{UNREAD}} unread</span>{{/R_UNREAD}}</h2>
{{#R_TOPIC}}<p class="meta" dir="auto">{{TOPIC}}</p>{{/R_TOPIC}}
<p class="meta">{{#R_WHEN}}Last message <time datetime="{{WHEN_ISO}}">{{WHEN_AGO}}</time> · {{/R_WHEN}}{{#R_CONTRACT}}<a href="{{CONTRACT_HREF}}">Its contract</a> · {{/R_CONTRACT}}<a href="{{R_UPWORK}}">On Upwork</a></p>
</li>
{{/ROOM}}
</ul>
<nav class="pager" aria-label="Pages">{{#PREV}}<a class="button" rel="prev" href="{{PREV_HREF}}">← Previous</a>{{/PREV}} {{#NEXT}}<a class="button" rel="next" id="next-page" href="{{NEXT_HREF}}">Next →</a>{{/NEXT}}</nav>
