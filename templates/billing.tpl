{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
<h1>Billing</h1>
</div>
<form method="get" action="/billing" class="card inline-form" id="billing-form">
<p class="field"><label for="from">From</label> <input type="date" id="from" name="from" value="{{FROM}}" required></p>
<p class="field"><label for="to">To</label> <input type="date" id="to" name="to" value="{{TO}}" required></p>
<p class="field"><label for="kind">Kind</label> <select id="kind" name="kind">{{#KIND}}<option value="{{OPT_VALUE}}"{{#OPT_SELECTED}} selected{{/OPT_SELECTED}}>{{OPT_LABEL}}</option>{{/KIND}}</select></p>
<p class="cta"><button type="submit" class="button primary">Show</button> <a class="button" id="csv" href="{{CSV_HREF}}" download>Download CSV</a></p>
</form>
<section aria-labelledby="totals-title">
<h2 id="totals-title">Totals, {{FROM}} to {{TO}}</h2>
<div class="table-wrap" role="region" aria-label="Table of totals" tabindex="0"><table class="totals" id="totals">
<thead><tr><th scope="col">Currency</th><th scope="col" class="num">In</th><th scope="col" class="num">Out</th><th scope="col" class="num">Net</th></tr></thead>
<tbody>{{#TOTAL}}<tr id="total-{{T_CURRENCY}}"><th scope="row">{{T_CURRENCY}}</th><td class="num t-in">{{T_IN}}</td><td class="num t-out">{{T_OUT}}</td><td class="num t-net">{{T_NET}}</td></tr>{{/TOTAL}}</tbody>
</table></div>
</section>
{{#NO_CHART}}<p class="meta" id="no-chart">Upwork did not give the last twelve months, so there is no chart of earnings.</p>{{/NO_CHART}}
{{#CHART}}
<section class="card chart" aria-labelledby="chart-{{C_CURRENCY}}-title">
<h2 id="chart-{{C_CURRENCY}}-title">Earnings per month, {{C_CURRENCY}}</h2>
<svg class="bars" viewBox="0 0 {{C_W}} {{C_H}}" role="img" aria-labelledby="chart-{{C_CURRENCY}}-title" focusable="false">
{{#BAR}}<rect x="{{B_X}}" y="{{B_Y}}" width="{{B_W}}" height="{{B_H}}"><title>{{B_MONTH}}: {{B_AMOUNT}}</title></rect><text x="{{B_LX}}" y="{{B_LY}}" text-anchor="middle">{{B_SHORT}}</text>
{{/BAR}}</svg>
<div class="table-wrap" role="region" aria-label="Table of earnings, {{C_CURRENCY}}" tabindex="0"><table class="earnings" id="earnings-{{C_CURRENCY}}">
<caption>Earnings per month (hourly, fixed price and bonuses, before fees), {{C_CURRENCY}}</caption>
<thead><tr><th scope="col">Month</th><th scope="col" class="num">Earned</th></tr></thead>
<tbody>{{#BAR}}<tr><th scope="row">{{B_MONTH}}</th><td class="num" data-cents="{{B_CENTS}}">{{B_AMOUNT}}</td></tr>{{/BAR}}</tbody>
</table></div>
</section>
{{/CHART}}
<section aria-labelledby="rows-title">
<h2 id="rows-title">Transactions</h2>
{{#EMPTY}}<p class="notice info" role="status" id="billing-empty">No transactions in these days.</p>{{/EMPTY}}
<div class="table-wrap" role="region" aria-label="Table of transactions" tabindex="0"><table class="transactions" id="transactions">
<thead><tr><th scope="col">Date</th><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>{{#ROW}}<tr><td class="r-date">{{R_DATE}}</td><td><span class="r-desc" dir="auto">{{R_DESCRIPTION}}</span><br><span class="meta"><span class="r-kind">{{R_KIND}}</span> · {{R_STATUS}}{{#R_INVOICE}} · <a href="{{INVOICE_HREF}}">Invoice {{INVOICE_ID}}</a>{{/R_INVOICE}}</span></td><td class="num r-amount{{#R_NEGATIVE}} negative{{/R_NEGATIVE}}">{{R_AMOUNT}}</td></tr>
{{/ROW}}</tbody>
</table></div>
{{#PAGER}}<nav class="pager" aria-label="Pages of transactions"><span class="meta" id="billing-page">Page {{PAGE}} of {{PAGES}}</span> {{#PREV}}<a class="button" rel="prev" id="prev-page" href="{{PREV_HREF}}">← Previous</a>{{/PREV}} {{#NEXT}}<a class="button" rel="next" id="next-page" href="{{NEXT_HREF}}">Next →</a>{{/NEXT}}</nav>{{/PAGER}}
</section>
