#!/usr/bin/env bash
# t0052-audits.sh: audits of the Upwork API Terms rules over every page of
# the route table (read from app/route.c, so a new page is audited too):
#   rule 4  every page showing Upwork content carries the attribution;
#   rule 8  no route answers with Upwork content in any format but the
#           signed-in user's HTML pages (the only JSON is the user's own
#           data export, which holds no Upwork content);
#   signed out, no route returns any Upwork content;
#   rule 3  after Disconnect, the data directory holds no trace of the
#           user: id, name, tokens, cached strings, drafts, sent-form
#           records;
#   rule 4  also: each proposal, contract and room links to its page on
#           upwork.com;
#   rule 11 every page is titled as Workdesk's, never as Upwork's.
# needs: app
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
h=$T_TMP/h
ADA=1390042875001225216

# Every GET route of the table; {id} becomes a real job id.
job=$(t_sandbox /__sandbox/jobs | node -e '
const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
const jobs = Array.isArray(d) ? d : d.jobs;
process.stdout.write(String(jobs[0].id));')
title=$(t_sandbox /__sandbox/jobs | node -e '
const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
const jobs = Array.isArray(d) ? d : d.jobs;
process.stdout.write(jobs[0].title);')
# {id} of /proposals/{id}: one of Ada's proposals (the sandbox's seeded 101).
proposal=1920000000000000101
# {room}: Ada's first room; /contracts/{id}...: her contract 1; an invoice
# of hers with its day.
invday=$(t_sandbox '/__sandbox/transactions?org=1390042875009613825' | node -e '
const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(d.rows.find((r) => r.relatedInvoiceId === "719000001").date);')
room=$(t_sandbox '/__sandbox/rooms?user=ada' | node -e '
process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].id);')
routes=$(grep -oE '^\s*\{ "[^"]+",\s*"[^"]+",\s*(GET_HEAD|METHOD_GET)' "$T_REPO/app/route.c" |
    sed -E 's/^\s*\{ "([^"]+)".*/\1/' | sed -e "s|^/proposals/{id}|/proposals/$proposal|" \
    -e "s|^/contracts/{id}|/contracts/1500000000000000001|" -e "s|^/billing/invoices/{id}|/billing/invoices/719000001?day=$invday|" \
    -e "s/{id}/$job/" -e "s/{room}/$room/" |
    grep -v '^/auth/')
t_ok "the route table lists pages" test "$(wc -l <<<"$routes")" -ge 8
t_diag "routes audited: $(tr '\n' ' ' <<<"$routes")"

# Strings that only Upwork content contains (the sandbox's data).
upwork_content() {
    grep -qF -e 'Ada Lovelace' -e 'adalovelace' -e "$title" -e 'Hopper Digital Agency' "$1"
}

# --- Signed out: no Upwork content anywhere ------------------------------------------
for r in $routes; do
    t_curl -o "$h.body" -D "$h" "$O$r"
    code=$(head -n1 "$h" | cut -d' ' -f2)
    t_ok "signed out $r: no Upwork content ($code)" sh -c "! grep -qF -e 'Ada Lovelace' -e \"\$1\" \"\$2\"" _ "$title" "$h.body"
    case $r in
    /brand/logo|/brand.css)
        # The agency's logo and colour: none in this config, so none served.
        t_eq "signed out $r: 404 without brand_logo / brand_accent" "$code" 404 ;;
    *)
        t_match "signed out $r: sign-in, a public page, or a redirect to sign in" "$code" '^(200|303)$' ;;
    esac
done

# --- Signed in: attribution and formats ----------------------------------------------------
jar=$T_TMP/ada
a_signin "$jar" ada allow
for r in $routes; do
    a_get "$jar" "$r" -o "$h.body" -D "$h"
    ct=$(a_header "$h" Content-Type)
    if [ "$r" = /account/export ]; then
        t_eq "$r: the user's own data, as JSON" "$ct" 'application/json; charset=utf-8'
        t_ok "$r: holds no Upwork content" sh -c '! grep -qF -e "Ada Lovelace" -e adalovelace "$1"' _ "$h.body"
        continue
    fi
    if [ "$r" = /billing/export.csv ]; then
        # The signed-in user's own export of their transactions (issue 8):
        # a download made on request, never cached or shared.
        t_eq "$r: the user's own transactions, as CSV" "$ct" 'text/csv; charset=utf-8'
        t_match "$r: a download" "$(a_header "$h" Content-Disposition)" '^attachment; filename='
        t_eq "$r: never stored by a cache" "$(a_header "$h" Cache-Control)" 'no-store'
        continue
    fi
    if [ "$r" = /healthz ]; then
        # For monitors: a word about the store, no session, no data.
        t_eq "$r: plain text for monitors" "$ct" 'text/plain; charset=utf-8'
        t_eq "$r: says only ok" "$(cat "$h.body")" ok
        continue
    fi
    t_eq "$r: HTML only (rule 8)" "$ct" 'text/html; charset=utf-8'
    t_match "$r: the page is Workdesk's, not Upwork's (rule 11)" "$(grep -o '<title>[^<]*</title>' "$h.body" | head -n1)" ' · Workdesk</title>$'
    if upwork_content "$h.body"; then
        t_ok "$r shows Upwork content and carries the attribution (rule 4)" grep -q 'id="upwork-attribution"' "$h.body"
    fi
done
a_get "$jar" "/jobs/$job" -o "$h.body"
t_ok "a job page shows Upwork content" upwork_content "$h.body"
t_ok "the job page carries the attribution" grep -q 'id="upwork-attribution"' "$h.body"
a_get "$jar" /jobs -o "$h.body"
n=$(grep -c '<article class="card job"' "$h.body")
l=$(grep -c 'href="https://www.upwork.com/jobs/~' "$h.body")
t_eq "every job card links to its page on upwork.com ($n cards)" "$l" "$n"
a_get "$jar" "/proposals/$proposal" -o "$h.body"
t_ok "a proposal page shows Upwork content" grep -q 'id="proposal-title"' "$h.body"
t_ok "... links to its page on upwork.com" grep -qF "href=\"https://www.upwork.com/nx/proposals/$proposal\"" "$h.body"
a_get "$jar" /proposals -o "$h.body"
n=$(grep -c '<li class="card proposal-row"' "$h.body")
l=$(grep -c 'href="https://www.upwork.com/nx/proposals/[0-9]*"' "$h.body")
t_ok "the proposals list has rows" test "$n" -gt 0
t_eq "every proposal row links to its page on upwork.com ($n rows)" "$l" "$n"
a_get "$jar" /contracts -o "$h.body"
n=$(grep -c '<li class="card contract-row"' "$h.body")
l=$(grep -c 'href="https://www.upwork.com/nx/wm/workroom/[0-9]*"' "$h.body")
t_ok "the contracts list has rows" test "$n" -gt 0
t_eq "every contract links to its workroom on upwork.com ($n rows)" "$l" "$n"
a_get "$jar" /messages -o "$h.body"
n=$(grep -c '<li class="card room-row"' "$h.body")
l=$(grep -c 'href="https://www.upwork.com/ab/messages/rooms/room_[0-9a-f]*"' "$h.body")
t_ok "the rooms list has rows" test "$n" -gt 0
t_eq "every room links to its page on upwork.com ($n rows)" "$l" "$n"
for accept in 'application/json' 'application/rss+xml' 'application/atom+xml' 'text/csv'; do
    a_get "$jar" /jobs -o /dev/null -D "$h" -H "Accept: $accept"
    t_eq "/jobs with Accept: $accept still answers HTML (no feed, rule 8)" \
        "$(a_header "$h" Content-Type)" 'text/html; charset=utf-8'
done
for r in /jobs.json /jobs/feed /jobs/rss /api/jobs /graphql; do
    code=$(t_curl -b "$jar" -o /dev/null -w '%{http_code}' "$O$r")
    t_eq "$r does not exist (404)" "$code" 404
done

# --- After Disconnect: no trace of the user ----------------------------------------------
# Leave every kind of trace first: a draft, and a sent proposal (its form
# record holds her id).
csrf=$(a_get "$jar" /account/disconnect | grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' | head -n1 | sed -E 's/.*value="([^"]*)"/\1/')
t_sandbox /__sandbox/jobs >"$T_TMP/jobs.json"
ajob=$(t_sandbox /__sandbox/proposals | node -e '
const fs = require("fs");
const p = JSON.parse(fs.readFileSync(0, "utf8"));
const jobs = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).jobs;
const mine = new Set(p.proposals.map((x) => x.jobId));
process.stdout.write(jobs.find((j) => !j.hostile && !mine.has(j.id) && j.screeningQuestions.length === 0).id);' \
    "$T_TMP/jobs.json")
nonce=$(a_get "$jar" "/jobs/$ajob/apply" | grep -oE 'name="nonce" value="[A-Za-z0-9_-]{43}"' | sed -E 's/.*value="([^"]*)"/\1/')
t_curl -b "$jar" -o /dev/null -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf&nonce=$nonce&cover=Hello&amount=50&action=send" "$O/jobs/$ajob/apply"
t_match "a proposal sent before disconnecting" "$(a_header "$h" Location)" '^/proposals/[0-9]+\?applied=1$'
t_curl -b "$jar" -o /dev/null -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf&cover=Unsent+draft&amount=9&action=save" "$O/jobs/$job/apply"
t_ok "and a draft saved" grep -rqaF 'Unsent draft' "$VAR/data/users"
t_ok "the sent form is on record under her id" grep -rqaF "$ADA" "$VAR/data/forms"
t_curl -b "$jar" -o /dev/null -H "Origin: $O" --data "csrf=$csrf" "$O/account/disconnect"
t_eq "no file holds Ada's id" "$(grep -rlaF "$ADA" "$VAR/data" | wc -l)" 0
t_eq "no file holds Ada's name" "$(grep -rlaF 'Ada Lovelace' "$VAR/data" | wc -l)" 0
t_eq "no file holds a token" "$(grep -rlaF 'oauth2v2_' "$VAR/data" | wc -l)" 0
t_eq "no file holds a job she saw" "$(grep -rlaF "$title" "$VAR/data" | wc -l)" 0
t_eq "no file is named after her id" "$(find "$VAR/data" -name "*$ADA*" | wc -l)" 0
t_eq "no file holds her draft" "$(grep -rlaF 'Unsent draft' "$VAR/data" | wc -l)" 0
t_eq "no sent-form record is left" "$(find "$VAR/data/forms" -type f ! -name '.*' | wc -l)" 0

t_done
