#!/bin/sh
# ci-valgrind.sh -- valgrind memcheck on the end-to-end builds of book/ and two test books (the
# plain build from scripts/test.sh): no leak, no invalid read or write, no uninitialised use.
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
sheaf=build/src/cli/sheaf
[ -x "$sheaf" ] || { echo "ci-valgrind: build $sheaf first (scripts/test.sh does)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for input in book tests/e2e/books/novel tests/e2e/books/raw/raw.md; do
  log=$out/valgrind.log
  if SOURCE_DATE_EPOCH=1700000000 valgrind --quiet --leak-check=full --show-leak-kinds=all \
      --errors-for-leak-kinds=all --error-exitcode=99 --log-file="$log" \
      "$sheaf" build -q "$input" -o "$out/x.epub" 2>/dev/null; then
    echo "valgrind: $input: no errors, no leaks"
  else
    echo "valgrind: $input: FAILED"
    cat "$log"
    status=1
  fi
  if SOURCE_DATE_EPOCH=1700000000 valgrind --quiet --leak-check=full --show-leak-kinds=all \
      --errors-for-leak-kinds=all --error-exitcode=99 --log-file="$log" \
      "$sheaf" check "$out/x.epub" >/dev/null; then
    echo "valgrind: check of $input: no errors, no leaks"
  else
    echo "valgrind: check of $input: FAILED"
    cat "$log"
    status=1
  fi
done
exit $status
