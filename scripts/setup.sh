#!/usr/bin/env bash
# setup.sh: install what Workdesk needs to build, run and test, on Debian 12. Idempotent.
#
#   scripts/setup.sh
#
# Installs only the Debian packages that are missing (apt-get update once, first, and only
# then), as root or through sudo; then `npm ci` in the repo root when node_modules is missing
# or older than package-lock.json. Prints one line per thing it installs and "setup: ok" last;
# when everything is there it prints only "setup: ok" (and takes well under 2 s).
set -euo pipefail

# Debian packages. "a|b" means: any of them will do; the first is installed if none is.
PACKAGES=(
    # build: compilers, pkg-config
    build-essential g++ pkg-config
    # libraries the C program links (DESIGN.md "Dependencies")
    libfcgi-dev libcurl4-openssl-dev libjansson-dev libctemplate-dev libsodium-dev
    # web server in front of the app; the FastCGI bridge (cgi-fcgi) for tests that skip nginx
    "nginx-light|nginx|nginx-core|nginx-full|nginx-extras" libfcgi-bin
    # Upwork sandbox and browser tests (nodejs/npm skipped when node and npm are on PATH)
    nodejs npm chromium
    # test tools: fake clocks, HTTP client, certificates, memory checks, syscall traces
    faketime curl openssl ca-certificates valgrind strace
    # hostile input: libFuzzer targets (clang + its runtime), slow-client attacks,
    # a black-box scan for traversal, XSS, CRLF and redirects
    clang libclang-rt-dev slowhttptest wapiti
    # install checks: man pages render cleanly, systemd units verify
    groff-base man-db systemd
)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "setup: $*" >&2; exit 1; }

# --- Debian packages --------------------------------------------------------------------
have_node=0
if command -v node > /dev/null 2>&1 && command -v npm > /dev/null 2>&1; then
    have_node=1   # CI images may ship their own Node.js; don't add Debian's beside it
fi

wanted=()
for entry in "${PACKAGES[@]}"; do
    if [ $have_node -eq 1 ] && { [ "$entry" = nodejs ] || [ "$entry" = npm ]; }; then
        continue
    fi
    wanted+=("$entry")
done

# One dpkg-query for all names: "name<TAB>status" per installed-or-known package.
all_names=()
for entry in "${wanted[@]}"; do
    IFS='|' read -r -a alts <<< "$entry"
    all_names+=("${alts[@]}")
done
declare -A installed=()
while IFS=$'\t' read -r name status; do
    [ "$status" = "install ok installed" ] && installed[$name]=1
done < <(dpkg-query -W -f='${Package}\t${Status}\n' "${all_names[@]}" 2>/dev/null || true)

missing=()
for entry in "${wanted[@]}"; do
    IFS='|' read -r -a alts <<< "$entry"
    ok=0
    for a in "${alts[@]}"; do
        [ -n "${installed[$a]:-}" ] && ok=1 && break
    done
    [ $ok -eq 1 ] || missing+=("${alts[0]}")
done

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=(env)
    elif command -v sudo > /dev/null 2>&1; then
        as_root=(sudo env)
    else
        die "not root and no sudo: cannot install ${missing[*]} (run this script as root)"
    fi
    log=$(mktemp "${TMPDIR:-/tmp}/workdesk-setup.XXXXXX")
    trap 'rm -f "$log"' EXIT
    echo "setup: apt-get update"
    "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update > "$log" 2>&1 ||
        { tail -n 20 "$log" >&2; die "apt-get update failed"; }
    for p in "${missing[@]}"; do
        echo "setup: installing $p"
    done
    "${as_root[@]}" DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" > "$log" 2>&1 ||
        { tail -n 20 "$log" >&2; die "apt-get install failed"; }
fi

# --- npm (graphql for the sandbox, playwright-core for the browser tests) ---------------------
if [ ! -e "$repo/node_modules/.package-lock.json" ] ||
   [ "$repo/package-lock.json" -nt "$repo/node_modules/.package-lock.json" ]; then
    command -v npm > /dev/null 2>&1 || die "npm not found after installing packages"
    echo "setup: npm ci (graphql, playwright-core)"
    log=${log:-$(mktemp "${TMPDIR:-/tmp}/workdesk-setup.XXXXXX")}
    trap 'rm -f "$log"' EXIT
    # Playwright must not download a browser: the tests use Debian's chromium.
    (cd "$repo" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) > "$log" 2>&1 ||
        { tail -n 20 "$log" >&2; die "npm ci failed"; }
fi

echo "setup: ok"
