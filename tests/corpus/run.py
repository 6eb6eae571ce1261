#!/usr/bin/env python3
# run.py -- builds every Markdown file of the corpus with sheaf, then EPUBCheck's every EPUB
# SPDX-License-Identifier: MIT
#
#   python3 tests/corpus/run.py path/to/sheaf [--out DIR] [--jobs N] [--pandoc] [--no-all]
#
# For each tests/corpus/**/*.md (sorted) it runs `sheaf build FILE -o OUT.epub`, records the
# exit code and standard error, and fails on a crash: an exit code other than 0 or 1, or any
# sanitizer report ("AddressSanitizer", "LeakSanitizer", "runtime error") in standard error.
# A file not listed in EXPECTED_FAILURES must build (exit 0) and give an EPUB; a listed one
# must exit with exactly the code given there and leave no EPUB (nor any other file) behind.
# Every EPUB is checked with EPUBCheck (two at a time); any FATAL, ERROR or WARNING fails the
# run. Then one book is built from every file that built on its own, all together, and
# checked the same way. With --pandoc, each file is also turned into an EPUB by pandoc
# (`pandoc -f commonmark -t epub3`) and checked, for comparison only: pandoc's results never
# change the exit status.
#
# Every corpus file starts with a header comment saying what it covers, except the two that
# must be empty to test what they test: 26-empty-file.md (no bytes) and 28-only-whitespace.md.
# Every file must build with zero EPUBCheck messages; a failure names the file and the message.
#
# Exit status: 0 when everything passed, 1 when anything failed, 2 on a usage error.
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EPUBCHECK_JAR = os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar")
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "MemorySanitizer",
                   "ThreadSanitizer", "UndefinedBehaviorSanitizer")
BAD_SEVERITIES = ("FATAL", "ERROR", "WARNING")

# Files that must not build: path relative to this directory -> the exact exit code expected.
EXPECTED_FAILURES = {
    "errors/missing-local-image.md": 1,      # a local image that does not exist
    "errors/image-not-an-image.md": 1,       # a local "image" whose bytes are text
    "errors/image-outside-root.md": 1,       # an image path leading out of the book with ..
    "errors/empty-image-src.md": 1,          # <img src=""> and ![x](): a local image named ''
    "errors/invalid-utf8.md": 1,             # a byte sequence that is not UTF-8
    "errors/nul-byte.md": 1,                 # a NUL byte in the text
    "errors/bad-front-matter.md": 1,         # YAML that does not parse
    "errors/bad-metadata-values.md": 1,      # a language tag and a date that are not valid
}


def corpus_files():
    out = []
    for root, dirs, files in os.walk(HERE):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md") and name not in ("KNOWN-BUGS.md",):
                out.append(os.path.relpath(os.path.join(root, name), HERE))
    return sorted(out)


def epub_name(rel):
    return rel.replace(os.sep, "__").replace("/", "__")[:-3] + ".epub"


def crashed(rc, stderr):
    if rc not in (0, 1):
        return "exit code %d" % rc
    for mark in SANITIZER_MARKS:
        if mark in stderr:
            return "sanitizer report (%s)" % mark
    return None


def sheaf_warnings(stderr):
    return [l for l in stderr.splitlines() if ": warning: " in l]


def run_sheaf(sheaf, inputs, out, timeout=600):
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    t0 = time.time()
    try:
        p = subprocess.run([sheaf, "build"] + inputs + ["-o", out, "-q"], capture_output=True,
                           env=env, cwd=HERE, timeout=timeout)
        rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        rc, err = -999, "timed out after %ds\n" % timeout + (e.stderr or b"").decode("utf-8",
                                                                                  "replace")
    return rc, err, time.time() - t0


def epubcheck(path):
    """EPUBCheck's messages for one EPUB: a list of (severity, id, location, message)."""
    fd, report = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        p = subprocess.run(["java", "-jar", EPUBCHECK_JAR, path, "--json", report],
                           capture_output=True, timeout=1200)
        try:
            with open(report, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return [("FATAL", "NO-REPORT", path, "EPUBCheck wrote no report (exit %d): %s" % (
                p.returncode, p.stderr.decode("utf-8", "replace")[-2000:]))]
    finally:
        os.unlink(report)
    msgs = []
    for m in data.get("messages", []):
        locs = m.get("locations") or [{}]
        where = ["%s:%s:%s" % (l.get("path"), l.get("line"), l.get("column")) for l in locs[:3]]
        if len(locs) > 3:
            where.append("(+%d more)" % (len(locs) - 3))
        msgs.append((m.get("severity"), m.get("ID"), " ".join(where), m.get("message")))
    return msgs


def count(msgs):
    c = {}
    for sev, _id, _where, _msg in msgs:
        c[sev] = c.get(sev, 0) + 1
    return c


def fmt_counts(c):
    return " ".join("%s=%d" % (s, c.get(s, 0)) for s in ("FATAL", "ERROR", "WARNING")) + (
        " (INFO/USAGE=%d)" % (c.get("INFO", 0) + c.get("USAGE", 0)))


def main():
    ap = argparse.ArgumentParser(description="Build the corpus with sheaf and EPUBCheck it.")
    ap.add_argument("sheaf", help="the sheaf binary")
    ap.add_argument("--out", help="where to keep the EPUBs (default: a temporary directory)")
    ap.add_argument("--jobs", type=int, default=2, help="EPUBCheck runs at a time (default 2)")
    ap.add_argument("--pandoc", action="store_true",
                    help="also measure pandoc -f commonmark -t epub3 on every file")
    ap.add_argument("--no-all", action="store_true", help="skip the all-files book")
    ap.add_argument("--only", nargs="*", help="only these corpus files (relative paths)")
    args = ap.parse_args()

    sheaf = os.path.abspath(args.sheaf)
    if not os.access(sheaf, os.X_OK):
        print("run.py: %s is not an executable" % sheaf, file=sys.stderr)
        return 2
    if not (shutil.which("java") and os.path.exists(EPUBCHECK_JAR)):
        print("run.py: EPUBCheck needs java and %s" % EPUBCHECK_JAR, file=sys.stderr)
        return 2
    out = os.path.abspath(args.out) if args.out else tempfile.mkdtemp(prefix="sheaf-corpus-")
    os.makedirs(out, exist_ok=True)
    files = args.only if args.only else corpus_files()
    for rel in EXPECTED_FAILURES:
        if not args.only and rel not in files:
            print("run.py: %s is listed as a deliberate error but does not exist" % rel,
                  file=sys.stderr)
            return 2

    problems = []   # (file, text)
    results = {}    # rel -> dict
    sheaf_dir = os.path.join(out, "sheaf")
    os.makedirs(sheaf_dir, exist_ok=True)

    # 1. sheaf on every file
    for rel in files:
        target = os.path.join(sheaf_dir, epub_name(rel))
        if os.path.exists(target):
            os.unlink(target)
        before = set(os.listdir(sheaf_dir))
        rc, err, secs = run_sheaf(sheaf, [rel], target)
        r = {"rc": rc, "stderr": err, "secs": secs, "warnings": sheaf_warnings(err),
             "epub": target if os.path.exists(target) else None}
        results[rel] = r
        crash = crashed(rc, err)
        expected = EXPECTED_FAILURES.get(rel)
        if crash:
            problems.append((rel, "sheaf CRASHED: %s\n%s" % (crash, tail(err))))
        elif expected is not None:
            if rc != expected:
                problems.append((rel, "deliberate error: expected exit %d, got %d\n%s" % (
                    expected, rc, tail(err))))
            if r["epub"]:
                problems.append((rel, "deliberate error: an EPUB was written anyway"))
            if "error:" not in err:
                problems.append((rel, "deliberate error: no error message on standard error"))
        elif rc != 0:
            problems.append((rel, "sheaf failed (exit %d)\n%s" % (rc, tail(err))))
        elif not r["epub"]:
            problems.append((rel, "sheaf exited 0 but wrote no EPUB"))
        left = set(os.listdir(sheaf_dir)) - before - {os.path.basename(target)}
        if left:
            problems.append((rel, "sheaf left files behind: %s" % ", ".join(sorted(left))))
        print("sheaf %-45s exit %d  %3d warning(s)  %.2fs%s" % (
            rel, rc, len(r["warnings"]), secs, "  CRASH" if crash else ""), flush=True)

    # 2. the all-files book, from every file that built on its own
    all_inputs = [rel for rel in files if rel not in EXPECTED_FAILURES and
                  results[rel]["rc"] == 0 and not crashed(results[rel]["rc"],
                                                          results[rel]["stderr"])]
    skipped = [rel for rel in files if rel not in EXPECTED_FAILURES and rel not in all_inputs]
    all_epub = None
    if not args.no_all and all_inputs:
        target = os.path.join(out, "all.epub")
        if os.path.exists(target):
            os.unlink(target)
        rc, err, secs = run_sheaf(sheaf, all_inputs, target)
        crash = crashed(rc, err)
        print("sheaf ALL (%d files) exit %d  %d warning(s)  %.2fs%s" % (
            len(all_inputs), rc, len(sheaf_warnings(err)), secs, "  CRASH" if crash else ""))
        if skipped:
            print("      (left out because they did not build alone: %s)" % ", ".join(skipped))
        if crash:
            problems.append(("ALL", "sheaf CRASHED on the all-files book: %s\n%s" % (
                crash, tail(err))))
        elif rc != 0 or not os.path.exists(target):
            problems.append(("ALL", "the all-files book failed (exit %d)\n%s" % (rc, tail(err))))
        else:
            all_epub = target

    # 3. EPUBCheck, two at a time
    jobs = [(rel, r["epub"]) for rel, r in results.items() if r["epub"]]
    if all_epub:
        jobs.append(("ALL", all_epub))
    checks = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = {ex.submit(epubcheck, path): rel for rel, path in jobs}
        for f in concurrent.futures.as_completed(futs):
            rel = futs[f]
            msgs = f.result()
            checks[rel] = msgs
            bad = [m for m in msgs if m[0] in BAD_SEVERITIES]
            print("epubcheck %-41s %s" % (rel, fmt_counts(count(msgs))), flush=True)
            for sev, mid, where, msg in bad:
                problems.append((rel, "EPUBCheck %s %s at %s: %s" % (sev, mid, where, msg)))

    # 4. pandoc, for comparison only
    pandoc_summary = None
    if args.pandoc:
        pandoc_summary = measure_pandoc(files, out, args.jobs)

    # 5. summary
    print()
    print("=" * 78)
    print("SUMMARY")
    print("  corpus files:          %d (%d deliberate errors)" % (
        len(files), len([f for f in files if f in EXPECTED_FAILURES])))
    print("  EPUBs written by sheaf: %d%s" % (
        len([r for r in results.values() if r["epub"]]), " + the all-files book" if all_epub
        else ""))
    crashes = [rel for rel, r in results.items() if crashed(r["rc"], r["stderr"])]
    print("  sheaf crashes:          %d%s" % (len(crashes),
                                              (" (" + ", ".join(crashes) + ")") if crashes
                                              else ""))
    total = {}
    with_bad = 0
    for rel, msgs in checks.items():
        c = count(msgs)
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
        if any(c.get(s) for s in BAD_SEVERITIES):
            with_bad += 1
    print("  EPUBCheck (sheaf):      %d EPUBs checked, %d with problems; %s" % (
        len(checks), with_bad, fmt_counts(total)))
    by_id = {}
    for msgs in checks.values():
        for sev, mid, _w, _m in msgs:
            if sev in BAD_SEVERITIES:
                by_id[mid] = by_id.get(mid, 0) + 1
    if by_id:
        print("                          by id: %s" % ", ".join(
            "%s=%d" % kv for kv in sorted(by_id.items())))
    print("  warnings sheaf printed, per file:")
    for rel in files:
        r = results[rel]
        print("    %4d  %s%s" % (len(r["warnings"]), rel,
                                 "  (exit %d)" % r["rc"] if r["rc"] else ""))
    if pandoc_summary:
        print("  pandoc:                 %s" % pandoc_summary)
    print("=" * 78)
    units = len(files) + (1 if not args.no_all and all_inputs else 0)  # the files, the book
    failed = len({p[0] for p in problems})
    if problems:
        print()
        print("FAILED: %d problem(s)" % len(problems))
        for rel, text in problems:
            print("- %s: %s" % (rel, text))
    print("corpus: %d passed, %d failed" % (units - failed, failed))
    return 1 if problems else 0


def tail(text, n=25):
    lines = text.strip().splitlines()
    if len(lines) > n:
        lines = lines[:n] + ["... (%d more lines)" % (len(lines) - n)]
    return "\n".join("    " + l for l in lines)


def measure_pandoc(files, out, jobs):
    if not shutil.which("pandoc"):
        return "not installed (apt-get install pandoc)"
    pdir = os.path.join(out, "pandoc")
    os.makedirs(pdir, exist_ok=True)
    made = []
    failed = []
    for rel in files:
        target = os.path.join(pdir, epub_name(rel))
        if os.path.exists(target):
            os.unlink(target)
        p = subprocess.run(["pandoc", "-f", "commonmark", "-t", "epub3", rel, "-o", target],
                           cwd=HERE, capture_output=True, timeout=600)
        if p.returncode == 0 and os.path.exists(target):
            made.append((rel, target))
        else:
            failed.append(rel)
        print("pandoc %-44s exit %d" % (rel, p.returncode), flush=True)
    bad_files = 0
    total = {}
    ids = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        futs = {ex.submit(epubcheck, path): rel for rel, path in made}
        for f in concurrent.futures.as_completed(futs):
            rel = futs[f]
            msgs = f.result()
            c = count(msgs)
            for k, v in c.items():
                total[k] = total.get(k, 0) + v
            for sev, mid, _w, _m in msgs:
                if sev in BAD_SEVERITIES:
                    ids[mid] = ids.get(mid, 0) + 1
            if any(c.get(s) for s in BAD_SEVERITIES):
                bad_files += 1
            print("epubcheck(pandoc) %-33s %s" % (rel, fmt_counts(c)), flush=True)
    return ("%d files, %d EPUBs, %d did not build (%s); %d EPUBs with EPUBCheck problems; %s;"
            " by id: %s" % (len(files), len(made), len(failed), ", ".join(failed) or "-",
                            bad_files, fmt_counts(total),
                            ", ".join("%s=%d" % kv for kv in sorted(ids.items()))))


if __name__ == "__main__":
    sys.exit(main())
