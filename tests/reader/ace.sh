#!/bin/sh
# tests/reader/ace.sh -- build the test books with sheaf and check each one with DAISY Ace
# (the EPUB accessibility checker: axe-core on every content document in headless Chromium,
# plus EPUB metadata rules); fail if Ace reports any violation, of any impact, in any book.
# SPDX-License-Identifier: MIT
#
# usage: tests/reader/ace.sh SHEAF_BINARY [REPORTS_DIR]
#   e.g. tests/reader/ace.sh build/src/cli/sheaf
# With REPORTS_DIR, Ace's reports are kept there: REPORTS_DIR/<book>/report.html, report.json.
#
# Needs the Debian 12 packages chromium and fonts-dejavu-core, node 20 or later with npm
# (@daisy/ace-cli 1.4.6 requires node 20; Debian 12's nodejs is 18, so that node skips this
# test, or fails it under CI=true), and the npm packages pinned in package.json /
# package-lock.json, installed by npm-install.sh exactly as run.sh does: `npm ci` into
# $READER_CACHE (default /var/tmp/sheaf-reader), only when the lock file changed, with no
# browser download (PUPPETEER_SKIP_DOWNLOAD=1, --ignore-scripts). Ace runs on its puppeteer
# runner with PUPPETEER_EXECUTABLE_PATH=$CHROMIUM (default /usr/bin/chromium).
#
# Books: book/ (Italian article), tests/e2e/books/rtl (Arabic, right to left),
# tests/e2e/books/novel, tests/e2e/books/mdbook, tests/e2e/books/split/long.md.
# Prints "ace: PASS <book>" per clean book; for a book with violations, every violation with
# its impact, rule id, file, selector and markup (see ace-report.cjs).
#
# Environment: ACE_TIMEOUT_INITIAL  ms Ace allows the browser to start (default 30000; Ace's
#                                   own 5000 is too short on 2 cores)
#              ACE_BOOK_TIMEOUT     seconds one Ace run may take before it is killed (300)
#
# Exit status: 0 every book is clean, 1 a violation in some book (or sheaf could not build a
# book, Ace did not run, or npm ci failed), 2 usage error, 77 (skip) when node 20+, npm or
# chromium is missing, unless CI=true: then that is a failure (1) too.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tag=ace
# shellcheck source-path=SCRIPTDIR source=npm-install.sh
. "$here/npm-install.sh"   # sets cache and chromium; reader_require_tools, reader_npm_install

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 SHEAF_BINARY [REPORTS_DIR]" >&2; exit 2; }
sheaf=$1
reports=${2:-}
[ -x "$sheaf" ] || { echo "ace: no sheaf binary at $sheaf" >&2; exit 1; }

# --- the tools (missing ones skip the test, except in CI), then the npm packages ---
reader_require_tools 18   # Ace 1.4.6 declares node 20; Debian 12 has 18, which it runs on
reader_npm_install
ace="$cache/node_modules/.bin/ace-cli"
[ -x "$ace" ] || { echo "ace: FAIL: no $ace after installing the packages" >&2; exit 1; }

# --- the books ---
work=$(mktemp -d "${TMPDIR:-/tmp}/sheaf-ace.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
books="book:book rtl:tests/e2e/books/rtl novel:tests/e2e/books/novel
mdbook:tests/e2e/books/mdbook split:tests/e2e/books/split/long.md"
for spec in $books; do
    name=${spec%%:*}
    if ! "$sheaf" build "$root/${spec#*:}" -o "$work/$name.epub" >"$work/$name.log" 2>&1; then
        cat "$work/$name.log" >&2
        echo "ace: FAIL: sheaf could not build ${spec#*:}" >&2
        exit 1
    fi
done

# --- check them, one at a time (each Ace run starts its own browser) ---
export PUPPETEER_EXECUTABLE_PATH="$chromium" PUPPETEER_SKIP_DOWNLOAD=1
export ACE_TIMEOUT_INITIAL=${ACE_TIMEOUT_INITIAL:-30000}
status=0
failed=
for spec in $books; do
    name=${spec%%:*}
    out="$work/$name"
    [ -z "$reports" ] || out="$reports/$name"
    mkdir -p "$out"
    rm -f "$out/report.json"
    # Ace keeps a log of every run under $XDG_STATE_HOME and reads a config.json under
    # $XDG_CONFIG_HOME: both go to the temporary directory, so a user's config cannot change
    # the checks and runs leave nothing in $HOME
    xdg="$work/$name.xdg"
    if ! XDG_STATE_HOME="$xdg/state" XDG_CONFIG_HOME="$xdg/config" \
            timeout -k 10 "${ACE_BOOK_TIMEOUT:-300}" "$ace" --silent --force --outdir "$out" \
            "$work/$name.epub" >"$work/$name.ace.log" 2>&1 || [ ! -s "$out/report.json" ]; then
        cat "$work/$name.ace.log" >&2
        find "$xdg/state" -type f -name '*.log' -exec tail -n 40 {} + >&2 2>/dev/null || :
        echo "ace: FAIL $name: Ace did not check ${spec#*:} (no report)" >&2
        status=1 failed="$failed $name"
        continue
    fi
    node "$here/ace-report.cjs" "$name" "$out/report.json" || { status=1 failed="$failed $name"; }
done
if [ "$status" -ne 0 ]; then
    echo "ace: FAIL:$failed${reports:+ (reports in $reports)}"
else
    echo "ace: all books clean"
fi
exit "$status"
