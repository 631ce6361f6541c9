#!/usr/bin/env bash
# stack.sh: run Workdesk on loopback: the Upwork sandbox, the workdesk FastCGI app and nginx.
#
#   scripts/stack.sh start     start all three in the background, wait until each is ready
#   scripts/stack.sh stop      stop them (nginx, workdesk, sandbox); quiet if nothing runs
#   scripts/stack.sh run       start, stay in the foreground until Ctrl-C or one of them dies
#   scripts/stack.sh status    say which of the three run (exit 0 if nginx and workdesk run)
#
# Environment:
#   PORT           nginx on 127.0.0.1:PORT (default 8080)
#   SANDBOX_PORT   the sandbox on 127.0.0.1:SANDBOX_PORT (default 8081)
#   VAR            runtime directory, mode 0700 (default: the repo's var/): workdesk.conf,
#                  data/, keys/, nginx.conf, *.pid, *.log, the app's socket
#   WORKDESK_CONF  use this config file as it is instead of writing VAR/workdesk.conf; the
#                  sandbox then starts only if the config's Upwork URLs point at SANDBOX_PORT
#   WORKDESK_BIN   the app binary (default: the repo's build/workdesk), e.g. an ASan build
#   SANDBOX_JS     the sandbox script (default: the repo's tests/sandbox/server.js)
#   WORKDESK_THREADS  the generated config's worker threads (default 4); bench/run.sh
#                  compares counts with it
#   WORKDESK_CONF_EXTRA  tests only: lines appended to the generated config (e.g.
#                  "upstream_rate_per_s = 0" for bulk tests against the sandbox)
#   WORKDESK_FAKETIME  tests only: a file holding a libfaketime offset ("+0", "+31m",
#                  "+86400"); workdesk alone runs under libfaketime reading it anew on
#                  every clock call, so a test moves the app's clock while it runs
#   WORKDESK_WRAP  tests only: a command that runs workdesk, split on spaces (no quoting,
#                  so no spaces inside its words), e.g. "valgrind --error-exitcode=99
#                  --leak-check=full --errors-for-leak-kinds=definite --log-file=/tmp/vg.%p";
#                  it must exec the program in its own process (valgrind does), so the pid
#                  file and `stop` (SIGTERM) still reach it; waits for start and stop are
#                  then 60 s instead of 10 s
#   SANDBOX_SECRETS  tests only: a file the sandbox appends every code and token it
#                  issues to, so a test can grep the logs for each (tests/lib/stack.js)
#
# Logs in VAR: workdesk.log (the app's stderr), sandbox.out (the sandbox's output),
# sandbox.log (the sandbox's request log), nginx-error.log, nginx-access.log.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"    # nginx lives in /usr/sbin, often not on a user's PATH

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${PORT:-8080}
SANDBOX_PORT=${SANDBOX_PORT:-8081}
VAR=${VAR:-$repo/var}
[[ $VAR == /* ]] || VAR="$PWD/$VAR"
VAR=${VAR%/}
WORKDESK_BIN=${WORKDESK_BIN:-$repo/build/workdesk}
SANDBOX_JS=${SANDBOX_JS:-$repo/tests/sandbox/server.js}
CONF=${WORKDESK_CONF:-$VAR/workdesk.conf}
CLIENT_ID=workdesk-sandbox
CLIENT_SECRET=sandbox-secret-not-for-production
WAIT_S=10
WRAP=()
if [ -n "${WORKDESK_WRAP:-}" ]; then
    read -r -a WRAP <<< "$WORKDESK_WRAP"
    WAIT_S=60                           # valgrind starts and exits (leak check) slowly
fi
COMPONENTS=(nginx workdesk sandbox)     # stop order; start order is the reverse

say() { echo "stack.sh: $*" >&2; }
die() { say "$*"; exit 1; }

for p in "$PORT" "$SANDBOX_PORT"; do
    if ! [[ $p =~ ^[0-9]+$ ]] || [ "$p" -lt 1 ] || [ "$p" -gt 65535 ]; then
        die "bad port: $p"
    fi
done

# --- helpers -------------------------------------------------------------------------------

pidfile() { echo "$VAR/$1.pid"; }

# logs COMPONENT: the log files worth showing when COMPONENT fails.
logs() {
    case $1 in
        sandbox) echo "$VAR/sandbox.out" ;;
        workdesk) echo "$VAR/workdesk.log" ;;
        nginx) echo "$VAR/nginx-error.log" ;;
    esac
}

# show_logs COMPONENT: the last lines of its log, to stderr.
show_logs() {
    local f
    for f in $(logs "$1"); do
        [ -s "$f" ] || continue
        say "last lines of $f:"
        tail -n 20 "$f" | sed 's/^/    | /' >&2
    done
}

# alive PID: the process exists and is not a zombie.
alive() {
    local state
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [ "$state" != Z ]
}

# marker COMPONENT: a string its command line contains (guards against a reused pid).
marker() {
    case $1 in
        sandbox) echo "$VAR/sandbox.log" ;;
        workdesk) echo "serve" ;;
        nginx) echo "$VAR/nginx.conf" ;;
    esac
}

# running_pid COMPONENT: print its pid if it runs (per its pid file), else fail.
running_pid() {
    local f pid
    f=$(pidfile "$1")
    [ -r "$f" ] || return 1
    pid=$(head -n 1 "$f" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    alive "$pid" || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(marker "$1")" || return 1
    echo "$pid"
}

# stop_one COMPONENT: SIGTERM, wait up to 10 s, then SIGKILL; removes the pid file.
stop_one() {
    local pid i
    if pid=$(running_pid "$1"); then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < WAIT_S * 10; i++)); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then
            say "$1 (pid $pid) ignored SIGTERM for ${WAIT_S} s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true    # reap it if it is our child (run)
        echo "stack.sh: stopped $1 (pid $pid)"
    fi
    rm -f "$(pidfile "$1")"
}

stop_all() {
    local c
    for c in "${COMPONENTS[@]}"; do
        stop_one "$c"
    done
}

# port_taken PORT: something accepts connections on 127.0.0.1:PORT.
port_taken() {
    # shellcheck disable=SC2016
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# conf_get KEY: the value of "KEY = value" in CONF (last one wins; "#" lines are comments).
conf_get() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$CONF" | tail -n 1 | sed 's/[[:space:]]*$//'
}

# sandbox_wanted: 0 if this stack runs the sandbox (own config, or WORKDESK_CONF's Upwork URLs
# point at 127.0.0.1/localhost:SANDBOX_PORT).
sandbox_wanted() {
    local k
    [ -z "${WORKDESK_CONF:-}" ] && return 0
    for k in upwork_authorize_url upwork_token_url upwork_graphql_url; do
        [[ $(conf_get "$k") =~ ^http://(127\.0\.0\.1|localhost):$SANDBOX_PORT(/|$) ]] && return 0
    done
    return 1
}

write_conf() {
    local sb="http://127.0.0.1:$SANDBOX_PORT" tmp="$VAR/workdesk.conf.tmp.$$"
    (
        umask 077
        cat > "$tmp" <<EOF
# Written by scripts/stack.sh for the loopback stack (Upwork sandbox). Rewritten on every start.
listen = $VAR/workdesk.sock
data_dir = $VAR/data
key_file = $VAR/keys/token.key
templates_dir = $repo/templates
public_origin = http://localhost:$PORT
redirect_uri = http://localhost:$PORT/auth/callback
upwork_authorize_url = $sb/ab/account-security/oauth2/authorize
upwork_token_url = $sb/api/v3/oauth2/token
upwork_graphql_url = $sb/graphql
upwork_client_id = $CLIENT_ID
upwork_client_secret = $CLIENT_SECRET
allow_insecure_loopback = yes
threads = ${WORKDESK_THREADS:-4}
EOF
        if [ -n "${WORKDESK_CONF_EXTRA:-}" ]; then
            printf '%s\n' "$WORKDESK_CONF_EXTRA" >> "$tmp"
        fi
    )
    chmod 600 "$tmp"
    mv -f "$tmp" "$VAR/workdesk.conf"
}

# launch COMPONENT CMD...: start CMD in its own session (Ctrl-C in `run` reaches only this
# script, which then stops everything in order), output appended to OUTFILE, pid file written.
launch() {
    local c=$1 out=$2
    shift 2
    setsid "$@" < /dev/null >> "$out" 2>&1 &
    echo $! > "$(pidfile "$c")"
}

# fail COMPONENT MESSAGE: report, show the component's log, stop what was started, exit 1.
fail() {
    say "$2"
    show_logs "$1"
    stop_all > /dev/null
    exit 1
}

# now_ms: wall clock in milliseconds.
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# wait_for COMPONENT DESCRIPTION CHECK...: poll CHECK for up to 10 s while COMPONENT lives.
wait_for() {
    local c=$1 what=$2 pid deadline
    shift 2
    pid=$(head -n 1 "$(pidfile "$c")")
    deadline=$(($(now_ms) + WAIT_S * 1000))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        "$@" && return 0
        alive "$pid" || fail "$c" "$c exited while starting (waiting for $what)"
        sleep 0.1
    done
    "$@" && return 0
    fail "$c" "$c: no $what after ${WAIT_S} s"
}

sandbox_healthy() {
    curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$SANDBOX_PORT/__sandbox/health" 2>/dev/null
}

socket_ready() { [ -S "$SOCK" ]; }

# nginx_ready: /static/style.css answers 200; if the repo has no static/style.css (yet),
# any HTTP answer from nginx will do.
nginx_ready() {
    local code
    code=$(curl -sS --max-time 1 -o /dev/null -w '%{http_code}' \
        "http://127.0.0.1:$PORT/static/style.css" 2>/dev/null) || true
    [ "$code" = 200 ] && return 0
    [ ! -e "$repo/static/style.css" ] && [ -n "$code" ] && [ "$code" != 000 ]
}

# --- commands ------------------------------------------------------------------------------

cmd_start() {
    local c f pid with_sandbox=0 out
    if [ -d "$VAR" ]; then
        for c in "${COMPONENTS[@]}"; do
            if pid=$(running_pid "$c"); then
                die "$c already runs (pid $pid) for $VAR: scripts/stack.sh stop first"
            fi
            rm -f "$(pidfile "$c")"
        done
    fi
    [ -x "$WORKDESK_BIN" ] || die "$WORKDESK_BIN not found: run make (or set WORKDESK_BIN)"
    command -v nginx > /dev/null || die "nginx not found: run scripts/setup.sh"
    if [ -n "${WORKDESK_CONF:-}" ]; then
        [ -r "$WORKDESK_CONF" ] || die "cannot read WORKDESK_CONF=$WORKDESK_CONF"
    fi
    if sandbox_wanted; then
        with_sandbox=1
        command -v node > /dev/null || die "node not found: run scripts/setup.sh"
        [ -r "$SANDBOX_JS" ] || die "$SANDBOX_JS not found"
        [ "$PORT" != "$SANDBOX_PORT" ] || die "PORT and SANDBOX_PORT are both $PORT"
        ! port_taken "$SANDBOX_PORT" ||
            die "port $SANDBOX_PORT (SANDBOX_PORT) is taken: stop what uses it or set SANDBOX_PORT"
    fi
    ! port_taken "$PORT" || die "port $PORT (PORT) is taken: stop what uses it or set PORT"

    (umask 077 && mkdir -p "$VAR" "$VAR/data" "$VAR/keys")
    chmod 700 "$VAR" "$VAR/data" "$VAR/keys"
    [ -n "${WORKDESK_CONF:-}" ] || write_conf
    # Each start gets fresh logs; the previous run's are kept as *.1.
    for f in workdesk.log sandbox.out sandbox.log nginx-error.log nginx-access.log; do
        [ ! -s "$VAR/$f" ] || mv -f "$VAR/$f" "$VAR/$f.1"
    done
    SOCK=$(conf_get listen)
    [ -n "$SOCK" ] || die "$CONF has no listen = SOCKET-PATH"
    [[ $SOCK == /* ]] || die "listen in $CONF must be an absolute path: $SOCK"

    if ! out=$("$WORKDESK_BIN" check-config -c "$CONF" 2>&1); then
        say "$WORKDESK_BIN check-config -c $CONF failed:"
        printf '%s\n' "$out" | sed 's/^/    | /' >&2
        exit 1
    fi
    "$repo/scripts/nginx-loopback.sh" "$VAR/nginx.conf" "$PORT" "$SOCK" "$repo/static" "$VAR" ||
        die "could not write $VAR/nginx.conf"

    trap 'say "interrupted"; stop_all > /dev/null; exit 130' INT TERM

    if [ $with_sandbox -eq 1 ]; then
        launch sandbox "$VAR/sandbox.out" node "$SANDBOX_JS" --port "$SANDBOX_PORT" --host 127.0.0.1 \
            --log "$VAR/sandbox.log" ${SANDBOX_SECRETS:+--secrets "$SANDBOX_SECRETS"} \
            --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
            --redirect-uri "http://localhost:$PORT/auth/callback"
        wait_for sandbox "answer on /__sandbox/health" sandbox_healthy
    fi

    [ ! -S "$SOCK" ] || rm -f "$SOCK"      # stale socket of a crashed run
    local faketime=()
    if [ -n "${WORKDESK_FAKETIME:-}" ]; then
        [ -f "$WORKDESK_FAKETIME" ] || echo +0 > "$WORKDESK_FAKETIME"
        # libfaketimeMT: the multi-threaded build; ASan must tolerate a
        # preload that comes before it.
        faketime=(env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
            FAKETIME_TIMESTAMP_FILE="$WORKDESK_FAKETIME" FAKETIME_NO_CACHE=1
            FAKETIME_DONT_FAKE_MONOTONIC=1
            ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
    fi
    launch workdesk "$VAR/workdesk.log" "${faketime[@]}" "${WRAP[@]}" "$WORKDESK_BIN" serve -c "$CONF"
    wait_for workdesk "socket $SOCK" socket_ready

    launch nginx "$VAR/nginx-error.log" nginx -c "$VAR/nginx.conf" -p "$VAR/" -e "$VAR/nginx-error.log"
    wait_for nginx "answer on http://127.0.0.1:$PORT/static/style.css" nginx_ready

    trap - INT TERM
    if [ $with_sandbox -eq 1 ]; then
        echo "Workdesk: http://localhost:$PORT/  (sandbox on :$SANDBOX_PORT, logs in $VAR)"
    else
        echo "Workdesk: http://localhost:$PORT/  (no sandbox: $CONF, logs in $VAR)"
    fi
}

cmd_stop() {
    [ -d "$VAR" ] || return 0
    stop_all
}

cmd_status() {
    local c pid rc=0
    for c in "${COMPONENTS[@]}"; do
        if pid=$(running_pid "$c"); then
            echo "$c: running (pid $pid)"
        else
            echo "$c: not running"
            [ "$c" = sandbox ] || rc=3
        fi
    done
    return $rc
}

cmd_run() {
    local c pid died="" code
    cmd_start
    trap 'echo; echo "stack.sh: stopping"; stop_all; exit 0' INT TERM
    echo "stack.sh: running; Ctrl-C stops all"
    declare -A pids=()
    for c in "${COMPONENTS[@]}"; do
        pid=$(running_pid "$c") && pids[$c]=$pid
    done
    while [ -z "$died" ]; do
        for c in "${!pids[@]}"; do
            alive "${pids[$c]}" || { died=$c; break; }
        done
        [ -n "$died" ] || sleep 0.5
    done
    code=0
    wait "${pids[$died]}" 2>/dev/null || code=$?
    say "$died died (exit status $code)"
    show_logs "$died"
    trap - INT TERM
    stop_all
    exit 1
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    run) cmd_run ;;
    status) cmd_status ;;
    *) echo "usage: scripts/stack.sh start|stop|run|status  (env: PORT SANDBOX_PORT VAR WORKDESK_CONF WORKDESK_BIN)" >&2
       exit 2 ;;
esac
