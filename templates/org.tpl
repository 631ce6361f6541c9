{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Choose an organization</h1>
</div>
<p>Workdesk shows and does everything in one organization at a time: the one marked current here, and named at the top of every page.</p>
{{#SWITCHED}}<p class="notice info" role="status" id="org-switched">You now work in {{SWITCHED_NAME}}.</p>{{/SWITCHED}}
<ul class="cards orgs-list">
{{#ORG}}<li class="card org-row" id="org-{{ORG_ID}}">
<h2 dir="auto">{{ORG_TITLE}} <span class="tag">{{ORG_TYPE_TITLE}}</span></h2>
{{#ORG_CURRENT}}<p><strong class="current">Current organization</strong></p>{{/ORG_CURRENT}}
{{#ORG_SWITCH}}<form method="post" action="/org"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><input type="hidden" name="org" value="{{ORG_ID}}"><button type="submit" class="button primary" id="switch-{{ORG_ID}}">Work in this organization</button></form>{{/ORG_SWITCH}}
</li>
{{/ORG}}
</ul>
