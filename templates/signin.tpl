{{%AUTOESCAPE context="HTML"}}
{{#NOTICE}}
<p class="notice {{NOTICE_KIND}}" role="status" id="notice">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
<div class="signin">
<section class="hero" aria-labelledby="signin-title">
<h1 id="signin-title">Your Upwork work, on your own dashboard</h1>
<p class="lead">Workdesk is a dashboard that you or your agency runs. Search jobs, follow your contracts, check invoices and earnings, and read and send messages, at your desk or on your phone.</p>
<p class="cta"><a class="button primary" id="signin" href="/auth/login">Sign in with Upwork</a></p>
<p class="fine">You will be sent to Upwork's own sign-in page. Workdesk never sees your Upwork password.</p>
</section>
<section class="card keeps" aria-labelledby="keeps-title">
<h2 id="keeps-title">What Workdesk keeps</h2>
<ul>
<li>Your Upwork user id and your access tokens, encrypted.</li>
<li>A session cookie, so that you stay signed in.</li>
<li>Upwork data it has shown you, cached for at most 24 hours.</li>
<li>Your own saved searches and drafts.</li>
</ul>
<p>How this is used, stored and deleted is in the <a href="/privacy">privacy policy</a>. Please read it before you sign in.</p>
</section>
<ul class="features">
<li><h2>Jobs</h2><p>Search job postings, save your searches and apply.</p></li>
<li><h2>Contracts</h2><p>Milestones, hours and each contract's messages.</p></li>
<li><h2>Invoices</h2><p>Billing and earnings, to read, print or export.</p></li>
<li><h2>Messages</h2><p>Read your conversations and reply.</p></li>
</ul>
</div>
