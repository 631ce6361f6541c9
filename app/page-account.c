/* page-account.c: /account (what Workdesk holds about you) and
 * /account/disconnect (delete it all, after a confirmation). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oauth.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "user.h"

/* Drafts whose tie to their job has ended (user.h): the text alone. */
static void
letters(struct req *r, struct tpl_dict *b)
{
	struct tpl_dict	*s, *a;
	json_t		*all, *l, *it;
	const char	*id;
	char		 when[PAGE_TIME_LEN];
	size_t		 i, k;

	if ((all = user_letters(r->sess->user_id)) == NULL)
		return;
	tpl_set_int(b, "LETTERS", (long long)json_array_size(all));
	json_array_foreach(all, i, l) {
		id = json_string_value(json_object_get(l, "id"));
		if (id == NULL || strlen(id) != 16 ||
		    strspn(id, "0123456789") != 16 ||
		    (s = tpl_add_section(b, "LETTER")) == NULL)
			continue;
		tpl_set(s, "LETTER_ID", id);
		tpl_set(s, "LETTER_AT", page_time(when, (time_t)
		    json_integer_value(json_object_get(l, "saved"))));
		tpl_set(s, "LETTER_COVER", json_string_value(json_object_get(l,
		    "cover")));
		tpl_set(s, "LETTER_AMOUNT", json_string_value(json_object_get(l,
		    "amount")));
		json_array_foreach(json_object_get(l, "answers"), k, it)
			if ((a = tpl_add_section(s, "LETTER_ANSWER")) != NULL)
				tpl_set(a, "ANSWER_TEXT", json_string_value(it));
		tpl_set(s, "CSRF_TOKEN", r->sess->csrf);
	}
	json_decref(all);
}

/* The user's proposal drafts: the job's number (no Upwork content is
 * kept with them), when it was saved, and a way to delete each. */
static void
drafts(struct req *r, struct tpl_dict *b)
{
	struct tpl_dict	*s;
	json_t		*all, *d;
	const char	*job;
	char		 when[PAGE_TIME_LEN];

	if ((all = user_drafts(r->sess->user_id, time(NULL))) == NULL) {
		tpl_set(b, "DRAFTS", "unknown");
		return;
	}
	tpl_set_int(b, "DRAFTS", (long long)json_object_size(all));
	json_object_foreach(all, job, d) {
		if (!format_id_ok(job) ||
		    (s = tpl_add_section(b, "DRAFT")) == NULL)
			continue;
		tpl_set(s, "DRAFT_JOB", job);
		tpl_set(s, "DRAFT_AT", page_time(when, (time_t)json_integer_value(
		    json_object_get(d, "saved"))));
		tpl_set(s, "CSRF_TOKEN", r->sess->csrf);
	}
	json_decref(all);
	letters(r, b);
}

int
page_letter_delete(struct req *r)
{
	if (user_letter_delete(r->sess->user_id, r->param) == -1)
		return 500;
	return req_redirect(r, "/account?draft=deleted");
}

int
page_draft_delete(struct req *r)
{
	if (user_draft_delete(r->sess->user_id, r->param) == -1)
		return 500;
	return req_redirect(r, "/account?draft=deleted");
}

/* The dashboard blocks the user chose, in their order, as the record
 * keeps them (page-home.c shows and changes them). */
static void
dashboard(struct req *r, struct tpl_dict *b)
{
	struct buf	 text = BUF_INIT;
	json_t		*list, *x;
	size_t		 i;

	if ((list = user_home_blocks(r->sess->user_id)) == NULL) {
		tpl_set(b, "DASHBOARD", "unknown");
		return;
	}
	json_array_foreach(list, i, x)
		if (json_is_string(x))
			buf_printf(&text, "%s%s", text.len ? ", " : "",
			    json_string_value(x));
	tpl_set(b, "DASHBOARD", text.len ? text.p : json_is_null(list) ?
	    "never chosen: every block" : "none chosen");
	buf_free(&text);
	json_decref(list);
}

static int
account_page(struct req *r, int confirm)
{
	struct tpl_dict		*d, *b, *s;
	struct user_consent	 c;
	struct oauth_tokens	 t;
	struct saved_search	*searches;
	size_t			 ns;
	char			 when[PAGE_TIME_LEN], text[96];
	long			 n;
	int			 rc;

	if ((d = page_begin(r, confirm ? "Disconnect Upwork" : "Your account",
	    TPL_ACCOUNT, &b, 0)) == NULL)
		return 500;
	tpl_set(b, "USER_ID", r->sess->user_id);
	rc = oauth_tokens_load(r->sess->user_id, &t);
	if (rc == 0) {
		page_time(when, t.refresh_issued);
		snprintf(text, sizeof(text), "Encrypted tokens, renewed %s",
		    when);
		oauth_tokens_free(&t);
	} else
		snprintf(text, sizeof(text), "None stored");
	tpl_set(b, "TOKENS_TEXT", text);
	if (user_consent_get(r->sess->user_id, &c) == 0) {
		page_time(when, c.at);
		snprintf(text, sizeof(text), "Version %s, agreed %s", c.version,
		    when);
	} else
		snprintf(text, sizeof(text), "None recorded");
	tpl_set(b, "CONSENT_TEXT", text);
	n = user_sessions_count(r->sess->user_id);
	tpl_set_int(b, "SESSIONS", n < 0 ? 0 : n);
	if (user_searches(r->sess->user_id, &searches, &ns) == 0) {
		tpl_set_int(b, "SEARCHES", (long long)ns);
		user_searches_free(searches, ns);
	} else
		tpl_set(b, "SEARCHES", "unknown");
	dashboard(r, b);
	drafts(r, b);
	if (kv_get(&r->query, "draft") != NULL)
		tpl_show(b, "DRAFT_DELETED");
	if (confirm && (s = tpl_add_section(b, "CONFIRM")) != NULL)
		tpl_set(s, "CSRF_TOKEN", r->sess->csrf);
	else if (!confirm)
		tpl_show(b, "ASK");
	return page_end(r, d, 200);
}

int
page_account(struct req *r)
{
	return account_page(r, 0);
}

int
page_disconnect_ask(struct req *r)
{
	return account_page(r, 1);
}

int
page_disconnect(struct req *r)
{
	int	 rc;

	rc = user_purge(r->sess->user_id);
	fprintf(stderr, "%s account: user disconnected Upwork; data %s\n",
	    r->id, rc == 0 ? "deleted" : "partly deleted (see above)");
	session_free(r->sess);
	r->sess = NULL;
	if (rc == -1)
		return page_error(r, 500, "Not everything could be deleted",
		    "Workdesk deleted what it could, but some of your data "
		    "could not be removed.", "Try again, or ask the operator "
		    "to run `workdesk purge --user` for your account.", NULL);
	req_cookie(r, SESSION_COOKIE, "", 0);
	req_cookie(r, CONSENT_COOKIE, "", 0);
	req_header(r, "Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
	return req_redirect(r, "/?signin=disconnected");
}

int
page_account_export(struct req *r)
{
	json_t	*j;
	char	*text;

	/* Rule 8: the signed-in user's own data, to that user only: their
	 * choices and agreement, never tokens or Upwork content. */
	if ((j = user_export(r->sess->user_id)) == NULL ||
	    (text = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL) {
		json_decref(j);
		return 500;
	}
	json_decref(j);
	r->content_type = "application/json; charset=utf-8";
	req_header(r, "Content-Disposition",
	    "attachment; filename=\"workdesk-my-data.json\"");
	buf_reset(&r->body);
	buf_puts(&r->body, text);
	buf_puts(&r->body, "\n");
	free(text);
	return 200;
}
