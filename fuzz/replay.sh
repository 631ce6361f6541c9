#!/usr/bin/env bash
# fuzz/replay.sh TARGET: run fuzz target TARGET once over every kept input:
# its corpus (fuzz/corpus/TARGET) and every input that ever failed
# (fuzz/regress/TARGET). What `make test` runs for each target; each input
# that runs without a crash, leak, property failure or sanitizer report
# counts as passed. Closes with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
t=$1 bin=build/fuzz/fuzz-$1
[ -x "$bin" ] || { echo "$bin missing: make fuzz-bin"; echo "0 passed, 1 failed"; exit 1; }
mapfile -t inputs < <(find "fuzz/corpus/$t" "fuzz/regress/$t" -type f ! -name '.*' 2>/dev/null | sort)
if [ ${#inputs[@]} -eq 0 ]; then
	echo "no inputs for $t"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/workdesk-replay.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
FUZZ_TMPDIR=$tmp "$bin" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$tmp/" \
    "${inputs[@]}" > "$tmp/log" 2>&1
rc=$?
ran=$(grep -c '^Executed ' "$tmp/log")
if [ $rc -ne 0 ] || [ "$ran" -ne ${#inputs[@]} ]; then
	grep -E 'ERROR|property|SUMMARY|^Running' "$tmp/log" | tail -n 20
	echo "$t: $ran passed, $(( ${#inputs[@]} - ran > 0 ? ${#inputs[@]} - ran : 1 )) failed"
	exit 1
fi
echo "$t: replayed ${#inputs[@]} inputs (corpus and regressions), 0 failures"
echo "$t: $ran passed, 0 failed"
