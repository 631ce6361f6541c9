/* conf.h: the configuration file (key = value), read once at start and on SIGHUP. */
#ifndef CONF_H
#define CONF_H

#include <stdio.h>

struct conf {
	char	*listen;		/* unix socket path; NULL: fd 3 (systemd) or fd 0 (spawn-fcgi) */
	char	*data_dir;		/* the file store, mode 0700 */
	char	*key_file;		/* token key, 32 bytes, 0600, outside data_dir */
	char	*templates_dir;
	char	*templates_override_dir; /* the operator's own templates, file by file */
	char	*brand_name;		/* shown instead of "Workdesk" in the header and titles */
	char	*brand_logo;		/* an SVG, PNG, JPEG or WebP file for the header */
	char	*brand_accent;		/* "#rrggbb": links, buttons, the current page */
	char	*docs_dir;		/* PRIVACY.md and TERMS.md, served as pages */
	char	*public_origin;		/* scheme://host[:port] users reach us at */
	char	*redirect_uri;		/* registered with the Upwork API key, sent byte for byte */
	char	*upwork_authorize_url;
	char	*upwork_token_url;
	char	*upwork_graphql_url;
	char	*upwork_client_id;
	char	*upwork_client_secret;
	int	 allow_insecure_loopback; /* http:// Upwork URLs on loopback: the sandbox */
	int	 pkce;			/* send PKCE S256 (Upwork's support is undocumented) */
	int	 threads;
	long	 session_idle_s;
	long	 session_max_s;
	long	 http_connect_timeout_ms;
	long	 http_timeout_ms;
	long	 page_budget_ms;	/* all Upwork calls of one page, retries included */
	int	 upstream_rate_per_s;	/* install-wide (R5) */
	int	 upstream_daily_cap;
	long	 cache_ttl_s;		/* fresh lifetime of cached Upwork data */
	char	*admins;		/* Upwork user ids who see /admin, comma-separated */
	int	 dormant_days;		/* purge users not signed in for this long */
	int	 sandbox;		/* derived: Upwork URLs are loopback http */
};

/* Read path into c (defaults first, then the file). 0, or -1 with one
 * message per problem written to err naming the line. c owns its strings;
 * free with conf_free. */
int	 conf_load(struct conf *c, const char *path, FILE *err);
void	 conf_free(struct conf *c);
/* Parse one "key = value" text (for tests and fuzzing): same rules as conf_load
 * without the file checks. */
int	 conf_parse(struct conf *c, const char *text, size_t len, const char *name,
	    FILE *err);
/* Defaults only. */
void	 conf_defaults(struct conf *c);
/* The media type of a brand_logo path by its extension (.svg, .png, .jpg,
 * .jpeg, .webp, any case), or NULL for any other. */
const char *conf_logo_type(const char *path);
/* Cross-field checks after parsing (URLs, paths). 0 or -1 with messages. */
int	 conf_check(const struct conf *c, FILE *err);

#endif /* CONF_H */
