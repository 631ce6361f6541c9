/* schema.c: check-schema. A small reader of our own documents (they use
 * operations, variables, aliases, arguments and nested selections; no
 * fragments or directives), and a walk of each selection against the
 * types Upwork describes:
 *
 *	query { __schema { queryType { name } mutationType { name } } }
 *	query ($n: String!) { __type(name: $n) { ... } }   one per type
 *
 * A document fails when a field it selects, an argument it passes or the
 * type of a variable it declares is not in Upwork's schema any more, or
 * when it selects inside a field that has become a scalar. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "conf.h"
#include "gql.h"
#include "schema.h"
#include "upstream.h"
#include "upwork.h"

#define TYPES_MAX	256
#define NAME_MAX_LEN	128

static const char *const type_query =
    "query ($n: String!) { __type(name: $n) { name kind "
    "fields { name args { name } type { kind name ofType { kind name "
    "ofType { kind name ofType { kind name ofType { kind name } } } } } } "
    "} }";

struct check {
	const struct conf	*conf;
	const char		*token;
	FILE			*out;
	int			 failed_call;	/* Upwork could not be asked */
	struct {
		char	*name;
		json_t	*type;		/* NULL: no such type */
	}			 types[TYPES_MAX];
	size_t			 ntypes;
	unsigned		 calls;
};

/* --- asking Upwork ------------------------------------------------------ */

static json_t *
ask(struct check *c, const char *text, json_t *vars)
{
	struct upwork_res	 u;
	json_t			*data;

	memset(&u, 0, sizeof(u));
	c->calls++;
	upwork_query(c->conf, text, vars, c->token, NULL,
	    upstream_now_ms() + c->conf->page_budget_ms, &u);
	if (u.err != UPWORK_OK) {
		fprintf(c->out, "cannot ask Upwork: %s%s%s\n",
		    upwork_err_heading(u.err), u.message ? ": " : "",
		    u.message ? u.message : "");
		c->failed_call = 1;
		upwork_res_free(&u);
		return NULL;
	}
	data = json_incref(u.data);
	upwork_res_free(&u);
	return data;
}

/* Upwork's description of type name (borrowed), or NULL when it has no
 * such type (or could not be asked: see c->failed_call). */
static json_t *
type_of(struct check *c, const char *name)
{
	json_t	*data, *vars, *t = NULL;
	size_t	 i;

	for (i = 0; i < c->ntypes; i++)
		if (strcmp(c->types[i].name, name) == 0)
			return c->types[i].type;
	if (c->failed_call || c->ntypes == TYPES_MAX)
		return NULL;
	vars = json_pack("{s:s}", "n", name);
	data = ask(c, type_query, vars);
	json_decref(vars);
	if (data == NULL)
		return NULL;
	if (json_is_object(json_object_get(data, "__type")))
		t = json_incref(json_object_get(data, "__type"));
	json_decref(data);
	c->types[c->ntypes].name = strdup(name);
	c->types[c->ntypes++].type = t;
	return t;
}

/* The named type under NON_NULL and LIST wrappers. */
static const char *
named(json_t *type)
{
	int	 depth;

	for (depth = 0; json_is_object(type) && depth < 8; depth++) {
		const char *n = json_string_value(json_object_get(type, "name"));
		if (n != NULL)
			return n;
		type = json_object_get(type, "ofType");
	}
	return NULL;
}

/* The member of array (Upwork's fields or args) whose "name" is name. */
static json_t *
named_in(json_t *array, const char *name)
{
	json_t		*m;
	const char	*n;
	size_t		 i;

	json_array_foreach(array, i, m)
		if ((n = json_string_value(json_object_get(m, "name"))) !=
		    NULL && strcmp(n, name) == 0)
			return m;
	return NULL;
}

static json_t *
field_of(json_t *type, const char *name)
{
	return named_in(json_object_get(type, "fields"), name);
}

static int
has_arg(json_t *field, const char *name)
{
	return named_in(json_object_get(field, "args"), name) != NULL;
}

/* --- reading our documents ---------------------------------------------- */

struct lex {
	const char	*p;
	char		 tok[NAME_MAX_LEN];	/* a name, or one punctuator */
	int		 is_name;
};

static void
next(struct lex *l)
{
	size_t	 n = 0;

	for (;;) {
		while (isspace((unsigned char)*l->p) || *l->p == ',')
			l->p++;
		if (*l->p != '#')
			break;
		while (*l->p != '\0' && *l->p != '\n')
			l->p++;
	}
	l->is_name = isalpha((unsigned char)*l->p) || *l->p == '_';
	if (l->is_name) {
		while ((isalnum((unsigned char)*l->p) || *l->p == '_') &&
		    n < sizeof(l->tok) - 1)
			l->tok[n++] = *l->p++;
	} else if (*l->p == '"') {		/* a string value: skip it */
		for (l->p++; *l->p != '\0' && *l->p != '"'; l->p++)
			if (*l->p == '\\' && l->p[1] != '\0')
				l->p++;
		if (*l->p == '"')
			l->p++;
		l->tok[n++] = '"';
	} else if (strncmp(l->p, "...", 3) == 0) {
		memcpy(l->tok, "...", 3);
		n = 3;
		l->p += 3;
	} else if (*l->p != '\0')
		l->tok[n++] = *l->p++;
	l->tok[n] = '\0';
}

static int
is(const struct lex *l, const char *t)
{
	return strcmp(l->tok, t) == 0;
}

struct doc_check {
	struct check	*c;
	enum gql_doc	 doc;
	int		 problems;
};

static void
problem(struct doc_check *d, const char *fmt, const char *a, const char *b)
{
	if (d->problems++ == 0)
		fprintf(d->c->out, "%s.graphql: no longer validates "
		    "(screens: %s)\n", gql_name[d->doc], gql_screens[d->doc]);
	fprintf(d->c->out, "  ");
	fprintf(d->c->out, fmt, a, b);
	fprintf(d->c->out, "\n");
}

/* Arguments "(name: value, ...)": check each name against field. */
static void
arguments(struct doc_check *d, struct lex *l, json_t *field,
    const char *where)
{
	int	 depth = 0;
	char	 name[NAME_MAX_LEN];

	next(l);				/* past "(" */
	while (l->tok[0] != '\0' && !(depth == 0 && is(l, ")"))) {
		if (depth == 0 && l->is_name) {
			snprintf(name, sizeof(name), "%s", l->tok);
			next(l);
			if (is(l, ":") && field != NULL && !has_arg(field, name))
				problem(d, "%s: no argument \"%s\"", where,
				    name);
			continue;
		}
		if (is(l, "{") || is(l, "[") || is(l, "("))
			depth++;
		else if (is(l, "}") || is(l, "]") || is(l, ")"))
			depth--;
		next(l);
	}
	next(l);				/* past ")" */
}

/* A selection set "{ ... }" on type (NULL: unknown, read but not checked). */
static void
selection(struct doc_check *d, struct lex *l, json_t *type, int depth)
{
	json_t		*f, *sub;
	const char	*tname = type ? json_string_value(json_object_get(type,
			    "name")) : NULL, *kind, *tn, *meta;
	char		 name[NAME_MAX_LEN], where[2 * NAME_MAX_LEN + 2];

	next(l);				/* past "{" */
	while (l->tok[0] != '\0' && !is(l, "}")) {
		if (!l->is_name) {		/* fragments: not ours */
			problem(d, "cannot read the document at \"%s\"%s",
			    l->tok, "");
			return;
		}
		snprintf(name, sizeof(name), "%s", l->tok);
		next(l);
		if (is(l, ":")) {		/* alias: the field follows */
			next(l);
			snprintf(name, sizeof(name), "%s", l->tok);
			next(l);
		}
		snprintf(where, sizeof(where), "%s.%s", tname ? tname : "?",
		    name);
		/* Meta fields are in no type's list: __typename anywhere,
		 * __type and __schema on the query root. */
		meta = strcmp(name, "__type") == 0 ? "__Type" :
		    strcmp(name, "__schema") == 0 ? "__Schema" : NULL;
		f = type != NULL && strncmp(name, "__", 2) != 0 ?
		    field_of(type, name) : NULL;
		if (type != NULL && f == NULL && meta == NULL &&
		    strcmp(name, "__typename") != 0)
			problem(d, "%s: no such field%s", where, "");
		if (is(l, "("))
			arguments(d, l, f, where);
		if (is(l, "{")) {
			sub = NULL;
			tn = f != NULL ? named(json_object_get(f, "type")) :
			    meta;
			if (tn != NULL) {
				sub = type_of(d->c, tn);
				kind = json_string_value(json_object_get(sub,
				    "kind"));
				if (sub != NULL && kind != NULL &&
				    strcmp(kind, "OBJECT") != 0 &&
				    strcmp(kind, "INTERFACE") != 0) {
					problem(d, "%s: is a %s now, with no "
					    "fields to select", where, kind);
					sub = NULL;
				}
			}
			if (depth < 32)
				selection(d, l, sub, depth + 1);
		}
	}
	next(l);				/* past "}" */
}

/* Variables "($id: ID!, $f: [Filter])": each type must exist. */
static void
variables(struct doc_check *d, struct lex *l)
{
	next(l);				/* past "(" */
	while (l->tok[0] != '\0' && !is(l, ")")) {
		if (is(l, ":")) {
			next(l);
			while (is(l, "["))
				next(l);
			if (l->is_name && type_of(d->c, l->tok) == NULL &&
			    !d->c->failed_call)
				problem(d, "variable type %s: no such type%s",
				    l->tok, "");
			continue;
		}
		next(l);
	}
	next(l);
}

static int
check_doc(struct check *c, enum gql_doc doc, const char *root_query,
    const char *root_mutation)
{
	struct doc_check	 d = { c, doc, 0 };
	struct lex		 l = { gql_text[doc], "", 0 };
	const char		*root;

	next(&l);
	root = is(&l, "mutation") ? root_mutation : root_query;
	if (l.is_name)				/* "query" / "mutation" */
		next(&l);
	if (l.is_name)				/* the operation's name */
		next(&l);
	if (is(&l, "("))
		variables(&d, &l);
	if (!is(&l, "{"))
		problem(&d, "cannot read the document at \"%s\"%s", l.tok, "");
	else
		selection(&d, &l, root ? type_of(c, root) : NULL, 0);
	if (c->failed_call)
		return -1;
	if (d.problems == 0)
		fprintf(c->out, "%s.graphql: ok\n", gql_name[doc]);
	return d.problems > 0;
}

int
schema_check(const struct conf *conf, const char *access_token, FILE *out)
{
	struct check	 c;
	json_t		*roots;
	const char	*q, *m;
	size_t		 i;
	int		 failed = 0, rc;

	memset(&c, 0, sizeof(c));
	c.conf = conf;
	c.token = access_token;
	c.out = out;
	roots = ask(&c, "query { __schema { queryType { name } "
	    "mutationType { name } } }", NULL);
	if (roots == NULL)
		return -1;
	q = json_string_value(json_object_get(json_object_get(json_object_get(
	    roots, "__schema"), "queryType"), "name"));
	m = json_string_value(json_object_get(json_object_get(json_object_get(
	    roots, "__schema"), "mutationType"), "name"));
	for (i = 0; i < GQL__MAX; i++) {
		if ((rc = check_doc(&c, (enum gql_doc)i, q, m)) == -1) {
			failed = -1;
			break;
		}
		failed += rc;
	}
	if (failed >= 0)
		fprintf(out, "%d of %d documents no longer validate (%u "
		    "introspection requests, one type each)\n", failed,
		    GQL__MAX, c.calls);
	json_decref(roots);
	for (i = 0; i < c.ntypes; i++) {
		free(c.types[i].name);
		json_decref(c.types[i].type);
	}
	return failed;
}
