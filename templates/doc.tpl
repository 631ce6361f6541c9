{{%AUTOESCAPE context="HTML"}}
{{! DOC_HTML is built by app/md.c from PRIVACY.md or TERMS.md, which escapes every text run itself; :none is safe only for that. }}
<article class="prose">
{{DOC_HTML:none}}
</article>
