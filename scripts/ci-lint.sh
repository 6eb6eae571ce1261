#!/bin/sh
# ci-lint.sh -- style applied by tools: clang-format (no diff allowed) and clang-tidy with
# warnings as errors (clang-analyzer, bugprone, braces, and the function size and complexity caps
# of STYLE.md). Needs build/compile_commands.json (scripts/test.sh makes it).
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h')
clang-format --dry-run -Werror $files
echo "clang-format: $(echo $files | wc -w) files formatted"
[ -f build/compile_commands.json ] || { echo "ci-lint: run cmake for build/ first" >&2; exit 1; }
# shellcheck disable=SC2046
clang-tidy -p build --quiet $(git ls-files 'src/*.c') 2>/dev/null | grep -E "(warning|error):" && exit 1
echo "clang-tidy: no findings"
