#!/usr/bin/env bash
# t0031-durability.sh: the store's write protocol for tokens and sessions
# (security bar §3, W1-W6), seen through strace.
#
#  - Test 7: a token write (vault-write, i.e. oauth_tokens_save) killed by
#    SIGKILL at the Nth call of each system call it makes (strace
#    -e inject=SYSCALL:signal=SIGKILL:when=N, N swept over every call and one
#    past the last), for tokens of 10, 1000 and 8000 bytes: the record must
#    always decrypt and hold the old or the new refresh token, an
#    acknowledged write must be visible, and the only debris allowed is
#    .tmp.* files, which the sweeper removes once older than 10 minutes.
#  - Test 24: the system-call order of token and session writes: openat
#    .tmp.* with O_CREAT|O_EXCL, write(s), fsync, close, rename over the
#    record, fsync of the directory. Then fsync failing with EIO (first the
#    file's, then the directory's): the write must report failure, leave no
#    .tmp.* and leave the old value readable.
# Runs the test tools built by `make unit-bin` (build/tools/); needs strace.
set -u
# shellcheck source=tests/t/lib.sh
. "$(dirname "$0")/lib.sh"

TOOLS=$T_REPO/build/tools
for tool in vault-write vault-read session-write store-sweep; do
    if [ ! -x "$TOOLS/$tool" ]; then
        t_ok "build/tools/$tool is built (make unit-bin)" false
        t_done
        exit 1
    fi
done
if ! command -v strace > /dev/null; then
    t_ok "strace is installed" false
    t_done
    exit 1
fi

# token PREFIX SIZE: PREFIX padded with x to SIZE bytes.
token() {
    local s=$1
    while [ ${#s} -lt "$2" ]; do
        s="${s}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    done
    printf '%s' "${s:0:$2}"
}

# count_tmp DIR: how many .tmp.* files DIR holds.
count_tmp() {
    find "$1" -maxdepth 1 -name '.tmp.*' | wc -l
}

# =========================================================================
# Test 7: SIGKILL at every system call of a token write.
# =========================================================================
D=$T_TMP/t7/data K=$T_TMP/t7/wd.key U=upwork-user-7
mkdir -p "$T_TMP/t7"
REC=$(printf '%s' "$U" | sha256sum | cut -d' ' -f1)
TOK=$D/tokens
# The classes every write makes, and some it may make (a backup link of
# the old record, its removal); all that occur are swept.
CLASSES=(openat write fsync close renameat flock mkdirat)
MAYBE=(linkat unlinkat fdatasync rename renameat2)
err=$T_TMP/t7.err bad_log=$T_TMP/t7.bad
: > "$bad_log"
runs=0 n_old=0 n_new=0 n_bad=0 killed=0 acked_lost=0 stray=0 absent_classes=
swept_classes=

# vw REFRESH SIZE: a plain token write (the reset between runs).
vw() {
    "$TOOLS/vault-write" "$D" "$K" "$U" "$(token at- "$2")" "$1" 2>> "$err"
}

for size in 10 1000 8000; do
    old=$(token rt-old "$size") new=$(token rt-new "$size")
    at=$(token at- "$size")
    vw "$old" "$size" || t_ok "size $size: the initial write succeeds" false
    # One traced run tells how many calls of each class a write makes.
    strace -f -qq -o "$T_TMP/t7.count" \
        -e trace="$(IFS=,; echo "${CLASSES[*]},${MAYBE[*]}")" \
        "$TOOLS/vault-write" "$D" "$K" "$U" "$at" "$new" 2>> "$err"
    vw "$old" "$size"
    for cls in "${CLASSES[@]}" "${MAYBE[@]}"; do
        calls=$(grep -cE "^[0-9]+ +$cls\(" "$T_TMP/t7.count")
        if [ "$calls" -eq 0 ]; then
            [[ " ${CLASSES[*]} " == *" $cls "* ]] && absent_classes="$absent_classes $cls"
            continue
        fi
        [ "$size" == 10 ] && swept_classes="$swept_classes $cls:$calls"
        for ((n = 1; n <= calls + 1; n++)); do
            # The shell's "Killed" notice goes to the braces' stderr.
            { strace -f -qq -o /dev/null -e trace="$cls" \
                -e inject="$cls:signal=SIGKILL:when=$n" \
                "$TOOLS/vault-write" "$D" "$K" "$U" "$at" "$new"; } 2>> "$err"
            wrc=$?
            runs=$((runs + 1))
            [ $wrc -eq 137 ] && killed=$((killed + 1))
            got=$("$TOOLS/vault-read" "$D" "$K" "$U" 2>> "$err")
            rrc=$?
            if [ $rrc -eq 0 ] && [ "$got" == "$old" ]; then
                n_old=$((n_old + 1))
                if [ $wrc -eq 0 ]; then
                    acked_lost=$((acked_lost + 1))
                    echo "size $size $cls when=$n: exit 0 but old value" >> "$bad_log"
                fi
            elif [ $rrc -eq 0 ] && [ "$got" == "$new" ]; then
                n_new=$((n_new + 1))
                vw "$old" "$size"
            else
                n_bad=$((n_bad + 1))
                echo "size $size $cls when=$n: vault-read exit $rrc" >> "$bad_log"
                vw "$old" "$size"
            fi
            # Only the record itself and temp files may be there.
            for f in "$TOK"/* "$TOK"/.[!.]*; do
                [ -e "$f" ] || continue
                case ${f##*/} in
                "$REC" | .tmp.*) ;;
                *)
                    stray=$((stray + 1))
                    echo "size $size $cls when=$n: stray file ${f##*/}" >> "$bad_log"
                    ;;
                esac
            done
        done
    done
done
t_diag "test 7: calls per write (syscall:count):$swept_classes"
t_diag "test 7: runs=$runs old=$n_old new=$n_new undecryptable_or_other=$n_bad killed=$killed tmp_debris=$(count_tmp "$TOK")"
t_eq "test 7: every system call class of a write was seen (${CLASSES[*]})" \
    "${absent_classes:-none}" none
t_ok "test 7: at least 200 killed-write runs ($runs)" test "$runs" -ge 200
t_ok "test 7: the sweep hit both sides of the rename (old $n_old, new $n_new)" \
    test "$n_old" -gt 0 -a "$n_new" -gt 0
t_ok "test 7: 100% of records decrypt and hold the old or the new RT ($n_bad bad of $runs)" \
    test "$n_bad" -eq 0
t_ok "test 7: no acknowledged write is lost ($acked_lost)" test "$acked_lost" -eq 0
t_ok "test 7: killed writes leave nothing but .tmp.* ($stray stray files)" \
    test "$stray" -eq 0
head -n 20 "$bad_log" | sed 's/^/# bad run: /'

# The sweeper: .tmp.* older than 10 minutes go, younger ones and the record stay.
debris=$(count_tmp "$TOK")
t_ok "test 7: killed writes left .tmp.* debris to sweep ($debris)" test "$debris" -gt 0
"$TOOLS/store-sweep" "$D" tokens > /dev/null 2>> "$err"
t_eq "sweep keeps fresh .tmp.* files (a writer may own one)" "$(count_tmp "$TOK")" "$debris"
young=$(find "$TOK" -maxdepth 1 -name '.tmp.*' | head -n 1)
find "$TOK" -maxdepth 1 -name '.tmp.*' -exec touch -d '-11 minutes' {} +
touch -d '-9 minutes' "$young"
swept=$("$TOOLS/store-sweep" "$D" tokens 2>> "$err")
t_eq "sweep deletes every .tmp.* older than 10 min ($swept deleted)" "$swept" $((debris - 1))
t_eq "sweep keeps a .tmp.* 9 minutes old" "$(count_tmp "$TOK")" 1
touch -d '-11 minutes' "$young"
"$TOOLS/store-sweep" "$D" tokens > /dev/null 2>> "$err"
t_eq "no .tmp.* left after the sweep" "$(count_tmp "$TOK")" 0
t_eq "the record survives the sweep" \
    "$("$TOOLS/vault-read" "$D" "$K" "$U" 2>> "$err")" "$(token rt-old 8000)"

# =========================================================================
# Test 24: write -> fsync -> close -> rename -> fsync(dir), and EIO.
# =========================================================================
D=$T_TMP/t24/data K=$T_TMP/t24/wd.key U=upwork-user-24
mkdir -p "$T_TMP/t24"
REC=$(printf '%s' "$U" | sha256sum | cut -d' ' -f1)
TOK=$D/tokens
TRACE=openat,write,fsync,fdatasync,rename,renameat,renameat2,close

# w_order LOG KIND [FINAL]: check every record write in an strace log
# (strace -f -o LOG -e trace=$TRACE) of one process writing to data_dir/KIND.
# The directory's descriptor is the one store_init's openat of KIND
# returned. Each write must be: openat(dirfd, ".tmp.*", O_CREAT|O_EXCL|
# O_NOFOLLOW, 0600) = fd; write(fd) at least once; fsync or fdatasync(fd)
# = 0; close(fd) = 0; rename*(dirfd, tmp, dirfd, FINAL or a SHA-256 name) =
# 0; fsync(dirfd) = 0. Prints a line per deviation, then "writes=N ok=N".
w_order() {
    local log=$1 kind=$2 final=${3:-} line call args ret
    local dirfd='' fd='' tmp='' state='' writes=0 ok=0 a
    local re='^[0-9]+ +([a-z0-9_]+)\((.*)\) += (-?[0-9]+)( .*)?$'
    while IFS= read -r line; do
        [[ $line =~ $re ]] || continue
        call=${BASH_REMATCH[1]} args=${BASH_REMATCH[2]} ret=${BASH_REMATCH[3]}
        a=${args%%,*}
        case $call in
        openat)
            if [[ $args == *", \"$kind\", "*O_DIRECTORY* ]]; then
                dirfd=$ret
            elif [[ $args == *'".tmp.'* ]]; then
                [ -n "$state" ] && echo "deviation: new temp file before write $writes ended"
                writes=$((writes + 1)) state=open
                tmp=${args#*\"} tmp=${tmp%%\"*} fd=$ret
                if [ "$a" != "$dirfd" ] || [[ $args != *O_CREAT* ]] ||
                    [[ $args != *O_EXCL* ]] || [[ $args != *O_NOFOLLOW* ]] ||
                    [[ $args != *", 0600" ]] || [ "$ret" -lt 0 ]; then
                    echo "deviation: write $writes: W1 open: $line"
                    state=''
                fi
            fi
            ;;
        write)
            if [ -z "$state" ] || [ "$a" != "$fd" ]; then
                continue
            fi
            if [ "$state" == open ] || [ "$state" == written ]; then
                state=written
            else
                echo "deviation: write $writes: write after $state: $line"
                state=''
            fi
            ;;
        fsync | fdatasync)
            if [ -n "$state" ] && [ "$a" == "$fd" ]; then
                if [ "$state" == written ] && [ "$ret" == 0 ]; then
                    state=synced
                else
                    echo "deviation: write $writes: file sync after $state: $line"
                    state=''
                fi
            elif [ "$state" == renamed ] && [ "$a" == "$dirfd" ]; then
                if [ "$ret" == 0 ]; then
                    ok=$((ok + 1))
                else
                    echo "deviation: write $writes: directory fsync failed: $line"
                fi
                state=''
            fi
            ;;
        close)
            if [ -n "$state" ] && [ "$a" == "$fd" ]; then
                if [ "$state" == synced ] && [ "$ret" == 0 ]; then
                    state=closed
                else
                    echo "deviation: write $writes: close after $state: $line"
                    state=''
                fi
            elif [ -n "$state" ] && [ "$a" == "$dirfd" ]; then
                echo "deviation: write $writes: directory closed: $line"
                state=''
            fi
            ;;
        rename | renameat | renameat2)
            [ -n "$state" ] || continue
            local want="$dirfd, \"$tmp\", $dirfd, \"${final:-}"
            if [ "$state" == closed ] && [ "$ret" == 0 ] &&
                [[ $args == "$want"* ]] &&
                [[ ${args#"$want"} =~ ^[0-9a-f]*\"(,.*)?$ ]] &&
                [[ $args =~ \"[0-9a-f]{64}\" ]]; then
                state=renamed
            else
                echo "deviation: write $writes: rename after $state: $line"
                state=''
            fi
            ;;
        esac
    done < "$log"
    [ -n "$state" ] && echo "deviation: write $writes: ended in state $state"
    echo "writes=$writes ok=$ok"
}

# order_summary LOG KIND [FINAL]: w_order's summary line; its deviations
# (at most 5) go out as diagnostics.
order_summary() {
    local out
    out=$(w_order "$@")
    printf '%s\n' "$out" | grep deviation | head -n 5 | sed 's/^/# /' >&2
    printf '%s\n' "${out##*$'\n'}"
}

vault_rc=0
for i in 1 2 3 4 5; do
    strace -f -qq -o "$T_TMP/t24.vault.$i" -e trace="$TRACE" \
        "$TOOLS/vault-write" "$D" "$K" "$U" "at-$i" "rt-$i" 2>> "$err" ||
        vault_rc=1
done
t_eq "test 24: 5 token writes succeed under strace" $vault_rc 0
cat "$T_TMP"/t24.vault.[1-5] > "$T_TMP/t24.vault"
# One process each; their logs concatenated read as five writes in a row
# (each log opens the kind's directory again, which resets the dirfd).
sum=$(order_summary "$T_TMP/t24.vault" tokens "$REC")
t_diag "token writes: $sum"
t_eq "test 24: 100% of token writes run openat(.tmp, O_CREAT|O_EXCL) write fsync close rename fsync(dir)" \
    "$sum" "writes=5 ok=5"

strace -f -qq -o "$T_TMP/t24.session" -e trace="$TRACE" \
    "$TOOLS/session-write" "$D" 20 2>> "$err"
t_eq "test 24: 20 session writes succeed under strace" $? 0
sum=$(order_summary "$T_TMP/t24.session" sessions)
t_diag "session writes: $sum"
t_eq "test 24: 100% of session writes run openat(.tmp, O_CREAT|O_EXCL) write fsync close rename fsync(dir)" \
    "$sum" "writes=20 ok=20"
t_eq "test 24: 20 session records on disk" \
    "$(find "$D/sessions" -maxdepth 1 -type f -name '[0-9a-f]*' | wc -l)" 20

# A checker that passes everything proves nothing: three doctored copies
# of a write's log must fail it. (Write 2's log: write 1 also created the
# key file, with fsyncs of its own.)
ref=$T_TMP/t24.vault.2
# The rename moved after the directory fsync.
awk '/ renameat\(/ { r = $0; next } { print } / fsync\(/ && r != "" && !done { print r; done = 1 }' \
    "$ref" > "$T_TMP/t24.swapped"
t_eq "test 24: the order checker rejects a rename after the directory fsync" \
    "$(order_summary "$T_TMP/t24.swapped" tokens "$REC" 2>/dev/null)" "writes=1 ok=0"
# No directory fsync.
dirfd=$(sed -nE 's/.*"tokens", .*O_DIRECTORY.* = ([0-9]+)$/\1/p' "$ref")
grep -v " fsync($dirfd)" "$ref" > "$T_TMP/t24.nodirsync"
t_eq "test 24: the order checker rejects a write without the directory fsync" \
    "$(order_summary "$T_TMP/t24.nodirsync" tokens "$REC" 2>/dev/null)" "writes=1 ok=0"
# No file fsync.
awk '/"\.tmp\./ { tmp = 1 } tmp && / fsync\(/ && !done { done = 1; next } { print }' \
    "$ref" > "$T_TMP/t24.nofilesync"
t_eq "test 24: the order checker rejects a write without the file fsync" \
    "$(order_summary "$T_TMP/t24.nofilesync" tokens "$REC" 2>/dev/null)" "writes=1 ok=0"

# fsync fails with EIO: first the temp file's (when=1), then the
# directory's, after the rename (when=2). W6: no false success, no temp
# file left, and the old version stays readable. NB: after a failed
# directory fsync the rename has already happened, so the old value can
# only be intact if store_put_locked puts it back.
whose=([1]="the temp file's" [2]="the directory's, after the rename")
for when in 1 2; do
    "$TOOLS/vault-write" "$D" "$K" "$U" at-old rt-old 2>> "$err"
    strace -f -qq -o "$T_TMP/t24.eio.$when" -e trace=fsync \
        -e inject="fsync:error=EIO:when=$when" \
        "$TOOLS/vault-write" "$D" "$K" "$U" at-new rt-new 2>> "$err"
    rc=$?
    which=$(grep INJECTED "$T_TMP/t24.eio.$when" | sed -E 's/^[0-9]+ +//; s/  +/ /g')
    t_diag "EIO on fsync #$when (${whose[when]}): $which; vault-write exit $rc"
    t_ok "test 24: EIO on fsync #$when (${whose[when]}): the write reports failure" \
        test "$rc" -ne 0
    t_eq "test 24: EIO on fsync #$when (${whose[when]}): the old value is intact" \
        "$("$TOOLS/vault-read" "$D" "$K" "$U" 2>> "$err")" rt-old
    t_eq "test 24: EIO on fsync #$when (${whose[when]}): no .tmp.* left (W6)" \
        "$(count_tmp "$TOK")" 0
done
before=$(find "$D/sessions" -maxdepth 1 -type f | wc -l)
for when in 1 2; do
    strace -f -qq -o /dev/null -e trace=fsync \
        -e inject="fsync:error=EIO:when=$when" \
        "$TOOLS/session-write" "$D" 1 2>> "$err"
    t_ok "test 24: session write, EIO on fsync #$when: reports failure" test $? -ne 0
    t_eq "test 24: session write, EIO on fsync #$when: no .tmp.* left" \
        "$(count_tmp "$D/sessions")" 0
done
# W6 for a new record: the old state is "no record", whichever fsync failed.
t_eq "test 24: session writes that failed (EIO) added no record" \
    "$(find "$D/sessions" -maxdepth 1 -type f | wc -l)" "$before"

t_done
