#!/bin/sh
# deps.sh -- installs the Debian packages sheaf needs, only those missing. Run as root.
# SPDX-License-Identifier: MIT
#
#   scripts/deps.sh build   the compiler, CMake and the libraries sheaf links
#   scripts/deps.sh test    the above, plus EPUBCheck with a Java runtime, Python with lxml (libxml2)
#                           and PyYAML for the end-to-end tests, clang for the fuzzers (llvm for
#                           its symbolizer: sanitizer reports name their functions), valgrind,
#                           pandoc, cmark, zip and GNU time for the benchmark's smoke run
set -eu

BUILD="gcc libc6-dev make cmake pkg-config libcmark-dev libzip-dev libxml2-dev libyaml-dev
uuid-dev zlib1g-dev libdeflate-dev libwebp-dev libpng-dev libjansson-dev libicu-dev"
TEST="epubcheck default-jre-headless python3 python3-lxml python3-yaml clang
libclang-rt-14-dev llvm valgrind clang-format clang-tidy chromium fonts-dejavu-core
pandoc cmark zip time"

case "${1:-build}" in
  build) want=$BUILD ;;
  test) want="$BUILD $TEST" ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

# the reader test needs node and npm; a node that ships its own npm (NodeSource) conflicts
# with Debian's npm package, so these two are wanted only when there is no npm at all
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1; then
  want="$want nodejs npm"
fi

missing=""
for p in $want; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: these Debian packages are missing:$missing" >&2
  echo "deps.sh: run as root (or: sudo apt-get install$missing)" >&2
  exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
