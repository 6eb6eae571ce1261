#!/usr/bin/env python3
# run.py -- times sheaf against pandoc and the cmark + zip "floor" on the same books
# SPDX-License-Identifier: MIT
"""Benchmark sheaf against pandoc and against the floor (cmark + zip), on the seed article and
on synthetic books from gen-book.py, and check every timed EPUB with EPUBCheck.

    bench/run.py --smoke SHEAF      CI: a 3-chapter book and the seed article, one run each,
                                    well under a minute; exit status 1 if anything fails
    bench/run.py SHEAF              the full run: the seed article and the 1, 10 and 50 MB books
    bench/run.py --sizes 1,10 --reps 5,3 --pandoc-max-mb 10 SHEAF
    bench/run.py --help             every option

SHEAF is the sheaf binary to time (for example build/src/cli/sheaf). Needs python3, pandoc,
cmark, zip, GNU time, epubcheck and a Java runtime (Debian packages: python3 pandoc cmark zip
time epubcheck default-jre-headless).

What is timed, on the same inputs, alternating the tools run by run (sheaf, pandoc, floor,
sheaf, pandoc, floor, ...):
  sheaf   sheaf build BOOKDIR -q -o OUT.epub
  pandoc  pandoc -f commonmark -t epub3 --metadata title=... --metadata lang=...
          --resource-path=BOOKDIR -o OUT.epub CHAPTER.md...   (run in BOOKDIR)
  floor   cmark --smart CHAPTER.md... >/dev/null, then zip -6 of cmark's HTML of every chapter
          (made beforehand, untimed): the parse and the compression no converter can avoid
Wall time is taken with time.perf_counter() around starting and waiting for the command, CPU
time (user + sys, to the microsecond) and peak RSS from the rusage os.wait4() returns for it,
as GNU time reads them (GNU time itself prints times to 10 ms only, too coarse for a 5 ms
build, and would add its own process to every figure). The peak RSS comes from one more run of
each tool under GNU time (%M), before the timed ones: a process forked from Python starts with
Python's memory in its own peak. Starting a process from Python is in
every figure, the same for every tool: the report gives it, measured on `true` (about 0.7 ms
here, which matters for the seed article only). The medians are reported, with "others": the share of the machine's
CPUs other processes used during the runs (from /proc/stat), which tells a clean measurement
from one disturbed by other work; --quiet-wait makes each run wait for a quiet machine. SOURCE_DATE_EPOCH is set for every run, so
every sheaf run must give the same bytes; the last EPUB of each tool is checked by EPUBCheck:
sheaf's must have no fatal error, error or warning, pandoc's counts are only reported.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SEED_BOOK = os.path.join(REPO, "book")
GEN_BOOK = os.path.join(HERE, "gen-book.py")
EPUBCHECK_JAR = os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar")
EPOCH = "1700000000"
CHAPTERS_PER_MB = 20  # gen-book.py writes chapters of about 50 KB
DEFAULT_REPS = {1: 5, 10: 3, 50: 3}
TOOLS = ("sheaf", "pandoc", "floor")
QUIET = 0.10  # --quiet-wait: other processes must use under 10% of the CPUs

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def say(msg=""):
    print(msg, flush=True)


# ---- running and measuring -------------------------------------------------------------

class Run:
    def __init__(self, wall, cpu, rss_kib, rc, stderr, gnu, others):
        self.wall, self.cpu, self.rss_kib, self.rc, self.stderr, self.gnu, self.others = (
            wall, cpu, rss_kib, rc, stderr, gnu, others)


def busy_ticks():
    """The machine's busy and total CPU time so far, in clock ticks (from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def others_share(before, after, own_cpu):
    """The share of the machine's CPUs that other processes used between two busy_ticks()."""
    hz = os.sysconf("SC_CLK_TCK")
    busy = (after[0] - before[0]) / hz - own_cpu
    total = (after[1] - before[1]) / hz
    return max(0.0, busy / total) if total > 0 else 0.0


def wait_quiet(limit, max_wait):
    """Waits (up to max_wait seconds) until other processes use under `limit` of the CPUs,
    sampled over half a second. Returns the last share seen."""
    deadline = time.monotonic() + max_wait
    while True:
        before = busy_ticks()
        time.sleep(0.5)
        share = others_share(before, busy_ticks(), 0.0)
        if share < limit or time.monotonic() >= deadline:
            return share


def measure(cmd, cwd, workdir, extra_env, rss_run=False):
    """Runs cmd; returns its wall and CPU seconds, peak RSS, status, stderr. Times come from
    starting and waiting for cmd itself: time.perf_counter() for the wall time, the rusage
    os.wait4() returns for CPU time (user + sys, to the microsecond). A process forked from
    Python starts with Python's memory counted in its peak RSS, so the peak RSS is measured
    apart, in an `rss_run` under GNU time (whose own small fork runs the command)."""
    errfile = os.path.join(workdir, "stderr.out")
    timefile = os.path.join(workdir, "time.out")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C.UTF-8", **extra_env)
    if rss_run:
        cmd = [GNU_TIME, "-o", timefile, "-f", "%M"] + cmd
    with open(errfile, "wb") as err:
        ticks = busy_ticks()
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=err, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        cpu = usage.ru_utime + usage.ru_stime
        others = others_share(ticks, busy_ticks(), cpu)
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    with open(errfile, encoding="utf-8", errors="replace") as f:
        stderr = f.read()
    rss = None
    if rss_run:
        try:
            with open(timefile, encoding="utf-8") as f:
                rss = int(f.read().strip().splitlines()[-1])  # after "Command exited..." if any
        except (OSError, ValueError, IndexError):
            pass
    return Run(wall, cpu, rss, p.returncode, stderr, None, others)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def epubcheck(path, workdir):
    """Runs EPUBCheck; returns ({severity: count}, [first messages]) or (None, [why])."""
    report = os.path.join(workdir, "epubcheck.json")
    if os.path.exists(report):
        os.unlink(report)
    p = subprocess.run(["java", "-jar", EPUBCHECK_JAR, path, "--json", report],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with open(report, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        return None, ["no JSON report (%s); EPUBCheck said: %s" % (e, p.stdout.decode()[-500:])]
    counts = {"FATAL": 0, "ERROR": 0, "WARNING": 0, "USAGE": 0, "INFO": 0}
    msgs = []
    for m in data.get("messages", []):
        counts[m["severity"]] = counts.get(m["severity"], 0) + 1
        loc = (m.get("locations") or [{}])[0]
        msgs.append("%s %s %s:%s: %s" % (m["severity"], m["ID"], loc.get("path"), loc.get("line"),
                                         m["message"]))
    return counts, msgs


# ---- one book ----------------------------------------------------------------------------

class Book:
    """A book directory and what each tool needs to build it."""

    def __init__(self, name, bookdir, title, lang, chapters, pandoc_meta):
        self.name = name
        self.dir = bookdir
        self.title = title
        self.lang = lang
        self.chapters = chapters  # relative to bookdir
        self.pandoc_meta = pandoc_meta  # extra pandoc arguments for metadata
        self.bytes = sum(os.path.getsize(os.path.join(bookdir, c)) for c in chapters)


def read_book_yaml(bookdir):
    """The title, lang and chapters of a flat book.yaml (the seed book and gen-book.py's)."""
    title, lang, chapters, in_chapters = "", "en", [], False
    with open(os.path.join(bookdir, "book.yaml"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") or not line.strip():
                continue
            if in_chapters and line.startswith("  - "):
                chapters.append(line[4:].strip())
                continue
            in_chapters = False
            key, _, value = line.partition(":")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            if key == "title":
                title = value
            elif key == "lang":
                lang = value
            elif key == "chapters":
                in_chapters = True
    return title, lang, chapters


def generated_book(workdir, name, chapters):
    bookdir = os.path.join(workdir, name)
    if os.path.exists(bookdir):
        shutil.rmtree(bookdir)
    subprocess.run([sys.executable, GEN_BOOK, bookdir, "--chapters", str(chapters)], check=True)
    title, lang, files = read_book_yaml(bookdir)
    return Book(name, bookdir, title, lang, files,
                ["--metadata", "title=" + title, "--metadata", "lang=" + lang,
                 "--metadata", "author=Sheaf Benchmark"])


def seed_book():
    title, lang, files = read_book_yaml(SEED_BOOK)
    # pandoc reads the same metadata (title, description, lang) from book.yaml itself
    return Book("seed article", SEED_BOOK, title, lang, files,
                ["--metadata-file", os.path.join(SEED_BOOK, "book.yaml")])


def prepare_floor(book, out):
    """cmark's HTML of every chapter, untimed: the input of the floor's zip step."""
    html = os.path.join(out, "floor-html")
    os.makedirs(html)
    for c in book.chapters:
        name = os.path.splitext(os.path.basename(c))[0] + ".html"
        with open(os.path.join(html, name), "wb") as f:
            subprocess.run(["cmark", "--smart", os.path.join(book.dir, c)], stdout=f, check=True)
    return html


def commands(book, sheaf, out, html):
    """Each tool's (command, working directory, output file, extra environment)."""
    sheaf_epub = os.path.join(out, "sheaf.epub")
    pandoc_epub = os.path.join(out, "pandoc.epub")
    floor_zip = os.path.join(out, "floor.zip")
    return {
        "sheaf": ([sheaf, "build", book.dir, "-q", "-o", sheaf_epub], book.dir, sheaf_epub, {}),
        "pandoc": (["pandoc", "-f", "commonmark", "-t", "epub3"] + book.pandoc_meta
                   + ["--resource-path=" + book.dir, "-o", pandoc_epub] + book.chapters,
                   book.dir, pandoc_epub, {}),
        "floor": (["sh", "-c", 'cmark --smart "$@" >/dev/null && cd "$FLOOR_HTML" && '
                   'exec zip -q -6 -X "$FLOOR_ZIP" -- *.html', "floor"] + book.chapters,
                  book.dir, floor_zip, {"FLOOR_HTML": html, "FLOOR_ZIP": floor_zip}),
    }


def bench_book(book, sheaf, reps, with_pandoc, workdir, quiet_wait):
    """Times the tools on book, alternating them, then checks their EPUBs. Returns a dict."""
    out = os.path.join(workdir, "out-" + book.name.replace(" ", "-"))
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    tools = [t for t in TOOLS if with_pandoc or t != "pandoc"]
    html = prepare_floor(book, out)
    cmds = commands(book, sheaf, out, html)
    say("\n== %s: %d chapters, %.2f MB of Markdown, %d run(s) of %s"
        % (book.name, len(book.chapters), book.bytes / 1e6, reps, ", ".join(tools)))
    if not with_pandoc:
        say("   pandoc skipped for this size (see --pandoc-max-mb)")
    runs = {t: [] for t in tools}
    digests = set()
    peak = {}
    for t in tools:  # one run each under GNU time, for the peak RSS only
        cmd, cwd, target, extra_env = cmds[t]
        if os.path.exists(target):
            os.unlink(target)
        r = measure(cmd, cwd, workdir, extra_env, rss_run=True)
        if r.rc != 0 or r.rss_kib is None:
            fail("%s on %s: exit status %d under GNU time: %s"
                 % (t, book.name, r.rc, r.stderr.strip()[-2000:]))
        peak[t] = r.rss_kib or 0
        say("   rss  %-6s peak RSS %7.1f MiB (under GNU time, untimed)" % (t, peak[t] / 1024))
    for i in range(reps):
        for t in tools:
            cmd, cwd, target, extra_env = cmds[t]
            if os.path.exists(target):
                os.unlink(target)
            if quiet_wait:
                wait_quiet(QUIET, quiet_wait)
            r = measure(cmd, cwd, workdir, extra_env)
            r.rss_kib = peak[t]
            ok = r.rc == 0 and os.path.exists(target)
            say("   run %d %-6s wall %8.3f s  cpu %8.3f s  others %3.0f%%%s"
                % (i + 1, t, r.wall, r.cpu, 100 * r.others, "" if ok else "  FAILED"))
            if not ok:
                fail("%s on %s: exit status %d: %s" % (t, book.name, r.rc, r.stderr.strip()[-2000:]))
                continue
            if t == "sheaf":
                if r.stderr.strip():
                    fail("sheaf on %s printed messages: %s" % (book.name, r.stderr.strip()[:2000]))
                digests.add(sha256(target))
            runs[t].append(r)
    if len(digests) > 1:
        fail("sheaf on %s: runs with the same SOURCE_DATE_EPOCH gave different bytes" % book.name)

    result = {"book": book.name, "chapters": len(book.chapters), "bytes": book.bytes,
              "reps": reps, "tools": {}}
    for t in tools:
        rs = runs[t]
        if not rs:
            continue
        entry = summarize([[r.wall, r.cpu, r.rss_kib, r.others] for r in rs])
        if t == "pandoc":
            entry["stderr_lines"] = len([x for x in rs[-1].stderr.splitlines() if x.strip()])
        target = cmds[t][2]
        if t != "floor" and not os.path.exists(target):
            fail("%s on %s: the last run wrote no EPUB to check" % (t, book.name))
        elif t != "floor":
            entry["epub_bytes"] = os.path.getsize(target)
            counts, msgs = epubcheck(target, workdir)
            entry["epubcheck"] = counts
            if counts is None:
                fail("EPUBCheck on %s's %s: %s" % (t, book.name, msgs[0]))
            else:
                say("   EPUBCheck %-6s fatal %d, error %d, warning %d, usage %d, info %d"
                    % (t, counts["FATAL"], counts["ERROR"], counts["WARNING"], counts["USAGE"],
                       counts["INFO"]))
                bad = counts["FATAL"] + counts["ERROR"] + counts["WARNING"]
                if t == "sheaf" and bad:
                    fail("EPUBCheck on sheaf's %s: %d messages:\n  %s"
                         % (book.name, bad, "\n  ".join(msgs[:20])))
                elif msgs:
                    for m in msgs[:3]:
                        say("      " + m[:200])
                    if len(msgs) > 3:
                        say("      ... and %d more" % (len(msgs) - 3))
        result["tools"][t] = entry
    return result


# ---- report ------------------------------------------------------------------------------

def summarize(runs):
    """A tool's figures from its runs ([wall, cpu, rss_kib, others] each): the medians over the
    clean runs (other processes used under QUIET of the CPUs) when there are any, else over all
    of them; the peak RSS of all runs."""
    clean = [r for r in runs if r[3] < QUIET] or runs
    return {"wall": statistics.median(r[0] for r in clean),
            "cpu": statistics.median(r[1] for r in clean),
            "rss_kib": max(r[2] for r in runs),
            "others": statistics.median(r[3] for r in clean),
            "clean": sum(1 for r in runs if r[3] < QUIET),
            "runs": runs}


def ratio(a, b):
    return a / b if a and b else float("nan")


def fmt_ratio(r):
    return ("%.1fx" if r >= 10 else "%.2fx") % r


def report(results, env, live=True):
    say("\n## Results\n")
    if live:
        env["load average at end"] = loadavg()
    for k, v in env.items():
        say("- %s: %s" % (k, v))
    say("\nruns: clean/all, a run being clean when other processes used under %d%% of the "
        "machine's CPUs meanwhile. Wall and CPU: medians over the clean runs (over all runs when "
        "none was clean); others: the median share of the CPUs other processes used during "
        "those runs. Peak RSS: from one more run under GNU time.\n" % (100 * QUIET))
    say("| book | chapters | MB | runs | tool | wall s | CPU s | peak RSS MiB | EPUB KiB "
        "| EPUBCheck F/E/W | others |")
    say("|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|")
    for r in results:
        for t in TOOLS:
            e = r["tools"].get(t)
            if e is None:
                if t == "pandoc":
                    say("| %s | %d | %.2f | - | pandoc | skipped | | | | | |"
                        % (r["book"], r["chapters"], r["bytes"] / 1e6))
                continue
            c = e.get("epubcheck")
            check = "%d/%d/%d" % (c["FATAL"], c["ERROR"], c["WARNING"]) if c else "-"
            size = "%.0f" % (e["epub_bytes"] / 1024) if "epub_bytes" in e else "-"
            say("| %s | %d | %.2f | %d/%d | %s | %.3f | %.3f | %.1f | %s | %s | %.0f%% |"
                % (r["book"], r["chapters"], r["bytes"] / 1e6, e["clean"], len(e["runs"]), t,
                   e["wall"],
                   e["cpu"], e["rss_kib"] / 1024, size, check, 100 * e["others"]))
    say("\n| book | pandoc/sheaf wall | pandoc/sheaf CPU | sheaf/floor wall | sheaf/floor CPU |")
    say("|---|---:|---:|---:|---:|")
    for r in results:
        s, p, f = (r["tools"].get(t) for t in TOOLS)
        cells = []
        for a, b in ((p, s), (s, f)):
            for k in ("wall", "cpu"):
                cells.append(fmt_ratio(ratio(a[k], b[k])) if a and b else "-")
        say("| %s | %s |" % (r["book"], " | ".join(cells)))


def targets(results):
    """The issue's targets, met or not, judged on wall time with CPU time beside it
    (informational: they do not change the exit status)."""
    by = {r["book"]: r["tools"] for r in results}

    def get(book, tool, key):
        return by.get(book, {}).get(tool, {}).get(key)

    def quotient(key, book_a, tool_a, book_b, tool_b):
        a, b = get(book_a, tool_a, key), get(book_b, tool_b, key)
        return a / b if a and b else None

    def verdict(label, key_fn, ok, unit):
        wall, cpu = key_fn("wall"), key_fn("cpu")
        if wall is None:
            return "- %s: not measured" % label
        line = "- %s: %s wall, %s CPU -- %s" % (label, unit % wall, unit % cpu,
                                                 "met" if ok(wall) else "NOT met")
        if ok(cpu) != ok(wall):
            line += " (on CPU time: %s)" % ("met" if ok(cpu) else "not met")
        return line

    lines = [
        verdict("1 MB: >= 30x faster than pandoc",
                lambda k: quotient(k, "1 MB", "pandoc", "1 MB", "sheaf"), lambda v: v >= 30, "%.1fx"),
        verdict("10 MB: <= 1.5x the floor",
                lambda k: quotient(k, "10 MB", "sheaf", "10 MB", "floor"), lambda v: v <= 1.5,
                "%.2fx"),
        verdict("10 MB: >= 20x faster than pandoc",
                lambda k: quotient(k, "10 MB", "pandoc", "10 MB", "sheaf"), lambda v: v >= 20,
                "%.1fx"),
        verdict("50 MB: time <= 5.5x the 10 MB time",
                lambda k: quotient(k, "50 MB", "sheaf", "10 MB", "sheaf"), lambda v: v <= 5.5,
                "%.2fx"),
        verdict("seed article: >= 10x faster than pandoc",
                lambda k: quotient(k, "seed article", "pandoc", "seed article", "sheaf"),
                lambda v: v >= 10, "%.1fx"),
    ]
    rss = get("50 MB", "sheaf", "rss_kib")
    lines.insert(3, "- 50 MB: peak RSS < 64 MiB: not measured" if rss is None else
                 "- 50 MB: peak RSS < 64 MiB: %.1f MiB -- %s"
                 % (rss / 1024, "met" if rss < 64 * 1024 else "NOT met"))
    say("\n## Targets\n")
    for line in lines:
        say(line)


def first_line(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        lines = p.stdout.decode(errors="replace").strip().splitlines()
        return lines[0] if lines else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def overhead(workdir):
    """What measuring costs: the medians for `true`, started and waited for as every tool is."""
    runs = [measure(["true"], workdir, workdir, {}) for _ in range(21)]
    return "starting and waiting for `true`: %.2f ms wall, %.2f ms CPU (in every figure)" % (
        1000 * statistics.median(r.wall for r in runs), 1000 * statistics.median(r.cpu for r in runs))


def zip_version():
    p = subprocess.run(["zip", "-v"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = p.stdout.decode(errors="replace").splitlines()
    return lines[1].strip() if len(lines) > 1 else "?"  # line 1 is a rule of dashes


def environment(sheaf):
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.strip()
    if commit and dirty:
        commit += " (with uncommitted changes)"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": "%s cores (nproc), %s, %s RAM, %s" % (os.cpu_count(), cpu, mem, platform.platform()),
        "repository HEAD": (commit or "?") + "; SHEAF should be built from it",
        "sheaf": "%s (%s)" % (first_line([sheaf, "--version"]), sheaf),
        "pandoc": first_line(["pandoc", "--version"]),
        "cmark": first_line(["cmark", "--version"]),
        "zip": zip_version(),
        "EPUBCheck": first_line(["java", "-jar", EPUBCHECK_JAR, "--version"]),
        "load average at start": loadavg(),
    }


def loadavg():
    with open("/proc/loadavg", encoding="utf-8") as f:
        return " ".join(f.read().split()[:3])


# ---- main -------------------------------------------------------------------------------

def int_list(s):
    return [int(x) for x in s.split(",") if x.strip()]


def main(argv):
    ap = argparse.ArgumentParser(description="Time sheaf against pandoc and the cmark + zip floor.",
                                 epilog="CI: bench/run.py --smoke path/to/sheaf")
    ap.add_argument("sheaf", nargs="?", help="the sheaf binary to time")
    ap.add_argument("--smoke", action="store_true",
                    help="a 3-chapter book and the seed article, one run each (CI)")
    ap.add_argument("--sizes", type=int_list, default=[1, 10, 50],
                    help="book sizes in MB, comma-separated (default 1,10,50; 20 chapters a MB)")
    ap.add_argument("--reps", type=int_list, default=None,
                    help="runs of each tool per size, comma-separated in --sizes order, or one "
                         "number for all (default 5 for 1 MB, 3 for 10 and 50 MB)")
    ap.add_argument("--seed-reps", type=int, default=20,
                    help="runs of each tool on the seed article (default 20; 0 skips it)")
    ap.add_argument("--pandoc-max-mb", type=int, default=10,
                    help="skip pandoc on books larger than this many MB (default 10: on the "
                         "50 MB book pandoc 2.17 takes minutes and over 5 GiB)")
    ap.add_argument("--workdir", help="where books and outputs go (default: a new temporary "
                                      "directory, removed at the end unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--quiet-wait", type=float, default=0, metavar="SECONDS",
                    help="before each run, wait up to SECONDS until other processes use under "
                         "10%% of the CPUs (for shared machines; default 0: do not wait)")
    ap.add_argument("--json", help="also write the raw results to this file")
    ap.add_argument("--report", metavar="JSON",
                    help="print the report of a --json file again (runs nothing)")
    args = ap.parse_args(argv)

    if args.report:
        with open(args.report, encoding="utf-8") as f:
            saved = json.load(f)
        results = saved["results"]
        for r in results:
            for t, e in r["tools"].items():
                e.update(summarize(e["runs"]))
        report(results, saved["environment"], live=False)
        targets(results)
        return 0
    if not args.sheaf:
        ap.error("the sheaf binary is needed (or --report JSON)")
    sheaf = os.path.abspath(args.sheaf)
    if not os.access(sheaf, os.X_OK):
        ap.error("not an executable: %s" % args.sheaf)
    missing = [t for t in ("pandoc", "cmark", "zip", "java") if not shutil.which(t)]
    missing += [p for p in (GNU_TIME, EPUBCHECK_JAR) if not os.path.exists(p)]
    if missing:
        say("run.py: missing %s (Debian packages: pandoc cmark zip time epubcheck "
            "default-jre-headless)" % ", ".join(missing))
        return 1

    workdir = os.path.abspath(args.workdir) if args.workdir else tempfile.mkdtemp(
        prefix="sheaf-bench-")
    os.makedirs(workdir, exist_ok=True)
    say("run.py: working in %s" % workdir)
    env = environment(sheaf)
    env["harness overhead"] = overhead(workdir)
    results = []
    try:
        if args.smoke:
            plan = [("smoke", 3, 1, True)]
            seed_reps = 1
        else:
            reps = args.reps or [DEFAULT_REPS.get(s, 3) for s in args.sizes]
            if len(reps) == 1:
                reps = reps * len(args.sizes)
            if len(reps) != len(args.sizes):
                ap.error("--reps needs one number, or one per size")
            plan = [("%d MB" % s, s * CHAPTERS_PER_MB, n, s <= args.pandoc_max_mb)
                    for s, n in zip(args.sizes, reps)]
            seed_reps = args.seed_reps
        if seed_reps > 0:
            results.append(bench_book(seed_book(), sheaf, seed_reps, True, workdir,
                                      args.quiet_wait))
        for name, chapters, n, with_pandoc in plan:
            book = generated_book(workdir, name.replace(" ", ""), chapters)
            book.name = name
            results.append(bench_book(book, sheaf, n, with_pandoc, workdir, args.quiet_wait))
    finally:
        if results:
            report(results, env)
            if not args.smoke:
                targets(results)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"environment": env, "results": results, "failures": failures}, f,
                          indent=1)
        if not args.workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        say("\n%d failure(s):" % len(failures))
        for f in failures:
            say("- " + f.splitlines()[0])
        return 1
    say("\nrun.py: all runs succeeded%s" % (" (smoke)" if args.smoke else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
