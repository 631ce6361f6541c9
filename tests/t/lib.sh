# shellcheck shell=bash
# shellcheck disable=SC2034  # T_URL and the counters are for the suites that source this
# tests/t/lib.sh: the library of the shell test suites in tests/t/ (source it, don't run it).
#
#   . "$(dirname "$0")/lib.sh"
#   t_ok    "nginx config is valid" nginx -t -c "$conf"
#   t_eq    "status" "$(t_curl -o /dev/null -w '%{http_code}' "$T_URL/")" 200
#   t_match "server header" "$server" '^nginx$'
#   t_done                      # last line: "t0010-x.sh: N passed, N failed"; non-zero on failures
#
# Output: one "ok N - name" / "not ok N - name" line per assertion (TAP-like), "# ..." for
# diagnostics, and the closing line of t_done. Suites should not use `set -e` (assertions run
# commands that may fail); `set -u` is fine.
#
# Variables it sets:
#   T_REPO   the repository root
#   T_NAME   basename of the running suite
#   T_TMP    a private temp directory, removed at exit (unless KEEP_VAR=1)
# After t_stack_start: PORT, SANDBOX_PORT, VAR (exported) and T_URL (http://127.0.0.1:$PORT).

PATH="$PATH:/usr/sbin:/sbin"    # nginx lives in /usr/sbin, often not on a user's PATH
T_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T_NAME=$(basename "$0")
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/workdesk-t.XXXXXX")
T_PASSED=0
T_FAILED=0
T_SKIPPED=0
T_COUNT=0
_T_CLEANUPS=()

# t_at_exit CMD...: run CMD (its words, as given) when the suite exits, for whatever
# reason (normal end, failure, Ctrl-C). Cleanups run in reverse order of registration.
t_at_exit() {
    local q
    printf -v q '%q ' "$@"
    _T_CLEANUPS+=("$q")
}

# _t_cleanup: run the registered cleanups (last first) and forget them.
_t_cleanup() {
    local i
    for ((i = ${#_T_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${_T_CLEANUPS[i]}" || true
    done
    _T_CLEANUPS=()
}

# _t_exit: the EXIT trap: runs the cleanups t_done has not run yet, then removes T_TMP;
# keeps the exit status.
_t_exit() {
    local rc=$?
    _t_cleanup
    if [ "${KEEP_VAR:-0}" = 1 ]; then
        echo "# KEEP_VAR=1: kept $T_TMP" >&2
    else
        rm -rf "$T_TMP"
    fi
    return $rc
}
trap _t_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# t_diag TEXT...: print a diagnostic line ("# TEXT"); it never counts as a result.
t_diag() {
    printf '# %s\n' "$*"
}

# _t_result PASSED(0/1) NAME [DETAIL-FILE]: record and print one result; on failure the
# detail file (if any) is shown with "#   " before each line.
_t_result() {
    T_COUNT=$((T_COUNT + 1))
    if [ "$1" -eq 0 ]; then
        T_PASSED=$((T_PASSED + 1))
        printf 'ok %d - %s\n' "$T_COUNT" "$2"
    else
        T_FAILED=$((T_FAILED + 1))
        printf 'not ok %d - %s\n' "$T_COUNT" "$2"
        if [ -n "${3:-}" ] && [ -s "$3" ]; then
            head -n 40 "$3" | sed 's/^/#   /'
        fi
    fi
}

# t_ok NAME CMD...: passes if CMD exits 0. CMD's stdout and stderr are captured and shown
# only on failure. Returns CMD's status, so `t_ok ... || ...` can react.
t_ok() {
    local name=$1 out rc
    shift
    out="$T_TMP/.t_ok.out"
    "$@" > "$out" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "command failed (exit $rc): $*" >> "$out"
        _t_result 1 "$name" "$out"
    else
        _t_result 0 "$name"
    fi
    return $rc
}

# t_eq NAME GOT WANT: passes if the strings GOT and WANT are equal.
t_eq() {
    if [ "$2" == "$3" ]; then
        _t_result 0 "$1"
    else
        printf 'got:  %s\nwant: %s\n' "$2" "$3" > "$T_TMP/.t_eq.out"
        _t_result 1 "$1" "$T_TMP/.t_eq.out"
        return 1
    fi
}

# t_match NAME STRING REGEX: passes if STRING matches the extended regular expression REGEX
# (bash =~, so unanchored unless REGEX has ^ / $).
t_match() {
    if [[ $2 =~ $3 ]]; then
        _t_result 0 "$1"
    else
        printf 'string: %s\nregex:  %s\n' "$2" "$3" > "$T_TMP/.t_match.out"
        _t_result 1 "$1" "$T_TMP/.t_match.out"
        return 1
    fi
}

# t_skip NAME REASON: record a skipped assertion ("ok N - NAME # SKIP REASON").
t_skip() {
    T_COUNT=$((T_COUNT + 1))
    T_SKIPPED=$((T_SKIPPED + 1))
    printf 'ok %d - %s # SKIP %s\n' "$T_COUNT" "$1" "$2"
}

# t_done: run the t_at_exit cleanups now (stop the stack, ...; their output comes first, as
# "# ..." lines), then print the closing line "$(basename $0): N passed, N failed" (", N
# skipped" is added only when something was skipped) and return 1 if anything failed, else 0.
# Call it last: `t_done` (its status becomes the suite's exit status).
t_done() {
    _t_cleanup
    if [ "$T_SKIPPED" -gt 0 ]; then
        printf '%s: %d passed, %d failed, %d skipped\n' "$T_NAME" "$T_PASSED" "$T_FAILED" "$T_SKIPPED"
    else
        printf '%s: %d passed, %d failed\n' "$T_NAME" "$T_PASSED" "$T_FAILED"
    fi
    [ "$T_FAILED" -eq 0 ]
}

# t_port_open PORT: true if something accepts connections on 127.0.0.1:PORT (bash /dev/tcp).
t_port_open() {
    # shellcheck disable=SC2016
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# t_free_port: print a loopback TCP port that nothing listens on. It starts at a random
# port in 20000-31999 (below Linux's ephemeral range, so outgoing connections do not take
# it later) and never hands out the same port twice within one suite (a record in T_TMP,
# so it also works from $(t_free_port) subshells).
t_free_port() {
    local p tries=0 used="$T_TMP/.ports"
    touch "$used"
    while [ $tries -lt 500 ]; do
        tries=$((tries + 1))
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
        grep -qx "$p" "$used" && continue
        t_port_open "$p" && continue
        echo "$p" >> "$used"
        echo "$p"
        return 0
    done
    echo "t_free_port: no free port found" >&2
    return 1
}

# t_stack_start: start the whole stack (sandbox, workdesk, nginx) with scripts/stack.sh on
# fresh free ports (PORT, SANDBOX_PORT) and a fresh VAR (mktemp -d), all exported, and set
# T_URL. Registers an exit cleanup that runs `stack.sh stop` and removes VAR unless
# KEEP_VAR=1, so no process is left behind. WORKDESK_BIN / WORKDESK_CONF pass through.
# Returns stack.sh's status; its output is shown as "# ..." lines.
t_stack_start() {
    local out rc
    PORT=$(t_free_port) || return 1
    SANDBOX_PORT=$(t_free_port) || return 1
    VAR=$(mktemp -d "${TMPDIR:-/tmp}/workdesk-var.XXXXXX") || return 1
    export PORT SANDBOX_PORT VAR
    T_URL="http://127.0.0.1:$PORT"
    t_at_exit _t_stack_stop "$VAR"
    out=$("$T_REPO/scripts/stack.sh" start 2>&1)
    rc=$?
    [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
    return $rc
}

# _t_stack_stop VAR: the cleanup registered by t_stack_start.
_t_stack_stop() {
    VAR=$1 "$T_REPO/scripts/stack.sh" stop 2>&1 | sed 's/^/# /'
    if [ "${KEEP_VAR:-0}" = 1 ]; then
        echo "# KEEP_VAR=1: kept $1"
    else
        rm -rf "$1"
    fi
}

# t_curl ARGS...: curl with a 10 s limit, quiet but showing errors (-sS). Add -i, -D FILE,
# -o FILE, -w ... as needed; URLs are full URLs (use "$T_URL/path").
t_curl() {
    curl --max-time 10 -sS "$@"
}

# t_sandbox URL_PATH [CURL-ARGS...]: call the sandbox (its control API under /__sandbox/ or
# any other path) at http://127.0.0.1:$SANDBOX_PORT$URL_PATH through t_curl.
#   t_sandbox /__sandbox/health -f
t_sandbox() {
    local path=$1
    shift
    t_curl "http://127.0.0.1:${SANDBOX_PORT:?t_sandbox: SANDBOX_PORT not set}$path" "$@"
}

# The exact security header set of security-bar.md §2 that nginx adds to
# every response, in order (T_HEADER_NAMES) and with its values
# (T_HEADER_VALUE): one copy for t0010 (the config) and t0063 (responses).
T_HEADER_NAMES=(
    Content-Security-Policy
    Strict-Transport-Security
    X-Content-Type-Options
    Referrer-Policy
    X-Frame-Options
    Cross-Origin-Opener-Policy
    Cross-Origin-Resource-Policy
    Permissions-Policy
)
# shellcheck disable=SC2034  # used by the suites that source this file
declare -A T_HEADER_VALUE=(
    [Content-Security-Policy]="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    [Strict-Transport-Security]="max-age=63072000; includeSubDomains"
    [X-Content-Type-Options]="nosniff"
    [Referrer-Policy]="no-referrer"
    [X-Frame-Options]="DENY"
    [Cross-Origin-Opener-Policy]="same-origin"
    [Cross-Origin-Resource-Policy]="same-origin"
    [Permissions-Policy]="geolocation=(), camera=(), microphone=()"
)
