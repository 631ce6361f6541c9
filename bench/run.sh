#!/usr/bin/env bash
# bench/run.sh (make bench): Workdesk's job search page against the ceilings
# it cannot beat, in one run, on loopback, behind the same nginx (issue 12).
#
#   1 static     nginx serving a file of the same bytes as the page
#   2 fcgi       bench/fcgi-static.c: a minimal libfcgi program (as many
#                threads as Workdesk) returning those bytes through nginx
#   3 warm       Workdesk's /jobs, signed in, from its cache
#   3k keep      the same with nginx keeping its FastCGI connections open
#                (fastcgi_keep_conn on, keepalive 1 per nginx worker)
#   4 cold       Workdesk's /jobs on a cache miss every request (a new
#                keyword each time) against the sandbox, and 5 the sandbox
#                answering the same GraphQL request directly: the
#                difference is the time Workdesk adds
#
# Prints requests/s and p50/p99 latency (wrk), ratios against 1 and 2,
# Workdesk's RSS, upstream calls per warm page and for 50 concurrent cold
# requests of one page, and RSS after 50,000 and 100,000 requests.
# Figures only: nothing here passes or fails a build.
#
# Each figure is the median of BENCH_ROUNDS runs (3), the cases taking
# turns; req/s also shows the least and greatest.
#
# Env: BENCH_SECONDS (10), BENCH_CONNS (16), BENCH_THREADS (2, wrk's),
# BENCH_ROUNDS (3); BENCH_PROFILE=1 also records a perf profile of the
# first warm run (build/bench/profile.txt); WORKDESK_THREADS sets the
# app's worker threads, and the minimal program's.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/t/lib.sh
. tests/t/lib-auth.sh

DUR=${BENCH_SECONDS:-10} CONNS=${BENCH_CONNS:-16} WT=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk (Debian package)" >&2
    ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo )} apt-get install -y -q wrk >/dev/null || {
        echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1; }
fi
mkdir -p build/bench
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o build/bench/fcgi-static \
    bench/fcgi-static.c -lfcgi -lpthread || exit 1

export WORKDESK_CONF_EXTRA='upstream_rate_per_s = 0
upstream_daily_cap = 0'
t_stack_start || { echo "bench: the stack did not start" >&2; exit 1; }
O=$(A_ORIGIN)
U="http://127.0.0.1:$PORT"
jar=$T_TMP/jar
a_signin "$jar" ada allow
sid=$(awk '$6 == "__Host-sid" { print $7 }' "$jar")
[ -n "$sid" ] || { echo "bench: sign-in failed" >&2; exit 1; }
COOKIE="Cookie: __Host-sid=$sid"
wpid=$(cat "$VAR/workdesk.pid" 2>/dev/null)
rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$wpid/status"; }
threads=$(awk -F' = ' '$1 == "threads" { print $2 }' "$VAR/workdesk.conf")

# The page, its bytes as a file, and the minimal FastCGI program.
mkdir -p "$VAR/bench"
t_curl -H "$COOKIE" -o "$VAR/bench/page.html" "$O/jobs"
size=$(stat -c %s "$VAR/bench/page.html")
build/bench/fcgi-static "$VAR/bench-fcgi.sock" "$VAR/bench/page.html" "${threads:-4}" &
fpid=$!
t_at_exit kill "$fpid"
# Two locations for the ceilings, on the same nginx: reload it with them.
sed -i "0,/location \/static\/ {/s||location = /bench/static.html { alias $VAR/bench/page.html; default_type text/html; }\n        location = /bench/fcgi { fastcgi_pass unix:$VAR/bench-fcgi.sock; }\n        location /static/ {|" "$VAR/nginx.conf"
nginx -c "$VAR/nginx.conf" -p "$VAR/" -s reload 2>>"$VAR/nginx-error.log"
for _ in $(seq 50); do
    [ "$(t_curl -o /dev/null -w '%{http_code}' "$U/bench/fcgi")" = 200 ] && break
    sleep 0.1
done

ms() {  # wrk's "1.23ms" / "456.00us" / "1.2s" as ms
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.3f", n }'
}
# run NAME URL [WRK ARGS]: one wrk run, its req/s and p50/p99 (ms) added
# to NAME's lists in RPS, P50 and P99 (one figure per round).
declare -A RPS P50 P99
run() {
    local name=$1 url=$2 out
    shift 2
    out=$(wrk -t"$WT" -c"$CONNS" -d"${DUR}s" --latency "$@" "$url" 2>&1)
    RPS[$name]+="$(awk '/^Requests\/sec/ { print $2 }' <<<"$out") "
    P50[$name]+="$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")") "
    P99[$name]+="$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")") "
    if grep -q 'Non-2xx' <<<"$out"; then
        echo "bench: $name had non-2xx answers: $(grep 'Non-2xx' <<<"$out")" >&2
    fi
}
# med LIST / lo LIST / hi LIST: the median, least and greatest of numbers.
med() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
lo() { tr ' ' '\n' <<<"$1" | grep . | sort -g | head -1; }
hi() { tr ' ' '\n' <<<"$1" | grep . | sort -g | tail -1; }

t_curl -H "$COOKIE" -o /dev/null "$O/jobs"      # warm the cache
rss0=$(rss)
calls0=$(a_sandbox_count 'e.endpoint === "graphql"')
# The three in turn, ROUNDS times, so that a busy moment of the machine
# falls on all of them rather than on one.
for round in $(seq "$ROUNDS"); do
    run static "$U/bench/static.html"
    run fcgi "$U/bench/fcgi"
    if [ "$round" = 1 ] && [ -n "${BENCH_PROFILE:-}" ] && command -v perf >/dev/null; then
        # Where a warm page's time goes: a profile of Workdesk during
        # the first warm run, to build/bench/profile.txt.
        perf record -F 299 --call-graph dwarf,4096 -p "$wpid" -o "$VAR/perf.data" \
            -- sleep "$DUR" >/dev/null 2>&1 &
        perfpid=$!
    fi
    run warm "$U/jobs" -H "$COOKIE" -H "Host: localhost:$PORT"
done
if [ -n "${perfpid:-}" ]; then
    wait "$perfpid"
    { echo "# by library (self time)"
      perf report -i "$VAR/perf.data" --stdio --no-children --sort dso -g none 2>/dev/null |
        grep -E '^ +[0-9]' | head -15
      echo "# by function, with what it calls (inclusive), then its own time"
      perf report -i "$VAR/perf.data" --stdio --children --sort symbol -g none 2>/dev/null |
        grep -E '^ +[0-9]' | grep -v '\] 0x0000' | head -70
      echo "# by function, own time only"
      perf report -i "$VAR/perf.data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null |
        grep -E '^ +[0-9]' | head -40
    } | cut -c1-160 | sed -E 's/ +$//' > build/bench/profile.txt
fi
calls1=$(a_sandbox_count 'e.endpoint === "graphql"')
rss_warm=$(rss)

# 3k: the same warm page with nginx keeping its FastCGI connections open
# (an upstream block with keepalive, fastcgi_keep_conn on). libfcgi gives
# a kept connection its thread until nginx closes it, so keep one idle
# connection per nginx worker, fewer than the threads; then put the
# shipped setting (a connection per request) back.
cp "$VAR/nginx.conf" "$VAR/nginx.conf.bench"
sock=$(grep -o 'unix:[^;]*/workdesk.sock' "$VAR/nginx.conf" | head -1)
sed -i -e "s|fastcgi_keep_conn off;|fastcgi_keep_conn on;|" \
    -e "s|fastcgi_pass $sock;|fastcgi_pass bench_keep;|" \
    -e "0,/^    keepalive_timeout .*/s||&\n    upstream bench_keep { server $sock; keepalive 1; }|" "$VAR/nginx.conf"
nginx -c "$VAR/nginx.conf" -p "$VAR/" -s reload 2>>"$VAR/nginx-error.log"
sleep 1
for round in $(seq "$ROUNDS"); do
    run keep "$U/jobs" -H "$COOKIE" -H "Host: localhost:$PORT"
done
mv -f "$VAR/nginx.conf.bench" "$VAR/nginx.conf"
nginx -c "$VAR/nginx.conf" -p "$VAR/" -s reload 2>>"$VAR/nginx-error.log"
sleep 1

# 50 concurrent cold requests of one page: one upstream call. Counted
# before the cold runs, which fill the sandbox's log (it keeps 10,000).
c0=$(a_sandbox_count 'e.endpoint === "graphql" && e.operationName === "JobsSearch"')
seq 50 | xargs -P 50 -I{} curl -s -o /dev/null -H "$COOKIE" "$O/jobs?q=benchonce"
c50=$(( $(a_sandbox_count 'e.endpoint === "graphql" && e.operationName === "JobsSearch"') - c0 ))

# cold_lua ROUND: the script of one cold run. wrk's Lua starts its random
# numbers from the same seed each run: the round keeps keywords apart.
cold_lua() {
    cat > "$T_TMP/cold.lua" <<EOF
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/jobs?q=benchcold$1r" .. n .. "x" .. math.random(1, 1e9))
end
EOF
}

# Cold: every request a keyword never asked before, one connection (the
# added time, not queueing); and the sandbox's own time for that request.
CONNS_SAVE=$CONNS; CONNS=1; WT_SAVE=$WT; WT=1
# A token of the sandbox's own, and the same GraphQL request straight to it.
client_id=$(awk -F' = ' '$1 == "upwork_client_id" { print $2 }' "$VAR/workdesk.conf")
secret=$(awk -F' = ' '$1 == "upwork_client_secret" { print $2 }' "$VAR/workdesk.conf")
redirect=$(awk -F' = ' '$1 == "redirect_uri" { print $2 }' "$VAR/workdesk.conf")
SB="http://127.0.0.1:$SANDBOX_PORT"
loc=$(t_curl -o /dev/null -D - --data-urlencode response_type=code --data-urlencode "client_id=$client_id" \
    --data-urlencode "redirect_uri=$redirect" --data-urlencode state=s --data-urlencode user=ada \
    --data-urlencode decision=allow "$SB/ab/account-security/oauth2/authorize" | a_header /dev/stdin Location)
code=$(sed -E 's/.*[?&]code=([^&]*).*/\1/' <<<"$loc")
token=$(t_curl --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode "redirect_uri=$redirect" --data-urlencode "client_id=$client_id" \
    --data-urlencode "client_secret=$secret" "$SB/api/v3/oauth2/token" |
    node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).access_token)')
node -e '
const fs = require("fs");
const doc = fs.readFileSync("app/graphql/jobs-search.graphql", "utf8").split("\n").filter((l) => !/^\s*#/.test(l)).join("\n");
const lua = `local n = 0
request = function()
  n = n + 1
  local body = ${JSON.stringify(JSON.stringify({ query: doc, variables: { filter: { searchExpression_eq: "KEYWORD", pagination_eq: { first: 20 } }, sort: [{ field: "RECENCY" }] } }))}
  body = body:gsub("KEYWORD", "benchsb" .. n .. "x" .. math.random(1, 1e9))
  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer ${process.argv[1]}" }, body)
end`;
fs.writeFileSync(process.argv[2], lua);' "$token" "$T_TMP/sandbox.lua"
for round in $(seq "$ROUNDS"); do
    cold_lua "$round"
    run cold "$U/jobs" -s "$T_TMP/cold.lua" -H "$COOKIE" -H "Host: localhost:$PORT"
    run sandbox "$SB/graphql" -s "$T_TMP/sandbox.lua"
done
CONNS=$CONNS_SAVE; WT=$WT_SAVE

# RSS over 100,000 warm requests (counted from wrk's own totals).
total=0 rss50=
while [ "$total" -lt 100000 ]; do
    n=$(wrk -t"$WT" -c"$CONNS" -d5s -H "$COOKIE" -H "Host: localhost:$PORT" "$U/jobs" 2>&1 |
        awk '/requests in/ { print $1 }')
    total=$((total + ${n:-0}))
    [ -z "$rss50" ] && [ "$total" -ge 50000 ] && rss50=$(rss)
    [ "${n:-0}" -gt 0 ] || break
done
rss100=$(rss)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
declare -A MR M50 M99
for k in static fcgi warm keep cold sandbox; do
    MR[$k]=$(med "${RPS[$k]:-}") M50[$k]=$(med "${P50[$k]:-}") M99[$k]=$(med "${P99[$k]:-}")
done
echo
echo "Workdesk bench: /jobs page of $size bytes; wrk -t$WT -c$CONNS -d${DUR}s (cold and sandbox: -t1 -c1); $(nproc) cores; ${threads:-4} app threads"
echo "each figure the median of $ROUNDS runs; req/s also from least to greatest"
printf '%-34s %9s %19s %9s %9s %9s %9s\n' case "req/s" "(range)" "p50 ms" "p99 ms" "vs static" "vs fcgi"
for k in static fcgi warm keep cold sandbox; do
    printf '%-34s %9.0f %19s %9.2f %9.2f %9s %9s\n' "$(case $k in
        static) echo '1 nginx static file';; fcgi) echo '2 minimal libfcgi program';;
        warm) echo '3 Workdesk /jobs, warm cache';; keep) echo '3k the same, nginx keep-alive';;
        cold) echo '4 Workdesk /jobs, cache miss';;
        sandbox) echo '5 sandbox alone, same request';; esac)" \
        "${MR[$k]}" "($(printf '%.0f' "$(lo "${RPS[$k]:-0}")")-$(printf '%.0f' "$(hi "${RPS[$k]:-0}")"))" \
        "${M50[$k]}" "${M99[$k]}" "$(ratio "${MR[$k]}" "${MR[static]}")" "$(ratio "${MR[$k]}" "${MR[fcgi]}")"
done
echo
echo "warm p99 / fcgi p99:                $(ratio "${M99[warm]}" "${M99[fcgi]}")  (target <= 2)"
echo "warm req/s / fcgi req/s:            $(ratio "${MR[warm]}" "${MR[fcgi]}")  (target >= 0.8)"
echo "Workdesk's added time, cache miss:  $(awk -v a="${M50[cold]}" -v b="${M50[sandbox]}" 'BEGIN { printf "%.3f ms", a - b }') median  (target < 2 ms)"
echo "upstream calls during the warm runs: $((calls1 - calls0))  (target 0)"
echo "upstream calls, 50 concurrent cold: $c50  (target 1)"
echo "Workdesk RSS: start ${rss0} MB, after the warm run ${rss_warm} MB, at 50,000 requests ${rss50:-?} MB, at $total requests ${rss100} MB  (target < 30 MB, < 1 MB growth over the last 50,000)"
t_done >/dev/null 2>&1
exit 0
