#!/usr/bin/env bash
# t0030-store-crash.sh: security bar test 23 (section 3, atomicity): 8 writer
# processes x 1,000 writes each, one of them killed with SIGKILL about every
# 50 ms and restarted, for a durable kind (sessions) and a non-durable one
# (cache). While they run, a reader checks that every record it finds is
# whole. Afterwards the checker must find 0 torn or invalid records, every
# lock free (flock LOCK_NB), and, once the leftover .tmp.* files are aged
# past 10 minutes, none left after the sweep. A last run shows the checker
# does see a held lock, a damaged record and a fresh temp file.
# Runs the test tools built by `make unit-bin` (build/tools/).
set -u
# shellcheck source=tests/t/lib.sh
. "$(dirname "$0")/lib.sh"

TOOLS=$T_REPO/build/tools
for tool in store-writer store-check; do
    if [ ! -x "$TOOLS/$tool" ]; then
        t_ok "build/tools/$tool is built (make unit-bin)" false
        t_done
        exit 1
    fi
done

WRITERS=8
WRITES=1000      # per writer slot, summed over its restarts
N_KEYS=64        # keys shared by all writers: same-key writes contend
BOUND_S=25       # time bound per kind (the whole run takes ~5 s on 2 cores)
KILL_EVERY=0.05

# alive PID: true while PID runs (a zombie, dead but not reaped, is not).
# Bash builtins only: the killer loop must keep its 50 ms pace.
alive() {
    local stat
    [ -n "$1" ] && read -r stat 2> /dev/null < "/proc/$1/stat" || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# crash_run KIND: the writers, the killer loop and the checks for one kind.
crash_run() {
    local kind=$1 d=$T_TMP/$1/data p=$T_TMP/$1/progress err=$T_TMP/$1.err
    local i n rc left done_all kills=0 failures=0 deadline reader out debris
    local -a pid=() sizes=() files=()
    mkdir -p "$p"     # not "$d": store_init creates it 0700, or refuses it
    : > "$err"
    for ((i = 0; i < WRITERS; i++)); do
        : > "$p/$i"
        files+=("$p/$i")
    done

    # start_writer I: (re)start slot I with the writes it still owes.
    start_writer() {
        pid[$1]=
        left=$((WRITES - $(stat -c %s "$p/$1")))
        [ $left -gt 0 ] || return 0
        "$TOOLS/store-writer" "$d" "$kind" "$N_KEYS" "$left" "$p/$1" 2>> "$err" &
        pid[$1]=$!
    }

    # store_init must not race with itself on a missing data_dir: one
    # write first (a real server creates the tree before its threads).
    "$TOOLS/store-writer" "$d" "$kind" "$N_KEYS" 1 2>> "$err"
    for ((i = 0; i < WRITERS; i++)); do
        start_writer "$i"
    done
    "$TOOLS/store-check" -r "$BOUND_S" "$d" "$kind" "$N_KEYS" \
        > "$T_TMP/$kind.reader" 2>> "$err" &
    reader=$!

    deadline=$((SECONDS + BOUND_S))
    while :; do
        mapfile -t sizes < <(stat -c %s "${files[@]}")
        done_all=1
        for ((i = 0; i < WRITERS; i++)); do
            [ "${sizes[i]}" -ge "$WRITES" ] && continue
            done_all=0
            alive "${pid[i]}" && continue
            # It exited by itself: done (since the stat above), or a
            # write failed.
            if [ -n "${pid[i]}" ]; then
                wait "${pid[i]}"
                rc=$?
                [ $rc -ne 0 ] && failures=$((failures + 1))
            fi
            start_writer "$i"
        done
        [ $done_all -eq 1 ] && break
        [ $SECONDS -ge $deadline ] && break
        sleep "$KILL_EVERY"
        i=$((RANDOM % WRITERS))
        if alive "${pid[i]}"; then
            { kill -KILL "${pid[i]}"; wait "${pid[i]}"; } 2> /dev/null
            kills=$((kills + 1))
            start_writer "$i"
        fi
    done
    # Reap the writers that finished; at the time bound, kill the others.
    for ((i = 0; i < WRITERS; i++)); do
        [ -n "${pid[i]}" ] || continue
        alive "${pid[i]}" && kill -KILL "${pid[i]}"
        { wait "${pid[i]}"; } 2> /dev/null
    done
    kill -TERM "$reader" 2> /dev/null
    wait "$reader"
    n=$(cat "$p"/* | wc -c)

    t_diag "$kind: kills=$kills writes=$n writer_failures=$failures in $((SECONDS - deadline + BOUND_S)) s"
    t_diag "$kind: reader during the kills: $(cat "$T_TMP/$kind.reader")"
    t_eq "$kind: $WRITERS writers completed $WRITES writes each" "$n" $((WRITERS * WRITES))
    t_ok "$kind: at least 20 writers were killed mid-run ($kills)" test "$kills" -ge 20
    t_eq "$kind: no write reported failure" "$failures/$(grep -c 'failed' "$err")" "0/0"
    t_match "$kind: a reader running alongside saw 0 torn and 0 invalid records" \
        "$(cat "$T_TMP/$kind.reader")" '^reads=[1-9][0-9]* torn=0 invalid=0$'

    # The sweeper deletes temp files older than 10 minutes: age them.
    debris=$(find "$d/$kind" -maxdepth 1 -name '.tmp.*' | wc -l)
    find "$d/$kind" -maxdepth 1 -name '.tmp.*' -exec touch -d '-11 minutes' {} +
    out=$("$TOOLS/store-check" "$d" "$kind" "$N_KEYS" 2>> "$err")
    t_diag "$kind: .tmp.* left by kills: $debris; checker: $out"
    t_match "$kind: 0 torn, 0 invalid, every lock free, 0 .tmp.* after the sweep" \
        "$out" '^torn=0 invalid=0 locks_busy=0 tmp_left=0 records=[1-9][0-9]* lost=0 '
    [ -s "$err" ] && grep -v '^$' "$err" | head -n 10 | sed 's/^/# stderr: /'
}

crash_run sessions
crash_run cache

# The checker itself: a held lock, a damaged record and a fresh temp file
# must each be counted (a checker that cannot fail proves nothing).
d=$T_TMP/sessions/data
lock=$(find "$d/locks" -name 'sessions-*.lock' | head -n 1)
exec 9< "$lock"     # this shell holds the lock, as a live writer would
flock -x 9
rec=$(find "$d/sessions" -maxdepth 1 -type f -name '[0-9a-f]*' | head -n 1)
truncate -s 100 "$rec"
: > "$d/sessions/.tmp.0123456789abcdef"
out=$("$TOOLS/store-check" "$d" sessions "$N_KEYS" 9<&- 2>/dev/null)
rc=$?
exec 9<&-
t_diag "checker on a store with a held lock, a truncated record, a fresh temp file: $out"
t_match "the checker counts a held lock, a damaged record and a fresh .tmp.*" \
    "$out" '^torn=0 invalid=[12] locks_busy=1 tmp_left=1 '
t_ok "the checker fails then" test "$rc" -ne 0

t_done
