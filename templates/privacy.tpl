{{%AUTOESCAPE context="HTML"}}
{{! POLICY_HTML is built by app/md.c from PRIVACY.md, which escapes every text run itself; :none is safe only for that. }}
<article class="prose">
{{POLICY_HTML:none}}
</article>
