{{%AUTOESCAPE context="HTML"}}
<section class="error-page" aria-labelledby="error-heading">
<p class="status">Error {{STATUS}}</p>
<h1 id="error-heading">{{HEADING}}</h1>
<p>{{MESSAGE}}</p>
{{#HINT}}
<p class="hint">{{HINT_TEXT}}</p>
{{/HINT}}
{{#DETAIL}}
{{! :pre_escape escapes like :html_escape but keeps line breaks, which
    :html_escape turns into spaces. DETAIL_TEXT may be Upwork's error text. }}
<details><summary>Details</summary><pre>{{DETAIL_TEXT:pre_escape}}</pre></details>
{{/DETAIL}}
<p><a class="button" href="{{BACK_HREF}}">{{BACK_LABEL}}</a></p>
</section>
