/* page-actions.c: what a user may do to a contract, each behind a
 * confirmation page: /contracts/ID/ACTION (GET asks, POST does).
 *
 *   end      the freelancer side ends the contract (endContractByFreelancer)
 *   pause    the client pauses it                  (pauseContract)
 *   restart  the client restarts a paused one      (restartContract)
 *   fund     the client funds a milestone          (activateMilestone)
 *   approve  the client approves and pays one      (approveMilestone)
 *
 * An action is offered only to the side Upwork lets do it and in a state
 * where it can work; Upwork still decides, and its refusal is shown on
 * the confirmation page. Each form is sent once (a single-use nonce,
 * form.c); the mutation is never retried, and a lost answer is reported
 * as "outcome unknown" (security bar C4, R3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "form.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"

#define MESSAGE_MAX	2000	/* bytes of a note to the other side */
#define DOUBLE_WAIT_MS	8000

struct action {
	const char	*name;
	const char	*heading;
	const char	*explain;
	const char	*button;
	const char	*done;		/* the notice on the contract page */
	int		 side;		/* CONTRACT_VENDOR or CONTRACT_CLIENT */
	const char	*states;	/* contract or milestone states it needs */
	int		 milestone;
	enum gql_doc	 doc;
};

static const struct action actions[] = {
	{ "end", "End this contract", "Ending the contract closes it for "
	    "both sides. What is still in escrow goes back to the client. It "
	    "cannot be undone.", "End the contract", "The contract is ended.",
	    CONTRACT_VENDOR, "ACTIVE PAUSED", 0, GQL_END_CONTRACT },
	{ "pause", "Pause this contract", "While a contract is paused the "
	    "freelancer cannot log time or submit work. You can restart it.",
	    "Pause the contract", "The contract is paused.", CONTRACT_CLIENT,
	    "ACTIVE", 0, GQL_PAUSE_CONTRACT },
	{ "restart", "Restart this contract", "The freelancer can work on "
	    "the contract again.", "Restart the contract",
	    "The contract is active again.", CONTRACT_CLIENT, "PAUSED", 0,
	    GQL_RESTART_CONTRACT },
	{ "fund", "Fund this milestone", "The milestone's amount is charged "
	    "to your organization and held in escrow until you approve the "
	    "work.", "Fund the milestone", "The milestone is funded.",
	    CONTRACT_CLIENT, "NOT_FUNDED", 1, GQL_ACTIVATE_MILESTONE },
	{ "approve", "Approve and pay this milestone", "The amount you give "
	    "is paid to the freelancer from escrow; the rest of the escrow "
	    "goes back to you. It cannot be undone.", "Approve and pay",
	    "The milestone is approved and paid.", CONTRACT_CLIENT,
	    "ACTIVE SUBMITTED", 1, GQL_APPROVE_MILESTONE },
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

/* Reasons Upwork accepts when a freelancer ends a contract. */
static const struct {
	const char	*ref;
	const char	*label;
} reasons[] = {
	{ "API_REAS_JOB_COMPLETED_SUCCESSFULLY", "The job was completed" },
	{ "API_REAS_WORK_NOT_NEEDED", "The work is no longer needed" },
	{ "API_REAS_CONTRACTOR_NOT_RESPONSIVE", "The other side stopped responding" },
	{ "API_REAS_HIRED_DIFFERENT", "Someone else does the work" },
	{ "API_REAS_UNPROFESSIONAL_CONDUCT", "Unprofessional conduct" },
};
#define NREASONS (sizeof(reasons) / sizeof(reasons[0]))

/* The action named by the path's last segment. */
static const struct action *
action_of(struct req *r)
{
	const char	*last = strrchr(r->path, '/');
	size_t		 i;

	for (i = 0; last != NULL && i < NACTIONS; i++)
		if (strcmp(last + 1, actions[i].name) == 0)
			return &actions[i];
	return NULL;
}

static int
in_states(const char *states, const char *s)
{
	const char	*p;
	size_t		 n;

	if (s == NULL || (n = strlen(s)) == 0)
		return 0;
	for (p = states; (p = strstr(p, s)) != NULL; p += n)
		if ((p == states || p[-1] == ' ') && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
	return 0;
}

static json_t *
find_milestone(json_t *data, const char *id)
{
	json_t	*list, *m;
	size_t	 i;

	list = json_object_get(json_object_get(data, "contract"), "milestones");
	json_array_foreach(list, i, m)
		if (id != NULL && upwork_str(m, "id") != NULL &&
		    strcmp(upwork_str(m, "id"), id) == 0)
			return m;
	return NULL;
}

void
page_actions_offer(struct req *r, struct tpl_dict *b, json_t *data, int side)
{
	struct tpl_dict	*s;
	const char	*st = upwork_str(data, "contract.status");
	const char	*done = kv_get(&r->query, "done");
	char		 href[128];
	size_t		 i;

	for (i = 0; i < NACTIONS; i++) {
		if (done != NULL && strcmp(done, actions[i].name) == 0 &&
		    (s = tpl_add_section(b, "DONE")) != NULL)
			tpl_set(s, "DONE_TEXT", actions[i].done);
		if (actions[i].milestone || actions[i].side != side ||
		    !in_states(actions[i].states, st) ||
		    (s = tpl_add_section(b, "ACTION")) == NULL)
			continue;
		snprintf(href, sizeof(href), "/contracts/%s/%s", r->param,
		    actions[i].name);
		tpl_set(s, "ACTION_HREF", href);
		tpl_set(s, "ACTION_NAME", actions[i].name);
		tpl_set(s, "ACTION_LABEL", actions[i].heading);
	}
}

void
page_milestone_actions(struct req *r, struct tpl_dict *s, json_t *m,
    int side)
{
	struct tpl_dict	*a;
	const char	*id = upwork_str(m, "id");
	char		 href[160];
	size_t		 i;

	if (!format_id_ok(id))
		return;
	for (i = 0; i < NACTIONS; i++) {
		if (!actions[i].milestone || actions[i].side != side ||
		    !in_states(actions[i].states, upwork_str(m, "state")) ||
		    (a = tpl_add_section(s, "M_ACTION")) == NULL)
			continue;
		snprintf(href, sizeof(href), "/contracts/%s/%s?milestone=%s",
		    r->param, actions[i].name, id);
		tpl_set(a, "ACTION_HREF", href);
		tpl_set(a, "ACTION_NAME", actions[i].name);
		tpl_set(a, "ACTION_LABEL", actions[i].heading);
	}
}

/* Is a the user's to take on this contract (and milestone) now? NULL yes,
 * else why not. The state is checked only before asking (states): once
 * the user confirms, Upwork, which knows the state best, decides. */
static const char *
refusal(struct req *r, const struct action *a, json_t *data, json_t *m,
    int states)
{
	if (page_contract_side(r, data) != a->side)
		return a->side == CONTRACT_CLIENT ? "Only the client's side "
		    "of the contract can do this." : "Only the freelancer's "
		    "side of the contract can do this.";
	if (a->milestone && m == NULL)
		return "The contract has no such milestone.";
	if (states && !in_states(a->states, a->milestone ? upwork_str(m,
	    "state") : upwork_str(data, "contract.status")))
		return a->milestone ? "The milestone is not in a state where "
		    "this can be done." : "The contract is not in a state "
		    "where this can be done.";
	return NULL;
}

/* The confirmation page, with the user's input kept and Upwork's reason
 * when it refused. */
static int
confirm_page(struct req *r, const struct action *a, json_t *data, json_t *m,
    const char *error, int status)
{
	struct tpl_dict	*d, *b, *s;
	const char	*reason = kv_get(&r->form, "reason");
	const char	*v;
	char		 nonce[CRYPTO_TOKEN_LEN + 1], money[64], back[128];
	size_t		 i;

	if ((d = page_begin(r, a->heading, TPL_ACTION, &b,
	    PAGE_UPWORK_CONTENT)) == NULL)
		return 500;
	snprintf(back, sizeof(back), "/contracts/%s", r->param);
	tpl_set(b, "BACK_HREF", back);
	tpl_set(b, "HEADING", a->heading);
	tpl_set(b, "EXPLAIN", a->explain);
	tpl_set(b, "BUTTON", a->button);
	tpl_set(b, "ACTION_HREF", r->path);
	tpl_set(b, "CONTRACT_TITLE", upwork_str(data, "contract.title"));
	tpl_set(b, "CSRF_TOKEN", r->sess->csrf);
	form_nonce(nonce);
	tpl_set(b, "NONCE", nonce);
	if (error != NULL && (s = tpl_add_section(b, "ERROR")) != NULL)
		tpl_set(s, "ERROR_TEXT", error);
	if (m != NULL && (s = tpl_add_section(b, "MILESTONE")) != NULL) {
		tpl_set(s, "M_ID", upwork_str(m, "id"));
		tpl_set(s, "M_DESCRIPTION", upwork_str(m, "description"));
		format_money(money, sizeof(money), json_object_get(m,
		    "depositAmount"));
		tpl_set(s, "M_AMOUNT", money);
	}
	if (strcmp(a->name, "end") == 0 &&
	    (s = tpl_add_section(b, "REASONS")) != NULL)
		for (i = 0; i < NREASONS; i++) {
			struct tpl_dict *o = tpl_add_section(s, "REASON");
			if (o == NULL)
				break;
			tpl_set(o, "REASON_REF", reasons[i].ref);
			tpl_set(o, "REASON_LABEL", reasons[i].label);
			if (reason != NULL && strcmp(reason, reasons[i].ref) == 0)
				tpl_show(o, "REASON_SELECTED");
		}
	if ((strcmp(a->name, "pause") == 0 || strcmp(a->name, "restart") == 0)
	    && (s = tpl_add_section(b, "MESSAGE")) != NULL)
		tpl_set(s, "MESSAGE_TEXT", kv_get(&r->form, "message"));
	if (strcmp(a->name, "approve") == 0 &&
	    (s = tpl_add_section(b, "PAY")) != NULL) {
		v = kv_get(&r->form, "amount");
		tpl_set(s, "PAY_AMOUNT", v != NULL ? v :
		    upwork_str(m, "depositAmount.rawValue"));
		tpl_set(s, "PAY_REASON", kv_get(&r->form, "underpayment"));
		tpl_set(s, "PAY_COMMENT", kv_get(&r->form, "comment"));
	}
	return page_end(r, d, status);
}

int
page_action_ask(struct req *r)
{
	const struct action	*a = action_of(r);
	struct upwork_res	 u;
	json_t			*m;
	const char		*why;
	int			 status;

	if (a == NULL)
		return 404;
	if ((status = page_contract_fetch(r, &u)) != 0)
		goto out;
	m = a->milestone ? find_milestone(u.data, kv_get(&r->query,
	    "milestone")) : NULL;
	if ((why = refusal(r, a, u.data, m, 1)) != NULL)
		status = page_error(r, 409, "Not possible now", why,
		    "Go back to the contract to see what can be done.", NULL);
	else
		status = confirm_page(r, a, u.data, m, NULL, 200);
out:
	upwork_res_free(&u);
	return status;
}

/* The mutation's variables from the form, or NULL with *error set. */
static json_t *
action_vars(struct req *r, const struct action *a, json_t *m,
    const char **error)
{
	const char	*msg = kv_get(&r->form, "message");
	const char	*amount = kv_get(&r->form, "amount");
	const char	*under = kv_get(&r->form, "underpayment");
	const char	*comment = kv_get(&r->form, "comment");
	const char	*reason = kv_get(&r->form, "reason");
	json_t		*in;
	size_t		 i;

	*error = NULL;
	if ((msg && strlen(msg) > MESSAGE_MAX) || (under && strlen(under) >
	    MESSAGE_MAX) || (comment && strlen(comment) > MESSAGE_MAX)) {
		*error = "A note is longer than 2000 bytes.";
		return NULL;
	}
	if (strcmp(a->name, "end") == 0) {
		for (i = 0; reason != NULL && i < NREASONS; i++)
			if (strcmp(reason, reasons[i].ref) == 0)
				break;
		if (reason == NULL || i == NREASONS) {
			*error = "Choose why the contract ends.";
			return NULL;
		}
		return json_pack("{s:s, s:{s:s}}", "contractId", r->param,
		    "input", "reasonRef", reason);
	}
	if (strcmp(a->name, "pause") == 0 || strcmp(a->name, "restart") == 0)
		return json_pack("{s:s, s:s?}", "contractId", r->param,
		    "message", msg && msg[0] ? msg : NULL);
	if (strcmp(a->name, "fund") == 0)
		return json_pack("{s:{s:s}}", "input", "id", upwork_str(m, "id"));
	/* approve */
	if (amount == NULL || !format_amount_ok(amount)) {
		*error = "Give the amount to pay in dollars, like 250 or "
		    "99.50.";
		return NULL;
	}
	in = json_pack("{s:s, s:s}", "id", upwork_str(m, "id"), "paidAmount",
	    amount);
	if (in != NULL && under != NULL && under[0] != '\0')
		json_object_set_new(in, "underpaymentReason", json_string(under));
	if (in != NULL && comment != NULL && comment[0] != '\0')
		json_object_set_new(in, "paymentComment", json_string(comment));
	return json_pack("{s:o}", "input", in);
}

/* Did Upwork say it was done? Its answer's one field: success, or the
 * milestone's new state (funded: ACTIVE; approved: PAID). NULL yes, else
 * what to tell the user. */
static const char *
not_done(const struct action *a, json_t *data, char *buf, size_t size)
{
	static const char *const fields[] = { "endContractByFreelancer",
	    "pauseContract", "restartContract", "activateMilestone",
	    "approveMilestone" };
	json_t		*res = json_object_get(data, fields[a - actions]);
	const char	*want, *got;

	if (!a->milestone)
		return json_is_true(json_object_get(res, "success")) ? NULL :
		    "Upwork did not confirm it, so it may not have happened.";
	want = strcmp(a->name, "fund") == 0 ? "ACTIVE" : "PAID";
	got = upwork_str(res, "state");
	if (got != NULL && strcmp(got, want) == 0)
		return NULL;
	snprintf(buf, size, "Upwork answered, but reports the milestone as "
	    "%s: check it on the contract page.", got ? got : "unknown");
	return buf;
}

int
page_action_do(struct req *r)
{
	const struct action	*a = action_of(r);
	struct upwork_res	 u, mu;
	struct form_claim	 prev;
	json_t			*m = NULL, *vars;
	const char		*nonce = kv_get(&r->form, "nonce"), *why, *err;
	char			 to[128], msg[160];
	int			 status, rc;

	memset(&mu, 0, sizeof(mu));
	if (a == NULL)
		return 404;
	if (!form_nonce_ok(nonce))
		return page_error(r, 400, "Bad request", "The form had no valid "
		    "one-time token, so nothing was done.", "Open the contract "
		    "and try again.", NULL);
	if ((status = page_contract_fetch(r, &u)) != 0)
		goto out;
	m = a->milestone ? find_milestone(u.data, kv_get(&r->form,
	    "milestone")) : NULL;
	snprintf(to, sizeof(to), "/contracts/%s?done=%s", r->param, a->name);
	rc = form_claim(r->sess->user_id, nonce, &prev);
	if (rc == -1) {
		status = 500;
		goto out;
	}
	if (rc == 1) {
		/* A double click or a replay: what became of the first. */
		form_wait(r->sess->user_id, nonce, DOUBLE_WAIT_MS, &prev);
		status = prev.state == FORM_DONE ? req_redirect(r, to) :
		    page_error(r, 409, "This form was already sent", "It was "
		    "sent once already and not again.", "Open the contract to "
		    "see how it stands.", NULL);
		goto out;
	}
	if ((why = refusal(r, a, u.data, m, 0)) != NULL) {
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = page_error(r, 409, "Not possible now", why, "Go back "
		    "to the contract to see what can be done.", NULL);
		goto out;
	}
	if ((vars = action_vars(r, a, m, &err)) == NULL) {
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = confirm_page(r, a, u.data, m, err ? err :
		    "Out of memory.", err ? 422 : 500);
		goto out;
	}
	cache_mutate(r, a->doc, vars, &mu);
	json_decref(vars);
	fprintf(stderr, "%s contract %s %s: %s\n", r->id, r->param, a->name,
	    upwork_err_name(mu.err));
	/* Whatever happened, the contract must be read anew. */
	cache_drop(r, GQL_CONTRACT);
	cache_drop(r, GQL_CONTRACTS);
	if (upwork_err_maybe_done(mu.err)) {
		status = page_outcome_unknown(r, &mu, "The request reached "
		    "Upwork, but no answer came back, so Workdesk cannot tell "
		    "whether it was done.", "Open the contract to see how it "
		    "stands before trying again.");
		goto out;
	}
	switch (mu.err) {
	case UPWORK_OK:
		if ((why = not_done(a, mu.data, msg, sizeof(msg))) == NULL) {
			form_settle(r->sess->user_id, nonce, FORM_DONE);
			status = req_redirect(r, to);
		} else {
			form_settle(r->sess->user_id, nonce, FORM_REFUSED);
			status = confirm_page(r, a, u.data, m, why, 502);
		}
		break;
	case UPWORK_EAUTH:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = page_signed_out_by_upwork(r);
		break;
	case UPWORK_ERATELIMIT:
	case UPWORK_EUNAVAILABLE:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = confirm_page(r, a, u.data, m, "Upwork is busy or "
		    "unavailable, so nothing was done. Try again in a minute.",
		    503);
		break;
	default:
		/* Upwork refused: its reason, on the same page. */
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = confirm_page(r, a, u.data, m, mu.message ? mu.message :
		    "Upwork refused it.", mu.err == UPWORK_EPERMISSION ||
		    mu.err == UPWORK_EDENIED ? 403 : 409);
		break;
	}
out:
	upwork_res_free(&mu);
	upwork_res_free(&u);
	return status;
}
