#!/bin/sh
# ci-bench.sh -- the benchmark in smoke mode: a small book and the seed article, one run of
# sheaf, pandoc and the cmark + zip floor each, EPUBCheck on every EPUB. It checks that the
# benchmark works and that sheaf's EPUBs stay clean and reproducible; it times nothing that
# could fail CI (bench/RESULTS.md holds the real figures).
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
exec python3 bench/run.py --smoke build/src/cli/sheaf
