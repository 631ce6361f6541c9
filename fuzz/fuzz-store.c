/* fuzz-store: the readers of records on disk: the store's framing and
 * checksum, then what each kind holds: sessions (JSON), users (JSON:
 * consent, saved searches, drafts), tokens (sealed) and cached Upwork
 * answers (the 24 h ceiling). A disk can hand back anything: a torn write
 * from another program, a restored backup, a flipped bit.
 *
 * The first byte picks the kind (bits 0-1) and how the rest becomes the
 * record file (bits 2-3): as it is; with a valid checksum appended; or as
 * the payload of a well-framed record for the right key (so the fuzzer
 * reaches the JSON readers behind the checksum). The second byte sets the
 * record's time: up to 35 h in the past, or in the future.
 *
 * Properties: every reader answers found, miss or error and never crashes
 * or leaks; a session found belongs to a user and has a 43-character CSRF
 * token and times inside its limits; a cache entry found is younger than
 * 24 h and not from the future; saved searches have an id and a name. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fuzz.h"
#include "cache.h"
#include "conf.h"
#include "crypto.h"
#include "oauth.h"
#include "session.h"
#include "store.h"
#include "user.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int	 LLVMFuzzerInitialize(int *argc, char ***argv);

#define NOW		((time_t)1800000000)
#define USER		"1390042875001225216"
#define SESSION_ID	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define CACHE_KEY	USER "|424242|Job|{\"id\":\"1\"}"

static struct conf	 conf;
static char		 root[256];
static char		 session_key[CRYPTO_HEX_LEN + 1];

static const struct {
	enum store_kind	 kind;
	const char	*key;		/* NULL: the session key */
} cases[4] = {
	{ STORE_SESSION, NULL },
	{ STORE_USER, USER },
	{ STORE_TOKENS, USER },
	{ STORE_CACHE, CACHE_KEY },
};

/* A new directory for this process's store, under $FUZZ_TMPDIR (the
 * scripts make one and remove it), else /dev/shm where fsync costs
 * nothing. */
static const char *
tmpdir(void)
{
	static char	 dir[256];
	const char	*base = getenv("FUZZ_TMPDIR");

	if (base == NULL)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/workdesk-fuzz-XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		abort();
	return dir;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 path[300];

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s", tmpdir());
	snprintf(path, sizeof(path), "%s/key", root);
	if (crypto_init() == -1 || crypto_key_load(path) == -1)
		abort();
	snprintf(path, sizeof(path), "%s/data", root);
	if (mkdir(path, 0700) == -1 || store_init(path) == -1)
		abort();
	conf_defaults(&conf);
	crypto_sha256_hex(SESSION_ID, strlen(SESSION_ID), session_key);
	return 0;
}

static void
put_be(unsigned char *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* Write the record file of key in kind's directory, as the mode says. */
static void
write_record(enum store_kind k, const char *key, int mode, time_t t,
    const uint8_t *data, size_t n)
{
	unsigned char	*rec;
	char		 name[CRYPTO_HEX_LEN + 1], path[400];
	size_t		 klen = strlen(key), len;
	int		 fd;

	if ((rec = malloc(24 + klen + n + 32)) == NULL)
		abort();
	if (mode == 2) {			/* framed payload */
		memcpy(rec, "WDR1", 4);
		rec[4] = 1;
		rec[5] = (unsigned char)k;
		rec[6] = rec[7] = 0;
		put_be(rec + 8, (uint64_t)t, 8);
		put_be(rec + 16, klen, 4);
		put_be(rec + 20, n, 4);
		memcpy(rec + 24, key, klen);
		memcpy(rec + 24 + klen, data, n);
		len = 24 + klen + n;
	} else {
		memcpy(rec, data, n);
		len = n;
	}
	if (mode != 0) {			/* a checksum that matches */
		crypto_generichash(rec + len, 32, rec, len, NULL, 0);
		len += 32;
	}
	crypto_sha256_hex(key, klen, name);
	snprintf(path, sizeof(path), "%s/data/%s/%s", root,
	    store_kind_name(k), name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, rec, len) != (ssize_t)len || close(fd) == -1)
		abort();
	free(rec);
}

static void
read_session(void)
{
	struct session	*s = NULL;
	int		 rc;

	rc = session_load(&conf, SESSION_ID, NOW, &s);
	FUZZ_MUST(rc == 0 || rc == 1 || rc == -1);
	FUZZ_MUST((rc == 0) == (s != NULL));
	if (s != NULL) {
		FUZZ_MUST(s->user_id && s->user_name && s->org_id && s->org_name);
		FUZZ_MUST(strlen(s->csrf) == CRYPTO_TOKEN_LEN);
		FUZZ_MUST(s->created <= NOW && s->seen <= NOW);
		FUZZ_MUST(NOW - s->seen <= conf.session_idle_s);
		FUZZ_MUST(NOW - s->created <= conf.session_max_s);
	}
	session_free(s);
}

static void
read_user(void)
{
	struct user_consent	 c;
	struct saved_search	*v = NULL;
	size_t			 n = 0, i;
	json_t			*j;

	FUZZ_MUST(user_consent_get(USER, &c) >= -1);
	if (user_searches(USER, &v, &n) == 0)
		for (i = 0; i < n; i++)
			FUZZ_MUST(v[i].id[0] != '\0' && v[i].name != NULL &&
			    v[i].query != NULL);
	user_searches_free(v, n);
	json_decref(user_drafts(USER, NOW));
	json_decref(user_letters(USER));
	if ((j = user_export(USER)) != NULL)
		json_decref(j);
}

static void
read_tokens(void)
{
	struct oauth_tokens	 tok;

	memset(&tok, 0, sizeof(tok));
	if (oauth_tokens_load(USER, &tok) == 0)
		FUZZ_MUST(tok.access != NULL && tok.refresh != NULL);
	oauth_tokens_free(&tok);
}

static void
read_cache(void)
{
	struct buf	 b = BUF_INIT;
	time_t		 t = 0;
	int		 rc;

	rc = cache_get(CACHE_KEY, NOW, &b, &t);
	FUZZ_MUST(rc == 0 || rc == 1 || rc == -1);
	if (rc == 0)
		FUZZ_MUST(t <= NOW && NOW - t < CACHE_MAX_AGE_S);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	const char	*key;
	time_t		 t;
	int		 which, mode;

	if (n < 2)
		return 0;
	which = data[0] & 3;
	mode = (data[0] >> 2) & 3;
	if (mode == 3)
		mode = 2;
	t = data[1] == 255 ? NOW + 60 : NOW - (time_t)data[1] * 500;
	data += 2;
	n -= 2;
	if (n > 256 * 1024)
		return 0;
	key = cases[which].key ? cases[which].key : session_key;
	write_record(cases[which].kind, key, mode, t, data, n);
	switch (which) {
	case 0:
		read_session();
		break;
	case 1:
		read_user();
		break;
	case 2:
		read_tokens();
		break;
	default:
		read_cache();
		break;
	}
	return 0;
}
