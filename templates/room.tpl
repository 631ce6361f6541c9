{{%AUTOESCAPE context="HTML"}}
<p class="meta"><a href="/messages">← Back to your messages</a></p>
<div class="page-head">
<h1 id="room-name" dir="auto">{{ROOM_NAME}}</h1>
<p class="meta">{{#TOPIC}}<span dir="auto">{{TOPIC_TEXT}}</span> · {{/TOPIC}}{{#CONTRACT}}<a href="{{CONTRACT_HREF}}" id="room-contract">Its contract</a> · {{/CONTRACT}}<a href="{{UPWORK_URL}}" id="room-upwork">Open on Upwork</a></p>
</div>
{{#OLDER}}<p><a class="button" id="older" href="{{OLDER_HREF}}">Older messages</a></p>{{/OLDER}}
{{#NO_STORIES}}<p class="meta">No messages yet.</p>{{/NO_STORIES}}
<ol class="stories">
{{#STORY}}<li class="story"{{#S_ANCHOR}} id="s-{{S_ID}}"{{/S_ANCHOR}}><p class="story-head"><strong dir="auto">{{AUTHOR}}</strong> <time datetime="{{S_ISO}}">{{S_AGO}}</time></p>
{{! pre_escape keeps line breaks; only http(s) addresses are links }}
<p class="para story-text" dir="auto">{{#SEG}}{{#TEXT}}{{T:pre_escape}}{{/TEXT}}{{#LINK}}<a href="{{HREF}}" rel="nofollow noopener noreferrer">{{HREF}}</a>{{/LINK}}{{/SEG}}</p>
{{#FILE}}<p class="meta">A file: <span dir="auto">{{FILE_NAME}}</span> (open it on Upwork)</p>{{/FILE}}
</li>
{{/STORY}}
</ol>
{{#NEWER}}<p><a class="button" id="newer" href="{{NEWER_HREF}}">Newer messages</a></p>{{/NEWER}}
{{#ERROR}}<p class="notice warn" role="alert" id="send-error">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#NOTICE}}<p class="notice info" role="status" id="send-notice">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#READ_ONLY}}<p class="meta" id="read-only">This room is read-only: no new messages can be sent.</p>{{/READ_ONLY}}
{{#REPLY}}<form method="post" action="{{REPLY_ACTION}}" class="card reply" id="reply-form">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<input type="hidden" name="nonce" value="{{NONCE}}">
<p class="field"><label for="message">Your reply</label>
<textarea id="message" name="message" rows="5" maxlength="5000" dir="auto" required>{{TEXT:pre_escape}}</textarea></p>
<p class="cta"><button type="submit" class="button primary" id="send">Send</button></p>
</form>{{/REPLY}}
