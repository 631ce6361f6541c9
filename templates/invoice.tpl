{{%AUTOESCAPE context="HTML"}}
<p class="meta no-print"><a href="/billing">← Back to billing</a></p>
<article class="invoice" id="invoice">
<h1 id="invoice-title">Invoice {{INVOICE_ID}}</h1>
<p class="meta">{{DAY}}{{#CLIENT}} · <span dir="auto" id="invoice-client">{{CLIENT_NAME}}</span>{{/CLIENT}}</p>
<div class="table-wrap" role="region" aria-labelledby="invoice-title" tabindex="0"><table class="transactions" id="invoice-rows">
<thead><tr><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>{{#ROW}}<tr><td><span class="r-desc" dir="auto">{{R_DESCRIPTION}}</span><br><span class="meta"><span class="r-kind">{{R_KIND}}</span> · {{R_STATUS}}</span></td><td class="num r-amount{{#R_NEGATIVE}} negative{{/R_NEGATIVE}}">{{R_AMOUNT}}</td></tr>
{{/ROW}}</tbody>
<tfoot>{{#TOTAL}}<tr id="total-{{T_CURRENCY}}"><th scope="row">Total ({{T_CURRENCY}})</th><td class="num t-net">{{T_NET}}</td></tr>{{/TOTAL}}</tfoot>
</table></div>
<p class="no-print"><a class="button primary" href="{{UPWORK_URL}}" id="invoice-upwork">Open on Upwork</a></p>
</article>
