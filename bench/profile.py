#!/usr/bin/env python3
# profile.py -- where sheaf's time goes: perf samples of a build, grouped by stage
# SPDX-License-Identifier: MIT
"""Profile sheaf building a synthetic book with perf, and group the samples by stage.

    bench/profile.py SHEAF                   the 10 MB book (200 chapters), 3 builds
    bench/profile.py --chapters 20 --runs 10 SHEAF
    bench/profile.py --book DIR SHEAF        any book directory (or Markdown file)

Needs perf (Debian package linux-perf) and permission to use it (root, or
kernel.perf_event_paranoid <= 1). It samples the cpu-clock software event, so it works where
hardware counters are not available (virtual machines), with DWARF call graphs, so that each
sample is charged to the stage it happened in: the parse (sheaf_arena_parse), sheaf's
renderer (sheaf_xhtml_render), deflate, and so on, in pass 1 (sheaf_book_open), in pass 2
(sheaf_book_write, which renders the chapters lazily while libzip writes them) or in the check
of the EPUB written (sheaf_check_file, run inside sheaf_book_write). A sample
counts for the first stage in the list below that appears anywhere in its call chain; the
malloc line counts the samples whose innermost function is the allocator, whatever the stage.
Then it prints perf's own tables: the share of each library and the hottest functions.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# (label, functions any of which in the call chain puts a sample in this stage), in order
CHECK = {"sheaf_check_file", "sheaf_check_memory", "check_doc"}
STAGES = [
    ("self-check of the EPUB written (sheaf_check_file)", CHECK),
    ("Markdown parse (cmark_parse_document, sheaf_arena_parse)",
     {"cmark_parse_document", "sheaf_arena_parse", "cmark_parser_feed", "cmark_parser_finish"}),
    ("XHTML render (sheaf_xhtml_render)", {"sheaf_xhtml_render"}),
    ("deflate (libdeflate, sheaf_compress)", {"sheaf_compress", "libdeflate_deflate_compress"}),
    ("CRC-32 (zlib, libdeflate)", {"crc32", "crc32_z", "libdeflate_crc32"}),
    ("freeing cmark trees (cmark_node_free)", {"cmark_node_free"}),
    ("reading sources (sheaf_read_text)", {"sheaf_read_text"}),
    ("page skeleton (sheaf_page_write)", {"sheaf_page_write"}),
    ("NCX, nav, OPF (libxml2 writer)", {"sheaf_ncx_write", "sheaf_nav_write", "sheaf_opf_write"}),
    ("link check (sheaf_book_check_links)", {"sheaf_book_check_links"}),
    ("OpenSSL start-up (libzip's random temp name)", {"zip_secure_random", "OPENSSL_init_crypto"}),
    ("dynamic loader (start-up)", {"_dl_start", "_dl_sysdep_start", "_dl_relocate_object",
                                   "_dl_fixup", "_dl_runtime_resolve_xsavec", "dl_main"}),
]
KERNEL = "kernel, elsewhere (exec, page faults, I/O, exit)"
LABELS = [label for label, _ in STAGES] + [KERNEL, "other"]
# the self-check runs inside sheaf_book_write, so it is looked for first
# (worker threads start at start_thread: read_source, render_part and check_doc are what they
# run)
PHASES = [("pass 1", {"sheaf_book_open", "read_source"}), ("self-check", CHECK),
          ("pass 2 + zip", {"sheaf_book_write", "render_part"})]
MALLOC = {"malloc", "free", "calloc", "realloc", "_int_malloc", "_int_free", "_int_realloc",
          "malloc_consolidate", "__libc_calloc", "__GI___libc_free", "__GI___libc_malloc",
          "__GI___libc_realloc", "cfree@GLIBC_2.2.5", "unlink_chunk.constprop.0",
          "__libc_malloc", "__libc_free", "__libc_realloc"}


def samples(script_text):
    """Yields each sample's (is it the main thread, call chain innermost first as
    (function, library)); header lines read "sheaf PID/TID"."""
    chain = None
    tid = None
    for line in script_text.splitlines():
        if not line.strip():
            if chain is not None:
                yield tid, chain
            chain = None
        elif not line[0].isspace():
            chain = []  # a sample's header line: "sheaf 1234"
            pid, _, tid = line.split()[-1].partition("/")
            tid = pid == tid
        elif chain is not None:
            parts = line.split(None, 1)
            rest = parts[1] if len(parts) > 1 else "? (?)"
            sym, _, dso = rest.rpartition(" (")
            chain.append((sym.split("+0x")[0], dso.rstrip(")")))
    if chain is not None:
        yield tid, chain


def classify(chains):
    table = {}
    total = 0
    malloc = 0
    on_main = 0
    for is_main, chain in chains:
        total += 1
        on_main += is_main
        names = {sym for sym, _ in chain}
        stage = next((label for label, fns in STAGES if names & fns), None)
        if stage is None:
            stage = KERNEL if chain and chain[0][1] == "[kernel.kallsyms]" else "other"
        phase = next((label for label, fns in PHASES if names & fns), "other")
        table[(stage, phase)] = table.get((stage, phase), 0) + 1
        if chain and chain[0][0] in MALLOC:
            malloc += 1
    return table, total, malloc, on_main


def print_stages(table, total, malloc, on_main):
    phases = [p for p, _ in PHASES] + ["other"]
    phases = [phases[0], phases[2], phases[1], phases[3]]  # in the order they run
    print("| stage | %s | total |" % " | ".join(phases))
    print("|---|%s---:|" % ("---:|" * len(phases)))
    for label in LABELS:
        row = [table.get((label, p), 0) for p in phases]
        if sum(row) == 0:
            continue
        cells = ["%.1f%%" % (100.0 * n / total) if n else "" for n in row]
        print("| %s | %s | %.1f%% |" % (label, " | ".join(cells), 100.0 * sum(row) / total))
    sums = ["%.1f%%" % (100.0 * sum(table.get((s, p), 0) for s in LABELS) / total)
            for p in phases]
    print("| all | %s | 100%% |" % " | ".join(sums))
    print("\nmalloc/free (innermost function, within the stages above): %.1f%% of the samples"
          % (100.0 * malloc / total))
    print("%d samples, %.1f%% of them on the main thread, the rest on worker threads"
          % (total, 100.0 * on_main / total))


def main(argv):
    ap = argparse.ArgumentParser(description="Profile sheaf with perf, grouped by stage.")
    ap.add_argument("sheaf", help="the sheaf binary (a Release build)")
    ap.add_argument("--book", help="a book to build (default: gen-book.py --chapters N)")
    ap.add_argument("--chapters", type=int, default=200, help="chapters of the generated book")
    ap.add_argument("--runs", type=int, default=3, help="builds to sample (default 3)")
    ap.add_argument("--freq", type=int, default=4000, help="samples a second (default 4000)")
    ap.add_argument("--top", type=int, default=25, help="hottest functions to list")
    args = ap.parse_args(argv)
    if not shutil.which("perf"):
        print("profile.py: perf is missing (Debian package linux-perf)", file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="sheaf-profile-")
    try:
        book = args.book
        if not book:
            book = os.path.join(tmp, "book")
            subprocess.run([sys.executable, os.path.join(HERE, "gen-book.py"), book,
                            "--chapters", str(args.chapters)], check=True)
        data = os.path.join(tmp, "perf.data")
        out = os.path.join(tmp, "out.epub")
        loop = 'for i in $(seq %d); do "$0" build "$1" -q -o "$2" || exit 1; done' % args.runs
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", str(args.freq),
                        "--call-graph", "dwarf,32768", "-o", data, "--",
                        "sh", "-c", loop, os.path.abspath(args.sheaf), book, out],
                       check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
        script = subprocess.run(["perf", "script", "-i", data, "--comm", "sheaf",
                                 "-F", "comm,pid,tid,ip,sym,dso"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, check=True).stdout.decode(errors="replace")
        print("## sheaf's samples by stage (inclusive; %d build(s))\n" % args.runs)
        print_stages(*classify(samples(script)))
        for title, sort in (("by library (self time)", "comm,dso"),
                            ("hottest functions (self time)", "comm,dso,sym")):
            print("\n## %s\n" % title)
            rep = subprocess.run(["perf", "report", "-i", data, "--no-children",
                                  "--sort", sort, "--stdio", "-g", "none"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
            lines = [l for l in rep.stdout.decode(errors="replace").splitlines()
                     if l.strip() and not l.startswith("#")]
            print("\n".join(lines[:args.top]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
