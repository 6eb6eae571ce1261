# tests/reader/npm-install.sh -- shared by run.sh and ace.sh (sourced, not run): check that
# node, npm and chromium are there, and install the npm packages pinned in package-lock.json.
# SPDX-License-Identifier: MIT
# shellcheck shell=sh disable=SC2154 # here and tag are set by the sourcing script
#
# The sourcing script sets
#   here      this directory (tests/reader), which holds package.json and package-lock.json
#   tag       the prefix of its messages ("reader", "ace")
# and may set, before sourcing, READER_CACHE (default /var/tmp/sheaf-reader) and CHROMIUM
# (default /usr/bin/chromium). Sourcing sets
#   cache     where the packages go: $cache/node_modules
#   chromium  the browser binary
# and defines
#   reader_require_tools [NODE_MAJOR]
#       exit 77 (skip) when node, npm or chromium is missing, or node is older than NODE_MAJOR
#       (default 18); with CI=true exit 1 instead, as a missing tool must not hide a test there.
#   reader_npm_install
#       `npm ci` the lock file into $cache, outside the source tree, only when the lock file
#       differs from the one installed there (or nothing is installed). No browser is
#       downloaded (PUPPETEER_SKIP_DOWNLOAD=1, --ignore-scripts); an install needs the npm
#       registry. It installs into a fresh directory and renames it into place, under an
#       exclusive flock(1) on $cache.lock; afterwards the caller keeps a shared lock on it,
#       so that tests run in parallel (ctest -j) neither install twice nor swap the packages
#       out from under each other. Exit 1 when npm ci fails, 77 (skip, also in CI) when the
#       registry cannot be reached at all (`npm ping` fails): that says nothing about sheaf.

cache=${READER_CACHE:-/var/tmp/sheaf-reader}
chromium=${CHROMIUM:-/usr/bin/chromium}

reader_require_tools() {
    _want=${1:-18}
    _missing=
    if ! command -v node >/dev/null 2>&1; then
        _missing="$_missing node(nodejs)"
    else
        _major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
        [ "$_major" -ge "$_want" ] 2>/dev/null ||
            _missing="$_missing node>=$_want(have $(node --version 2>/dev/null); Debian 12's nodejs is 18, NodeSource has newer)"
    fi
    command -v npm >/dev/null 2>&1 || _missing="$_missing npm"
    [ -x "$chromium" ] || _missing="$_missing $chromium(chromium)"
    [ -n "$_missing" ] || return 0
    if [ "${CI:-}" = true ]; then
        echo "$tag: FAIL: missing:$_missing (CI=true: install chromium fonts-dejavu-core nodejs npm)" >&2
        exit 1
    fi
    echo "$tag: SKIP: missing:$_missing (install the Debian packages chromium fonts-dejavu-core nodejs npm)"
    exit 77
}

# true when $cache holds exactly what the lock file asks for
reader_npm_current() {
    cmp -s "$here/package-lock.json" "$cache/package-lock.json" && [ -d "$cache/node_modules" ]
}

reader_npm_install() {
    mkdir -p "$(dirname "$cache")"
    _lock=
    if command -v flock >/dev/null 2>&1; then
        _lock=yes
        exec 9>"$cache.lock"
        flock -s 9
    fi
    reader_npm_current && return 0
    # upgrade to an exclusive lock (flock drops the shared one first, so two upgraders cannot
    # deadlock) and look again: another test may have installed meanwhile
    [ -z "$_lock" ] || flock -x 9
    if ! reader_npm_current; then
        echo "$tag: installing the npm packages of $here/package-lock.json into $cache"
        _fresh="$cache.new.$$"
        rm -rf "$_fresh"
        mkdir -p "$_fresh"
        cp "$here/package.json" "$here/package-lock.json" "$_fresh/"
        if ! PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix "$_fresh" --ignore-scripts --no-audit \
                --no-fund --loglevel=error; then
            rm -rf "$_fresh"
            if ! npm ping --loglevel=silent >/dev/null 2>&1; then
                # the machine cannot reach the registry at all (no network, or TLS it does not
                # trust): nothing about sheaf can be learned here, so the test is skipped
                echo "$tag: SKIP: the npm registry cannot be reached from this machine" >&2
                exit 77
            fi
            echo "$tag: FAIL: npm ci did not install the packages" >&2
            exit 1
        fi
        rm -rf "$cache"
        mv "$_fresh" "$cache"
    fi
    [ -z "$_lock" ] || flock -s 9
}
