#!/usr/bin/env bash
# fuzz/run.sh: run every libFuzzer target (build/fuzz/fuzz-*, `make
# fuzz-bin`) for FUZZ_SECONDS each, FUZZ_JOBS at a time, starting from its
# kept corpus and regression inputs. New inputs that add coverage are
# merged into fuzz/corpus/TARGET (commit them); a crash, leak, property
# failure or hang is saved to build/fuzz/found/TARGET/ and fails the run
# (copy it into fuzz/regress/TARGET once fixed). One line a target with its
# executions, crashes and hangs, then "N passed, N failed".
#
#   make fuzz                      120 s a target (the security bar's CI figure)
#   FUZZ_SECONDS=600 make fuzz     before a release: 10 minutes or more
#   fuzz/run.sh md json            only these targets
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-120}
jobs=${FUZZ_JOBS:-2}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in fuzz/fuzz-*.c; do t=${f##*/fuzz-}; targets+=("${t%.c}"); done
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/workdesk-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export FUZZ_TMPDIR=$tmp

# one TARGET: fuzz it, then merge what it found into the kept corpus.
one() {
	local t=$1 bin=build/fuzz/fuzz-$1 work=$tmp/work-$1 found=build/fuzz/found/$1
	local log=build/fuzz/log/$1.log
	mkdir -p "$work" "$found" "$(dirname "$log")" "fuzz/corpus/$t" "fuzz/regress/$t"
	rm -f "$found"/*
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix="$found/" \
	    "$work" "fuzz/corpus/$t" "fuzz/regress/$t" > "$log" 2>&1
	"$bin" -merge=1 -artifact_prefix="$found/" "fuzz/corpus/$t" "$work" \
	    >> "$log" 2>&1
	local execs crashes hangs
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -n 1)
	crashes=$(find "$found" -type f ! -name 'timeout-*' | wc -l)
	hangs=$(find "$found" -type f -name 'timeout-*' | wc -l)
	printf '%-12s %12s execs in %ss  %d crashes  %d hangs  corpus %d\n' "$t" \
	    "${execs:-?}" "$secs" "$crashes" "$hangs" "$(ls "fuzz/corpus/$t" | wc -l)" \
	    > "$tmp/result-$t"
}

running=0
for t in "${targets[@]}"; do
	[ -x "build/fuzz/fuzz-$t" ] || { echo "build/fuzz/fuzz-$t missing: make fuzz-bin" >&2; exit 1; }
	one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

pass=0 fail=0
for t in "${targets[@]}"; do
	line=$(cat "$tmp/result-$t" 2>/dev/null || echo "$t: no result")
	echo "$line"
	if [[ $line =~ \ 0\ crashes\ \ 0\ hangs ]] && [[ ! $line =~ \ \?\ execs ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "    see build/fuzz/log/$t.log and build/fuzz/found/$t/"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
