#!/bin/sh
# ci-tsan.sh -- ThreadSanitizer on the code that runs on several threads: the build (sources
# read ahead, parts rendered and deflated by a pool of workers) and the check (documents read
# by a pool of workers), on books and on broken EPUBs, with more threads than cores (an
# explicit --threads starts workers even for a small book).
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUILD_TESTING=OFF -DSHEAF_STATIC_DEPS=OFF -DCMAKE_C_FLAGS="-fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build build-tsan -j"$(nproc)" --target sheaf_cli
sheaf=build-tsan/src/cli/sheaf
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
export SOURCE_DATE_EPOCH=1700000000
status=0
run() { # what, then the command; exit 66 is a race, anything else but 0 and 1 a failure
  what=$1
  shift
  rc=0
  "$@" >"$out/log" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "tsan: $what: FAILED (exit $rc)"
    head -60 "$out/log"
    status=1
  else
    echo "tsan: $what: no data race"
  fi
}
n=0
for input in book tests/e2e/books/novel tests/e2e/books/split/long.md tests/e2e/books/raw/raw.md \
    tests/e2e/books/mdbook; do
  n=$((n + 1))
  run "build $input" "$sheaf" build -q --threads 4 "$input" -o "$out/$n.epub"
  [ -f "$out/$n.epub" ] && run "check of $input" "$sheaf" check --threads 4 "$out/$n.epub"
done
# a book big enough for the default thread counts to start workers too
python3 bench/gen-book.py -q --chapters 6 --chapter-bytes 40000 "$out/gen"
run "build of a 240 KB book, default threads" "$sheaf" build -q "$out/gen" -o "$out/gen.epub"
run "check of it, default threads" "$sheaf" check "$out/gen.epub"
# broken EPUBs: every seed of the check fuzzer
seeds=0
for f in tests/fuzz/corpus/check/*; do
  seeds=$((seeds + 1))
  run "check of seed $(basename "$f")" "$sheaf" check --threads 3 "$f" >"$out/seed.log"
  grep -v 'no data race' "$out/seed.log" || true
done
echo "tsan: check of $seeds broken EPUBs (the check fuzzer's seeds): done"
exit $status
