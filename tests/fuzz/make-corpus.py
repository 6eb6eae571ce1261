#!/usr/bin/env python3
# make-corpus.py -- seeds the fuzz corpora from the tests: spec examples and test books for the
# Markdown targets, YAML from the books and cases for the metadata target, broken and hostile
# EPUBs (tests/e2e/hostile.py) plus real sheaf output for the check target.
# SPDX-License-Identifier: MIT
#
#   tests/fuzz/make-corpus.py [SHEAF_BINARY]    (re-run when the tests change; commit the result)
import glob
import hashlib
import os
import re
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import hostile  # noqa: E402

FENCE = "`" * 32


def save(target, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def spec_examples():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "spec", "*.txt"))):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(FENCE + r" example[^\n]*\n(.*?)\n\.\n", text, re.S):
            yield (m.group(1) + "\n").replace("\u2192", "\t")


def books():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "e2e", "books", "**", "*.md"), recursive=True)):
        yield open(path, encoding="utf-8").read()
    yield open(os.path.join(ROOT, "book", "article.md"), encoding="utf-8").read()


def main():
    option_bytes = [0x00, 0x01, 0x12, 0x24, 0x36, 0x40, 0x52, 0x70]
    for i, md in enumerate(list(spec_examples()) + list(books())):
        lead = bytes([option_bytes[i % len(option_bytes)]])
        save("chapter", lead + md.encode("utf-8"))
        if len(md) < 4000:
            save("build", lead + md.encode("utf-8"))
    for path in sorted(glob.glob(os.path.join(ROOT, "**", "book.yaml"), recursive=True)):
        if "/corpus/" not in path and "/build" not in path:
            save("meta", open(path, "rb").read())
    cases = yaml.safe_load(open(os.path.join(ROOT, "tests", "e2e", "cases.yaml"), encoding="utf-8"))
    for case in cases:
        for name, content in (case.get("files") or {}).items():
            if isinstance(content, str) and content.startswith("---\n"):
                save("meta", content.split("---\n")[1])
    save("meta", "a: &a [*a, *a]\nb: &b [*a, *a, *a]\ntitle: *b\n")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in hostile.KINDS:
            if kind in ("zip-bomb", "huge-text"):
                continue  # large; the e2e cases cover them
            p = os.path.join(tmp, kind + ".epub")
            hostile.make(kind, p)
            save("check", open(p, "rb").read())
        if len(sys.argv) > 1:
            for src in ("book", "tests/e2e/books/split/long.md"):
                p = os.path.join(tmp, "real.epub")
                subprocess.run([sys.argv[1], "build", os.path.join(ROOT, src), "-o", p], check=True,
                               env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"), capture_output=True)
                save("check", open(p, "rb").read())
    for t in ("chapter", "build", "meta", "check"):
        print(t, len(os.listdir(os.path.join(HERE, "corpus", t))))


main()
