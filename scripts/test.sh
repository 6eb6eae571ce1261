#!/bin/sh
# test.sh -- from a fresh Debian 12: install what is missing, then build and run every test:
# the plain build, the AddressSanitizer + UBSan build, valgrind on book/, the fuzzers for a
# bounded time, the benchmark in smoke mode, and the style checks. CI runs exactly this.
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
export CI="${CI:-true}"   # in CI a missing EPUBCheck is a failure, not a skip
jobs=$(nproc)

step() { printf '\n== %s\n' "$*"; }

step "plain build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest -j"$jobs" --output-on-failure)

step "AddressSanitizer + UBSan build and tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Asan -DBUILD_TESTING=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -j"$jobs" --output-on-failure -E 'install_consumer|reader|ace|corpus')
# (the reading-engine and Ace tests read the EPUBs, not sheaf's memory: once is enough)

for extra in scripts/ci-*.sh; do
  [ -x "$extra" ] || continue
  step "$extra"
  "$extra"
done
step "all tests passed"
