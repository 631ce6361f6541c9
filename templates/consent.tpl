{{%AUTOESCAPE context="HTML"}}
<section class="card consent" aria-labelledby="consent-title">
{{#FIRST}}<h1 id="consent-title">Before you connect Upwork</h1>
<p class="lead">Workdesk will ask Upwork for access to your account. Here is what that means.</p>{{/FIRST}}
{{#AGAIN}}<h1 id="consent-title">Our privacy policy has changed</h1>
<p class="lead">You agreed to version {{OLD_VERSION}}. Workdesk shows your Upwork data again once you agree to version {{POLICY_VERSION}}. Until then you can still sign out, download your data or delete it from <a href="/account">your account</a>.</p>{{/AGAIN}}
<h2>What Workdesk collects</h2>
<ul>
<li>Your Upwork user id, and the access and refresh tokens Upwork gives it. The tokens are stored encrypted.</li>
<li>A session cookie while you are signed in, and the time you agreed to this page.</li>
<li>The Upwork data you open here (your profile name, organizations, and later jobs, contracts, invoices and messages).</li>
</ul>
<h2>How it is used, stored and shared</h2>
<ul>
<li>Only to show you your own Upwork data and to carry out what you ask for.</li>
<li>Upwork data is kept at most 24 hours, then deleted.</li>
<li>Nothing is shared with anyone but Upwork, and no other user of this installation sees your data.</li>
<li>You can disconnect Upwork at any time from your account page: that deletes everything Workdesk holds about you.</li>
</ul>
<p>The details are in the <a href="/privacy">privacy policy</a> and the <a href="/terms">user agreement</a> (version {{POLICY_VERSION}}).</p>
{{#FIRST}}<p class="cta"><a class="button primary" id="agree" href="{{AGREE_HREF}}">I agree, continue to Upwork</a> <a class="button" href="/">Cancel</a></p>
<p class="fine">You will sign in on Upwork's own page. Workdesk never sees your Upwork password.</p>{{/FIRST}}
{{#AGAIN}}<form method="post" action="/auth/consent" class="cta"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><input type="hidden" name="agree" value="{{POLICY_VERSION}}"><input type="hidden" name="next" value="{{NEXT}}"><button type="submit" class="button primary" id="agree">I agree to version {{POLICY_VERSION}}</button> <a class="button" href="/account">Go to my account</a></form>{{/AGAIN}}
</section>
