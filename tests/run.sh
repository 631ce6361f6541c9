#!/usr/bin/env bash
# tests/run.sh: run every suite, each to its own log, and add up their
# closing "N passed, N failed" lines into one closing line.
#
#   tests/run.sh            everything (what `make test` runs)
#   tests/run.sh unit shell only those groups (unit unit-asan valgrind
#                           fuzz sandbox shell shell-asan browser)
#
# A suite that exits non-zero, or prints no closing line, counts as failed.
set -u
cd "$(dirname "$0")/.."
logs=build/test-logs
mkdir -p "$logs"
total_pass=0 total_fail=0 broken=()

# exec_suite NAME CMD...: run one suite to its log ($logs/NAME.log), its
# exit status and seconds beside it (NAME.rc, NAME.secs).
exec_suite() {
	local name=$1; shift
	local log=$logs/$name.log start=$SECONDS
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1
	echo $? >"$log.rc"
	echo $((SECONDS - start)) >"$log.secs"
}

# tally NAME: fold a finished suite's counts into the totals, print its line.
tally() {
	local name=$1 log=$logs/$1.log rc line p f
	rc=$(cat "$log.rc" 2>/dev/null || echo 1)
	line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
	else
		p=0 f=0
	fi
	if (( rc != 0 && f == 0 )); then
		f=1	# crashed or failed without saying so
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
	printf '%-34s %5d passed, %d failed  (%ds)\n' "$name" "$p" "$f" \
	    "$(cat "$log.secs" 2>/dev/null || echo 0)"
	if (( f > 0 )); then
		broken+=("$name")
		sed -n '1,400p' "$log" | grep -E 'FAIL|not ok|Error|error|ERROR|failed' \
		    | head -n 20 | sed 's/^/    /'
	fi
}

# run NAME CMD...: run one suite, fold its counts into the totals.
run() {
	exec_suite "$@"
	tally "$1"
}

# Suites marked "alongside:" spend their time waiting (Retry-After and
# backoff sleeps, nginx's per-address rate limits paced by the client), not
# computing: they run one after another in the background while the
# others run in the foreground, on their own stacks and ports, and are
# tallied at the end of the group. The 20-minute budget of make test.
alongside() { grep -qE '^(#|//) alongside: ' "$1" 2>/dev/null; }
interp() { [[ $1 == *.js ]] && echo node || echo bash; }

want() {
	(( ${#groups[@]} == 0 )) && return 0
	local g
	for g in "${groups[@]}"; do [[ $g == "$1" ]] && return 0; done
	return 1
}
groups=("$@")

if want unit; then
	for t in build/tests/test-*; do
		[[ -x $t && $t != *.o ]] && run "unit/${t##*/}" "$t"
	done
fi
if want unit-asan; then
	for t in build/asan/tests/test-*; do
		[[ -x $t && $t != *.o ]] && run "unit-asan/${t##*/}" "$t"
	done
fi
if want valgrind; then
	for t in build/tests/test-*; do
		[[ -x $t && $t != *.o ]] && run "valgrind/${t##*/}" \
		    valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
		    --error-exitcode=99 "$t"
	done
fi
if want fuzz; then
	# Every kept fuzz input and every input that ever failed, once
	# (fuzz/README.md; `make fuzz` is the long run).
	for f in fuzz/fuzz-*.c; do
		t=${f##*/fuzz-}; t=${t%.c}
		run "fuzz/$t" fuzz/replay.sh "$t"
	done
fi
if want sandbox; then
	run sandbox/test-sandbox node tests/sandbox/test-sandbox.js
	run sandbox/test-documents node tests/sandbox/test-documents.js
	run sandbox/test-jobs node tests/sandbox/test-jobs.js
	run sandbox/test-proposals node tests/sandbox/test-proposals.js
	run sandbox/test-messages node tests/sandbox/test-messages.js
	run sandbox/test-billing node tests/sandbox/test-billing.js
	run sandbox/test-contracts node tests/sandbox/test-contracts.js
fi
if want shell; then
	bg=()
	for t in tests/t/t*.sh tests/t/t*.js; do
		[[ -e $t ]] && alongside "$t" && bg+=("$t")
	done
	(for t in "${bg[@]}"; do exec_suite "shell/${t##*/}" "$(interp "$t")" "$t"; done) &
	bgpid=$!
	for t in tests/t/t*.sh tests/t/t*.js; do
		[[ -e $t ]] && ! alongside "$t" && run "shell/${t##*/}" "$(interp "$t")" "$t"
	done
	wait "$bgpid"
	for t in "${bg[@]}"; do tally "shell/${t##*/}"; done
fi
# asan_exec FILE: one suite against the ASan build. Sanitizer reports go
# to files: a report fails the suite even when the request that caused it
# still answered (asan_check).
asan_exec() {
	local t=$1 san=$logs/sanitizer/${1##*/}
	rm -rf "$san"; mkdir -p "$san"
	exec_suite "shell-asan/${t##*/}" env WORKDESK_BIN=build/asan/workdesk \
	    ASAN_OPTIONS=detect_leaks=1:log_path=$PWD/$san/asan \
	    UBSAN_OPTIONS=print_stacktrace=1:log_path=$PWD/$san/ubsan \
	    "$(interp "$t")" "$t"
}
asan_check() {
	local san=$logs/sanitizer/${1##*/}
	tally "shell-asan/${1##*/}"
	if compgen -G "$san/*" >/dev/null; then
		echo "    sanitizer reports in $san:"
		head -n 20 "$san"/* | sed 's/^/    /'
		total_fail=$((total_fail + 1)) broken+=("sanitizer/${1##*/}")
	fi
}
if want shell-asan; then
	# The suites that drive the C program, again against the ASan build.
	fg=() bg=()
	for t in tests/t/t*.sh tests/t/t*.js; do
		grep -qE '^(#|//) needs: app' "$t" 2>/dev/null || continue
		if alongside "$t"; then bg+=("$t"); else fg+=("$t"); fi
	done
	(for t in "${bg[@]}"; do asan_exec "$t"; done) &
	bgpid=$!
	for t in "${fg[@]}"; do
		asan_exec "$t"
		asan_check "$t"
	done
	wait "$bgpid"
	for t in "${bg[@]}"; do asan_check "$t"; done
fi
if want browser; then
	for t in tests/browser/*.test.js; do
		[[ -e $t ]] && run "browser/${t##*/}" node "$t"
	done
fi

echo
if (( ${#broken[@]} )); then
	echo "failing suites (logs in $logs): ${broken[*]}"
fi
echo "$total_pass passed, $total_fail failed"
(( total_fail == 0 ))
