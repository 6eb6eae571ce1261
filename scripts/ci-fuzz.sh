#!/bin/sh
# ci-fuzz.sh -- builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time on a copy of its seed corpus, printing how many inputs it executed.
# SPDX-License-Identifier: MIT
#   FUZZ_SECONDS (default 30) per target; new inputs found are left in build-fuzz/corpus/.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DSHEAF_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
  -DBUILD_TESTING=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_chapter fuzz_meta fuzz_check fuzz_build
status=0
for t in chapter meta check build; do
  work=build-fuzz/corpus/$t
  mkdir -p "$work"
  cp -n tests/fuzz/corpus/$t/* "$work"/ 2>/dev/null || true
  log=build-fuzz/fuzz_$t.log
  if build-fuzz/tests/fuzz_$t "$work" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
      -rss_limit_mb=1024 -print_final_stats=1 \
      -artifact_prefix=build-fuzz/ >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$t: $runs inputs in ${seconds}s, no failure"
  else
    echo "fuzz_$t: FAILED; see $log"
    grep -E -A3 "ERROR|fuzz:|SUMMARY" "$log" | head -40
    status=1
  fi
done
exit $status
