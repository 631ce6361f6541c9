/* page-messages.c: /messages (the user's rooms) and /messages/ROOM (a
 * room's messages, newest at the bottom, and a reply box).
 *
 * Message text is the most hostile content Workdesk shows: it is always
 * escaped by the template, keeps its line breaks, and only http and https
 * addresses become links (split out here, so no markup is ever built from
 * it). A reply is sent once per form (single-use nonce, never retried); a
 * failed send keeps the typed text, and the room's cached pages are
 * dropped after every attempt so the next look is Upwork's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "form.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"

#define ROOMS_PAGE	20
#define STORIES_PAGE	30
#define OFFSET_MAX	100000
#define MESSAGE_MAX	20000	/* bytes; Upwork's own limit is checked by it */
#define URL_MAX		2048
#define DOUBLE_WAIT_MS	8000

static int
offset_of(struct req *r, long *out)
{
	const char	*after = kv_get(&r->query, "after");
	char		*end;

	*out = 0;
	if (after == NULL || after[0] == '\0')
		return 0;
	*out = strtol(after, &end, 10);
	return *end != '\0' || *out < 0 || *out > OFFSET_MAX ? -1 : 0;
}

static void
upwork_room_url(char *out, size_t size, const char *room)
{
	snprintf(out, size, "https://www.upwork.com/ab/messages/rooms/%s", room);
}

/* The variables of a page of the room list. New reference. */
static json_t *
rooms_vars(int unread, const char *after)
{
	return json_pack("{s:{s:b}, s:{s:i, s:s?}}", "filter",
	    "unreadRoomsOnly_eq", unread, "page", "first", ROOMS_PAGE, "after",
	    after);
}

int
page_messages_unread(struct req *r, struct upwork_res *u)
{
	json_t	*vars;

	/* The first page of /messages?unread=1. */
	memset(u, 0, sizeof(*u));
	vars = rooms_vars(1, NULL);
	cache_fetch(r, GQL_ROOMS, vars, u);
	json_decref(vars);
	return u->err;
}

int
page_messages(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b, *s, *x;
	json_t			*vars, *conn, *e, *n;
	const char		*id, *v;
	char			 href[160], url[128], ago[48], count[64];
	int			 unread = kv_get(&r->query, "unread") != NULL;
	long			 offset;
	time_t			 t, now = time(NULL);
	size_t			 i;
	int			 status;

	if (offset_of(r, &offset) == -1 || offset % ROOMS_PAGE != 0)
		return page_error(r, 400, "Bad request", "The page position is "
		    "not one this page links to.", "Start again from Messages.",
		    NULL);
	vars = rooms_vars(unread, offset > 0 ? kv_get(&r->query, "after") :
	    NULL);
	status = page_fetch(r, GQL_ROOMS, vars, &u);
	json_decref(vars);
	if (status != 0)
		return status;
	conn = json_object_get(u.data, "roomList");
	if ((d = page_begin(r, "Messages", TPL_MESSAGES, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	tpl_show(b, unread ? "UNREAD_ONLY" : "ALL");
	tpl_set(b, "TOTAL", format_count(count, sizeof(count),
	    json_integer_value(json_object_get(conn, "totalCount")), "room",
	    "rooms"));
	json_array_foreach(json_object_get(conn, "edges"), i, e) {
		n = json_object_get(e, "node");
		id = upwork_str(n, "id");
		if (!format_room_id_ok(id) || (s = tpl_add_section(b, "ROOM")) == NULL)
			continue;
		snprintf(href, sizeof(href), "/messages/%s", id);
		tpl_set(s, "R_ID", id);
		tpl_set(s, "R_HREF", href);
		tpl_set(s, "R_NAME", upwork_str(n, "roomName"));
		if ((v = upwork_str(n, "topic")) != NULL &&
		    (x = tpl_add_section(s, "R_TOPIC")) != NULL)
			tpl_set(x, "TOPIC", v);
		if (json_integer_value(json_object_get(n, "numUnread")) > 0 &&
		    (x = tpl_add_section(s, "R_UNREAD")) != NULL)
			tpl_set_int(x, "UNREAD", json_integer_value(
			    json_object_get(n, "numUnread")));
		v = upwork_str(n, "latestStory.createdDateTime");
		if (v != NULL && (t = format_parse_time(v)) != (time_t)-1 &&
		    (x = tpl_add_section(s, "R_WHEN")) != NULL) {
			format_ago(ago, sizeof(ago), t, now);
			tpl_set(x, "WHEN_ISO", v);
			tpl_set(x, "WHEN_AGO", ago);
		}
		if (format_id_ok(v = upwork_str(n, "contractId")) &&
		    (x = tpl_add_section(s, "R_CONTRACT")) != NULL) {
			snprintf(href, sizeof(href), "/contracts/%s", v);
			tpl_set(x, "CONTRACT_HREF", href);
		}
		upwork_room_url(url, sizeof(url), id);
		tpl_set(s, "R_UPWORK", url);
	}
	if (json_array_size(json_object_get(conn, "edges")) == 0)
		tpl_show(b, "EMPTY");
	if (offset > 0 && (s = tpl_add_section(b, "PREV")) != NULL) {
		snprintf(href, sizeof(href), "/messages?%safter=%ld", unread ?
		    "unread=1&" : "", offset - ROOMS_PAGE);
		tpl_set(s, "PREV_HREF", href);
	}
	if (json_is_true(json_object_get(json_object_get(conn, "pageInfo"),
	    "hasNextPage")) && offset + ROOMS_PAGE <= OFFSET_MAX &&
	    (s = tpl_add_section(b, "NEXT")) != NULL) {
		snprintf(href, sizeof(href), "/messages?%safter=%ld", unread ?
		    "unread=1&" : "", offset + ROOMS_PAGE);
		tpl_set(s, "NEXT_HREF", href);
	}
	upwork_res_free(&u);
	return page_end(r, d, 200);
}

/* Where the address starting at s ends: at white space or a character
 * that cannot be in one, without trailing punctuation. */
static size_t
url_len(const char *s)
{
	size_t	 n = strcspn(s, " \t\r\n<>\"'`{}|\\^");

	while (n > 0 && strchr(".,;:!?)]", s[n - 1]) != NULL)
		n--;
	return n;
}

/* text as sections of plain text and links (http and https only). */
static void
segments(struct tpl_dict *parent, const char *text)
{
	struct tpl_dict	*seg, *x;
	const char	*p = text, *a, *b;
	char		*chunk;
	size_t		 n;

	while (p != NULL && *p != '\0') {
		a = strstr(p, "http://");
		b = strstr(p, "https://");
		if (a == NULL || (b != NULL && b < a))
			a = b;
		/* Only at the start of a word. */
		while (a != NULL && a > p && strchr(" \t\r\n(", a[-1]) == NULL) {
			b = a + 4;
			a = strstr(b, "http://");
			if ((chunk = strstr(b, "https://")) != NULL &&
			    (a == NULL || chunk < a))
				a = chunk;
		}
		n = a ? (size_t)(a - p) : strlen(p);
		if (n > 0 && (seg = tpl_add_section(parent, "SEG")) != NULL &&
		    (x = tpl_add_section(seg, "TEXT")) != NULL &&
		    (chunk = strndup(p, n)) != NULL) {
			tpl_set(x, "T", chunk);
			free(chunk);
		}
		if (a == NULL)
			break;
		n = url_len(a);
		if (n <= 8 || n > URL_MAX) {	/* "https://" alone, or huge */
			if ((seg = tpl_add_section(parent, "SEG")) != NULL &&
			    (x = tpl_add_section(seg, "TEXT")) != NULL &&
			    (chunk = strndup(a, n > 0 ? n : 1)) != NULL) {
				tpl_set(x, "T", chunk);
				free(chunk);
			}
			p = a + (n > 0 ? n : 1);
			continue;
		}
		if ((seg = tpl_add_section(parent, "SEG")) != NULL &&
		    (x = tpl_add_section(seg, "LINK")) != NULL &&
		    (chunk = strndup(a, n)) != NULL) {
			tpl_set(x, "HREF", chunk);
			free(chunk);
		}
		p = a + n;
	}
}

/* The room and a page of its stories: 0, or the error page's status. */
static int
room_load(struct req *r, long offset, struct upwork_res *u)
{
	json_t	*vars;
	char	 after[24];

	memset(u, 0, sizeof(*u));
	snprintf(after, sizeof(after), "%ld", offset);
	vars = json_pack("{s:s, s:{s:s, s:{s:{s:i, s:s}}}}", "id", r->param,
	    "stories", "roomId_eq", r->param, "storyFilter", "pagination",
	    "first", STORIES_PAGE, "after", after);
	cache_fetch(r, GQL_ROOM, vars, u);
	json_decref(vars);
	if (u->err == UPWORK_EAUTH)
		return page_signed_out_by_upwork(r);
	if (u->err == UPWORK_EOTHER && u->message != NULL &&
	    strstr(u->message, "not found") != NULL)
		return page_error(r, 404, "No such room", "Upwork has no room "
		    "of yours with this address in this organization.",
		    "Another of your organizations may have it: switch "
		    "organization and look again.", NULL);
	if (u->err != UPWORK_OK ||
	    !json_is_object(json_object_get(u->data, "room")))
		return page_upwork_error(r, u);
	return 0;
}

static void
story(struct tpl_dict *b, json_t *n, time_t now)
{
	struct tpl_dict	*s, *x;
	json_t		*a, *md;
	const char	*v, *name;
	char		 ago[48];
	time_t		 t;
	size_t		 i, k;

	if ((s = tpl_add_section(b, "STORY")) == NULL)
		return;
	/* Its id names its anchor (a sent message's page jumps to it). */
	if (format_id_ok(v = upwork_str(n, "id")) &&
	    (x = tpl_add_section(s, "S_ANCHOR")) != NULL)
		tpl_set(x, "S_ID", v);
	tpl_set(s, "AUTHOR", upwork_str(n, "user.name"));
	v = upwork_str(n, "createdDateTime");
	if (v != NULL && (t = format_parse_time(v)) != (time_t)-1) {
		format_ago(ago, sizeof(ago), t, now);
		tpl_set(s, "S_ISO", v);
		tpl_set(s, "S_AGO", ago);
	}
	segments(s, upwork_str(n, "message"));
	json_array_foreach(json_object_get(n, "attachments"), i, a) {
		name = NULL;
		json_array_foreach(json_object_get(a, "metadata"), k, md)
			if (upwork_str(md, "key") != NULL &&
			    strcmp(upwork_str(md, "key"), "fileName") == 0)
				name = upwork_str(md, "value");
		if ((x = tpl_add_section(s, "FILE")) != NULL)
			tpl_set(x, "FILE_NAME", name ? name : "a file");
	}
}

/* The room page: its messages oldest first (Upwork gives them newest
 * first), the reply box with text (a failed send's) and an error. */
static int
room_page(struct req *r, struct upwork_res *u, long offset, const char *text,
    const char *error, const char *notice, int status)
{
	struct tpl_dict	*d, *b, *s;
	json_t		*room = json_object_get(u->data, "room");
	json_t		*conn = json_object_get(u->data, "roomStories");
	json_t		*edges = json_object_get(conn, "edges");
	const char	*v;
	char		 href[128], url[128], nonce[CRYPTO_TOKEN_LEN + 1];
	size_t		 i;
	time_t		 now = time(NULL);

	if ((d = page_begin(r, "Messages", TPL_ROOM, &b,
	    PAGE_UPWORK_CONTENT)) == NULL)
		return 500;
	page_data_age(r, d, u);
	tpl_set(b, "ROOM_NAME", upwork_str(room, "roomName"));
	if ((v = upwork_str(room, "topic")) != NULL &&
	    (s = tpl_add_section(b, "TOPIC")) != NULL)
		tpl_set(s, "TOPIC_TEXT", v);
	if (format_id_ok(v = upwork_str(room, "contractId")) &&
	    (s = tpl_add_section(b, "CONTRACT")) != NULL) {
		snprintf(href, sizeof(href), "/contracts/%s", v);
		tpl_set(s, "CONTRACT_HREF", href);
	}
	upwork_room_url(url, sizeof(url), r->param);
	tpl_set(b, "UPWORK_URL", url);
	for (i = json_array_size(edges); i-- > 0;)
		story(b, json_object_get(json_array_get(edges, i), "node"), now);
	if (json_array_size(edges) == 0)
		tpl_show(b, "NO_STORIES");
	if (json_is_true(json_object_get(json_object_get(conn, "pageInfo"),
	    "hasNextPage")) && offset + STORIES_PAGE <= OFFSET_MAX &&
	    (s = tpl_add_section(b, "OLDER")) != NULL) {
		snprintf(href, sizeof(href), "/messages/%s?after=%ld", r->param,
		    offset + STORIES_PAGE);
		tpl_set(s, "OLDER_HREF", href);
	}
	if (offset > 0 && (s = tpl_add_section(b, "NEWER")) != NULL) {
		snprintf(href, sizeof(href), "/messages/%s%s", r->param,
		    offset - STORIES_PAGE > 0 ? "?after=" : "");
		if (offset - STORIES_PAGE > 0)
			snprintf(href + strlen(href), sizeof(href) - strlen(href),
			    "%ld", offset - STORIES_PAGE);
		tpl_set(s, "NEWER_HREF", href);
	}
	if (json_is_true(json_object_get(room, "readOnly")))
		tpl_show(b, "READ_ONLY");
	else if ((s = tpl_add_section(b, "REPLY")) != NULL) {
		snprintf(href, sizeof(href), "/messages/%s", r->param);
		tpl_set(s, "REPLY_ACTION", href);
		tpl_set(s, "CSRF_TOKEN", r->sess->csrf);
		form_nonce(nonce);
		tpl_set(s, "NONCE", nonce);
		tpl_set(s, "TEXT", text);
	}
	if (error != NULL && (s = tpl_add_section(b, "ERROR")) != NULL)
		tpl_set(s, "ERROR_TEXT", error);
	if (notice != NULL && (s = tpl_add_section(b, "NOTICE")) != NULL)
		tpl_set(s, "NOTICE_TEXT", notice);
	return page_end(r, d, status);
}

int
page_room(struct req *r)
{
	struct upwork_res	 u;
	long			 offset;
	int			 status;

	if (offset_of(r, &offset) == -1 || offset % STORIES_PAGE != 0)
		return page_error(r, 400, "Bad request", "The page position is "
		    "not one this page links to.", "Open the room again.", NULL);
	if ((status = room_load(r, offset, &u)) == 0)
		status = room_page(r, &u, offset, NULL, NULL, kv_get(&r->query,
		    "sent") ? "Your message was sent." : NULL, 200);
	upwork_res_free(&u);
	return status;
}

int
page_room_send(struct req *r)
{
	struct upwork_res	 u, mu;
	struct form_claim	 prev;
	json_t			*vars;
	const char		*nonce = kv_get(&r->form, "nonce");
	const char		*raw = kv_get(&r->form, "message"), *id;
	char			*text = NULL, to[160];
	size_t			 len;
	int			 status, rc;

	memset(&mu, 0, sizeof(mu));
	memset(&u, 0, sizeof(u));
	snprintf(to, sizeof(to), "/messages/%s?sent=1", r->param);
	if (!form_nonce_ok(nonce))
		return page_error(r, 400, "Bad request", "The form had no valid "
		    "one-time token, so nothing was sent.", "Go back: your "
		    "browser still has what you typed.", NULL);
	if (raw == NULL || (text = format_text_copy(raw, SIZE_MAX, &len)) ==
	    NULL)
		return page_error(r, 400, "Bad request", "The form had no "
		    "message.", NULL, NULL);
	rc = form_claim(r->sess->user_id, nonce, &prev);
	if (rc == -1) {
		status = 500;
		goto out;
	}
	if (rc == 1) {
		form_wait(r->sess->user_id, nonce, DOUBLE_WAIT_MS, &prev);
		status = prev.state == FORM_DONE ? req_redirect(r, to) :
		    page_error(r, 409, "This message was already sent", "This "
		    "form was sent once already and not again.", "Open the "
		    "room to see what arrived.", NULL);
		goto out;
	}
	if (text[strspn(text, " \t\r\n")] == '\0' || len > MESSAGE_MAX) {
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		if ((status = room_load(r, 0, &u)) == 0)
			status = room_page(r, &u, 0, text, len <= MESSAGE_MAX ?
			    "Write a message "
			    "first." : "The message is too long.", NULL, 422);
		goto out;
	}
	vars = json_pack("{s:{s:s, s:s}}", "input", "roomId", r->param,
	    "message", text);
	cache_mutate(r, GQL_SEND_MESSAGE, vars, &mu);
	json_decref(vars);
	fprintf(stderr, "%s message to %s: %s\n", r->id, r->param,
	    upwork_err_name(mu.err));
	/* Whatever happened, the room and the list are read anew. */
	cache_drop(r, GQL_ROOM);
	cache_drop(r, GQL_ROOMS);
	if (upwork_err_maybe_done(mu.err)) {
		status = page_outcome_unknown(r, &mu, "Your message was sent "
		    "to Upwork, but no answer came back, so Workdesk cannot "
		    "tell whether it arrived.", "Open the room to see whether "
		    "it is there before sending it again.");
		goto out;
	}
	switch (mu.err) {
	case UPWORK_OK:
		if ((id = upwork_str(mu.data, "createRoomStoryV2.id")) != NULL) {
			form_settle(r->sess->user_id, nonce, FORM_DONE);
			/* Straight to the new message, when its id is one. */
			if (format_id_ok(id))
				snprintf(to + strlen(to), sizeof(to) - strlen(to),
				    "#s-%s", id);
			status = req_redirect(r, to);
			goto out;
		}
		break;
	case UPWORK_EAUTH:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = page_signed_out_by_upwork(r);
		goto out;
	default:
		break;
	}
	/* Not sent: the room again, with the text and Upwork's reason. */
	form_settle(r->sess->user_id, nonce, FORM_REFUSED);
	if ((status = room_load(r, 0, &u)) == 0)
		status = room_page(r, &u, 0, text, mu.err == UPWORK_OK ?
		    "Upwork did not confirm the message, so it may not have "
		    "arrived." : mu.message ? mu.message : "Upwork refused "
		    "the message.", NULL, mu.err == UPWORK_ERATELIMIT ||
		    mu.err == UPWORK_EUNAVAILABLE ? 503 : mu.err == UPWORK_OK ?
		    502 : 409);
out:
	free(text);
	upwork_res_free(&mu);
	upwork_res_free(&u);
	return status;
}
