#!/bin/sh
# build-book.sh -- from a fresh Debian 12: install what is missing, build sheaf, build book/.
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
build/src/cli/sheaf build book -o book.epub
echo "The book is $(pwd)/book.epub; the tool is $(pwd)/build/src/cli/sheaf"
