#!/bin/sh
# tests/reader/run.sh -- build the test books with sheaf and read each one in a real reading
# engine (foliate-js in headless Chromium, see read-epub.cjs); fail unless every book reads.
# SPDX-License-Identifier: MIT
#
# usage: tests/reader/run.sh SHEAF_BINARY [SHOTS_DIR]
#   e.g. tests/reader/run.sh build/src/cli/sheaf
#
# Needs the Debian 12 packages
#   chromium            the browser (/usr/bin/chromium, or set CHROMIUM)
#   fonts-dejavu-core   a font for the pages (chromium only recommends fonts-liberation)
#   nodejs npm          node 18 or later with npm (a node that ships npm needs no npm package)
# and the npm packages pinned in package.json / package-lock.json (puppeteer-core, foliate-js;
# @daisy/ace-cli is for ace.sh), which this script installs with `npm ci` into $READER_CACHE
# (default /var/tmp/sheaf-reader), outside the source tree, only when the lock file changed
# (npm-install.sh, shared with ace.sh). No browser is downloaded (PUPPETEER_SKIP_DOWNLOAD=1,
# --ignore-scripts); the first run needs the npm registry.
#
# Exit status: 0 all books read, 1 a book failed (or sheaf could not build it, or npm ci
# failed), 77 (skip) when node, npm or chromium is missing, unless CI=true: then that is a
# failure (1) too.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tag=reader
# shellcheck source-path=SCRIPTDIR source=npm-install.sh
. "$here/npm-install.sh"   # sets cache and chromium; reader_require_tools, reader_npm_install

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 SHEAF_BINARY [SHOTS_DIR]" >&2; exit 2; }
sheaf=$1
shots=${2:-}
[ -x "$sheaf" ] || { echo "reader: no sheaf binary at $sheaf" >&2; exit 1; }

# --- the tools (missing ones skip the test, except in CI), then the npm packages ---
reader_require_tools 18
reader_npm_install

# --- the books ---
work=$(mktemp -d "${TMPDIR:-/tmp}/sheaf-reader.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
books="book:book novel:tests/e2e/books/novel mdbook:tests/e2e/books/mdbook
split:tests/e2e/books/split/long.md raw:tests/e2e/books/raw/raw.md
constructs:tests/e2e/books/constructs/constructs.md"
set --
for spec in $books; do
    name=${spec%%:*}
    if ! "$sheaf" build "$root/${spec#*:}" -o "$work/$name.epub" >"$work/$name.log" 2>&1; then
        cat "$work/$name.log" >&2
        echo "reader: FAIL: sheaf could not build ${spec#*:}" >&2
        exit 1
    fi
    set -- "$@" "$work/$name.epub"
done

# --- read them ---
[ -z "$shots" ] || set -- --shots "$shots" "$@"
status=0
READER_NODE_MODULES="$cache/node_modules" CHROMIUM="$chromium" node "$here/read-epub.cjs" "$@" || status=$?
exit "$status"
