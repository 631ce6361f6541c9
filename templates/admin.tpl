{{%AUTOESCAPE context="HTML"}}
<h1>Operator status</h1>
<p class="meta">Calls to Upwork from this installation, shared by every user. As of {{NOW}}.</p>
<section class="card" aria-labelledby="calls-title">
<h2 id="calls-title">Calls to Upwork</h2>
<table class="status">
<tbody>
<tr><th scope="row">Last minute</th><td id="calls-minute">{{CALLS_MINUTE}}</td><td>limit {{RATE}} a second</td></tr>
<tr><th scope="row">Today (UTC)</th><td id="calls-day">{{CALLS_DAY}}</td><td>cap {{DAILY_CAP}}</td></tr>
<tr><th scope="row">Failures, last minute</th><td id="failures-minute">{{FAILURES_MINUTE}}</td><td></td></tr>
<tr><th scope="row">Retries, last minute</th><td id="retries-minute">{{RETRIES_MINUTE}}</td><td>at most 10 % of calls</td></tr>
<tr><th scope="row">"Too many requests" (429), last minute</th><td id="limited-minute">{{LIMITED_MINUTE}}</td><td>{{TOTAL_429}} in all</td></tr>
<tr><th scope="row">Circuit breaker</th><td id="breaker">{{BREAKER}}</td><td>{{BREAKER_NOTE}}</td></tr>
<tr><th scope="row">Retry-After from Upwork</th><td id="blocked">{{BLOCKED}}</td><td></td></tr>
</tbody>
</table>
</section>
<section class="card" aria-labelledby="cache-title">
<h2 id="cache-title">Cache</h2>
<table class="status">
<tbody>
<tr><th scope="row">Entries</th><td id="cache-entries">{{CACHE_ENTRIES}}</td><td>{{CACHE_BYTES}} bytes</td></tr>
<tr><th scope="row">Oldest entry</th><td id="cache-oldest">{{CACHE_OLDEST}}</td><td>never older than 24 hours</td></tr>
</tbody>
</table>
</section>
