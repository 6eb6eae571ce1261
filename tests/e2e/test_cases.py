#!/usr/bin/env python3
# test_cases.py -- runs the command-line cases in cases.yaml: each case writes its files into a
# fresh directory, runs sheaf there, and checks the exit code, the messages, and what was (not)
# written. A case may pre-create the output to prove a failed build leaves it untouched.
# SPDX-License-Identifier: MIT
#
# Case fields: name, files {path: text or !!binary}, symlinks {link: target}, sparse {path:
# size}, generate {path: {prefix, repeat, times, suffix}}, hostile {path: kind in hostile.py}, args [...], env {...}, ulimit_fsize (blocks of 512 bytes), exit, stderr [lines; "re:"
# for a regex], stdout [lines], absent [paths that must not exist], existing {path: text}
# (written before, must be unchanged after), produces [paths that must exist], epubcheck [paths],
# inside {epub: {entry in the zip: [substrings it must hold; "!" first for must not]}},
# once [substrings standard error holds exactly once].
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import zipfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from epubtest import SHEAF, Failures, epubcheck, need_epubcheck  # noqa: E402
import hostile  # noqa: E402

T = Failures("e2e_cases")
HERE = os.path.dirname(os.path.abspath(__file__))


def write_files(root, case):
    for path, content in (case.get("files") or {}).items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(full, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(content)
    for link, target in (case.get("symlinks") or {}).items():
        full = os.path.join(root, link)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        os.symlink(target, full)
    for path, g in (case.get("generate") or {}).items():
        with open(os.path.join(root, path), "w", encoding="utf-8") as f:
            f.write(g.get("prefix", "") + g["repeat"] * g["times"] + g.get("suffix", ""))
    for path, kind in (case.get("hostile") or {}).items():
        hostile.make(kind, os.path.join(root, path))
    for path, size in (case.get("sparse") or {}).items():
        with open(os.path.join(root, path), "wb") as f:
            f.truncate(size)
    for path, content in (case.get("existing") or {}).items():
        with open(os.path.join(root, path), "w", encoding="utf-8") as f:
            f.write(content)


def matches(want, line):
    return re.fullmatch(want[3:], line) is not None if want.startswith("re:") else want == line


def check_lines(name, what, wanted, text):
    lines = text.splitlines()
    pos = 0
    for want in wanted or []:
        while pos < len(lines) and not matches(want, lines[pos]):
            pos += 1
        if not T.check(pos < len(lines), "%s: %s lacks %r; it was:\n%s" % (name, what, want, text)):
            return
        pos += 1


def run_case(case, needs_java):
    name = case["name"]
    root = tempfile.mkdtemp(prefix="sheaf-case-")
    try:
        write_files(root, case)
        env = dict(os.environ)
        env.update({k: str(v) for k, v in (case.get("env") or {}).items()})
        limit = case.get("ulimit_fsize")

        def preexec():
            if limit:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit * 512, limit * 512))
        r = subprocess.run([SHEAF] + [str(a) for a in case["args"]], cwd=root, env=env,
                           capture_output=True, timeout=300, preexec_fn=preexec)
        r.stdout = r.stdout.decode("utf-8", "replace")
        r.stderr = r.stderr.decode("utf-8", "replace")
        T.eq(r.returncode, case.get("exit", 0), "%s: exit code (stderr: %s)" % (name, r.stderr.strip()))
        check_lines(name, "stderr", case.get("stderr"), r.stderr)
        check_lines(name, "stdout", case.get("stdout"), r.stdout)
        for want in case.get("once") or []:
            T.eq(r.stderr.count(want), 1, "%s: %r in stderr exactly once" % (name, want))
        for path in case.get("absent") or []:
            T.check(not os.path.exists(os.path.join(root, path)), "%s: %s must not exist" % (name, path))
        for path, content in (case.get("existing") or {}).items():
            with open(os.path.join(root, path), encoding="utf-8") as f:
                T.eq(f.read(), content, "%s: %s left untouched" % (name, path))
        for path in case.get("produces") or []:
            T.check(os.path.exists(os.path.join(root, path)), "%s: %s must exist" % (name, path))
        leftovers = [f for f in os.listdir(root) if f.endswith(".tmp") or ".tmp." in f]
        T.eq(leftovers, [], "%s: no temporary files left" % name)
        check_inside(name, root, case.get("inside") or {})
        for path in case.get("epubcheck") or []:
            needs_java()
            counts, msgs = epubcheck(os.path.join(root, path))
            T.check(counts["FATAL"] + counts["ERROR"] + counts["WARNING"] == 0,
                    "%s: EPUBCheck on %s: %s" % (name, path, "\n".join(msgs)))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def check_inside(name, root, inside):
    for epub, entries in inside.items():
        path = os.path.join(root, epub)
        if not os.path.exists(path):
            T.check(False, "%s: %s must exist to look inside" % (name, epub))
            continue
        with zipfile.ZipFile(path) as z:
            for entry, wants in entries.items():
                text = z.read(entry).decode("utf-8")
                for want in wants:
                    if want.startswith("!"):
                        T.check(want[1:] not in text, "%s: %s holds %r" % (name, entry, want[1:]))
                    else:
                        T.check(want in text, "%s: %s lacks %r; it was:\n%s" % (name, entry, want, text))


def main():
    files = sys.argv[1:] or [os.path.join(HERE, "cases.yaml")]
    for path in files:
        with open(path, encoding="utf-8") as f:
            cases = yaml.safe_load(f)
        for case in cases:
            run_case(case, need_epubcheck)
    T.finish()


if __name__ == "__main__":
    main()
