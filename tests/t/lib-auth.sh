# shellcheck shell=bash
# tests/t/lib-auth.sh: sign in through the real redirects with curl (source
# after lib.sh and t_stack_start). Browsers reach Workdesk at the public
# origin http://localhost:$PORT, which is what the cookies are bound to.
#
#   a_signin JAR USER DECISION   follow /auth/login (-> the consent page's "I
#                                agree" link, unless the browser agreed before)
#                                -> the sandbox's authorize
#                                page -> its form (USER ada|grace, DECISION
#                                allow|deny) -> /auth/callback. Sets
#                                A_LOGIN_LOC (authorize URL), A_CALLBACK (the
#                                callback URL), A_STATUS and A_LOCATION (the
#                                callback's answer), A_CB_HEADERS (its
#                                header dump).
#   a_get JAR PATH [CURL ARGS]   GET a page with the jar; body on stdout
#   a_header FILE NAME           the value of header NAME in a -D dump
#   a_sandbox_count FILTER       count of sandbox log entries matching a jq-less
#                                node filter expression over entry `e`

A_ORIGIN() { echo "http://localhost:$PORT"; }

# a_record KIND KEY: the store's file for a key, as store.c names it
# ($VAR/data/KIND/<sha256 of KEY>).
a_record() {
    printf '%s' "$2" | sha256sum | cut -d' ' -f1 | sed "s|^|$VAR/data/$1/|"
}

# a_agree_href < PAGE: the consent page's "I agree" link, HTML entities decoded.
a_agree_href() {
    grep -oE 'id="agree" href="[^"]*"' | head -n 1 | sed -E 's/.*href="([^"]*)"/\1/; s/&amp;/\&/g'
}

a_header() {
    grep -i "^$2:" "$1" | head -n 1 | cut -d' ' -f2- | tr -d '\r'
}

a_get() {
    local jar=$1 path=$2
    shift 2
    t_curl -c "$jar" -b "$jar" "$@" "$(A_ORIGIN)$path"
}

# The authorize page's form fields, url-encoded, from its hidden inputs.
_a_form() {
    node -e '
const html = require("fs").readFileSync(0, "utf8");
const re = /<input type="hidden" name="([^"]*)" value="([^"]*)"/g;
const dec = (s) => s.replace(/&quot;/g, "\"").replace(/&#39;/g, "'\''").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const out = [];
for (const m of html.matchAll(re)) out.push(encodeURIComponent(m[1]) + "=" + encodeURIComponent(dec(m[2])));
process.stdout.write(out.join("&"));'
}

a_signin() {
    local jar=$1 user=$2 decision=$3 h
    # nginx allows /auth/ 5 requests a second per address (burst 10); a
    # sign-in makes three, so sign-ins in a row are paced like a person's.
    sleep 0.7
    h=$(mktemp "$T_TMP/h.XXXXXX")
    t_curl -c "$jar" -b "$jar" -o "$h.consent" -D "$h" "$(A_ORIGIN)/auth/login"
    if [ "$(head -n 1 "$h" | cut -d' ' -f2)" = 200 ]; then
        # The consent page: follow its "I agree" link, as a person would.
        t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h" \
            "$(A_ORIGIN)$(a_agree_href <"$h.consent")"
    fi
    A_LOGIN_LOC=$(a_header "$h" Location)
    t_curl -o "$h.page" "$A_LOGIN_LOC"
    t_curl -o /dev/null -D "$h.decide" \
        --data "$(_a_form <"$h.page")&user=$user&decision=$decision" \
        "http://127.0.0.1:$SANDBOX_PORT/ab/account-security/oauth2/authorize"
    A_CALLBACK=$(a_header "$h.decide" Location)
    t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h.cb" "$A_CALLBACK"
    A_CB_HEADERS=$h.cb
    A_STATUS=$(head -n 1 "$h.cb" | cut -d' ' -f2)
    A_LOCATION=$(a_header "$h.cb" Location)
}

a_sandbox_count() {
    t_sandbox /__sandbox/log | node -e '
const log = JSON.parse(require("fs").readFileSync(0, "utf8"));
const f = new Function("e", "return (" + process.argv[1] + ");");
console.log(log.filter(f).length);' "$1"
}
