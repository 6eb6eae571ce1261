#!/usr/bin/env python3
# gen-book.py -- writes a deterministic synthetic Markdown book for the benchmark
# SPDX-License-Identifier: MIT
"""Write a synthetic book directory: book.yaml, chapter-NNNN.md files and images/.

    bench/gen-book.py OUTDIR --chapters 200 [--chapter-bytes 50000] [--seed 1]

Every chapter is about --chapter-bytes long (50 KB by default), so the book grows by
chapter count: 20 chapters make about 1 MB, 200 about 10 MB, 1000 about 50 MB. The
text is pseudo-random prose from a fixed vocabulary with headings (#, ##, ###),
emphasis, strong emphasis, code spans, smart-punctuation material, bullet and ordered
lists (some nested), fenced code blocks, block quotes, thematic breaks, external
links, cross-chapter links to headings that exist, and a few small PNG images.

The output depends only on the arguments: the same arguments give the same bytes
(each chapter has its own generator seeded from --seed and its number; Python's
random.Random seeded with a str is stable across runs and platforms). Only the
standard library is used.
"""

import argparse
import os
import random
import struct
import sys
import textwrap
import zlib

VOCABULARY = """
a about above across after again against almost alone along already also although
always among an and another any anyone anything around as at away back be because
been before behind being below beneath beside between beyond both but by can could
did didn't do does doesn't down during each either enough even ever every few for
from further had hadn't has have he her here hers herself him himself his how i if
in into is isn't it it's its itself just least less like many may me might mine more
most much must my myself near neither never next no nor not now of off often on once
one only onto or other our out over own perhaps quite rather same she should since so
some still such than that the their them then there these they this those though
through till to too toward under until up upon us very was wasn't we were what when
where whether which while who whom whose why will with within without would yet you
your

harbour lighthouse keeper lantern lamp lens wick oil tower stair stairs window door
island shore cliff rock rocks tide tides wave waves wind storm gale rain fog mist sea
ocean bay cove beach sand shingle pier jetty boat boats ship ships hull mast sail sails
rope ropes anchor chain deck cabin galley hold cargo crew captain mate sailor sailors
fisherman fishermen net nets gull gulls heron cormorant seal whale village cottage
chapel bell church graveyard garden wall walls gate path road lane hill hills field
fields meadow orchard barn cart horse dog cat kettle table chair bench hearth fire
ember embers smoke chimney roof slate stone timber plank nail hammer letter letters
map maps chart charts compass clock bell-rope logbook ledger journal page pages ink
pen candle shadow shadows light darkness night morning evening dusk dawn noon winter
spring summer autumn season year years week day days hour hours minute moment
silence voice voices song story stories memory memories promise secret question
answer reason habit work duty watch watches signal signals beacon warning

old new small large long short quiet loud bright dark cold warm wet dry heavy light
slow quick narrow wide deep shallow distant near grey blue green white black silver
golden pale patient tired careful restless steady broken whole familiar strange
ordinary sudden gentle bitter clear faint sharp soft rough calm wild salt empty full
early late first last other certain simple difficult careful honest

walk walked walks climb climbed climbs carry carried carries watch watched watches
listen listened listens wait waited waits speak spoke speaks write wrote writes read
turn turned turns open opened opens close closed closes hold held holds keep kept
keeps light lit lights remember remembered remembers forget forgot forgets know knew
knows think thought thinks find found finds lose lost loses leave left leaves return
returned returns count counted counts mend mended mends sweep swept sweeps polish
polished polishes trim trimmed trims wind wound winds sleep slept sleeps rise rose
rises fall fell falls stand stood stands sit sat sits look looked looks see saw sees
hear heard hears call called calls answer answered answers follow followed follows
café naïve façade fjord Zürich Øresund Málaga Kraków Ålesund
""".split()

NAMES = """Mara Jonas Elin Tomas Agnes Oskar Ingrid Pavel Wren Halvard Sunniva Teodor
Ada Grete Nils Lotte Bram Saskia""".split()

PLACES = """Skerry Head, Vard Point, the Northern Sound, Greyhaven, Kittle Bay, the Long
Reef, Saltmarsh, Holm Island, Ravens Cove, the Old Quay""".replace("\n", " ").split(", ")

IDENTIFIERS = """lamp wick lens tide wind beacon signal keeper harbour chart log entry
hour count level flame oil depth range angle bearing course buffer reader writer
state node index total offset limit""".split()

LANGUAGES = ["python", "c", "sh", "yaml", "text"]

TITLE_WORDS = """harbour lighthouse keeper lantern lens storm tide island shore cliff
fog ship mast anchor cove village chapel bell orchard hearth letter chart compass
clock candle winter spring summer autumn night morning dusk dawn silence signal beacon
warning promise secret memory journey return departure arrival watch reef quay
north south east west""".split()

TITLE_ADJECTIVES = """old new quiet long last first grey silver distant northern
southern hidden broken patient restless early late second""".split()

IMAGE_COUNT = 6


# ---- small PNG images ------------------------------------------------------------------

def png_bytes(width, height, seed):
    """A valid 8-bit RGB PNG: a diagonal gradient tinted by seed, with a grid."""
    tint = ((seed * 67) % 200 + 40, (seed * 131) % 200 + 40, (seed * 29) % 200 + 40)
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            if x % 16 == 0 or y % 16 == 0:
                rows += bytes((30, 30, 30))
            else:
                t = (x + y) * 255 // (width + height)
                rows += bytes((c * t // 255 + (255 - t) // 4) % 256 for c in tint)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def image_name(k):
    return "images/figure-%02d.png" % (k + 1)


# ---- headings and their anchors ------------------------------------------------------

def chapter_file(n):
    return "chapter-%04d.md" % n


def github_slug(text):
    """The anchor GitHub (and sheaf) give a heading: lower case, spaces to hyphens,
    only letters, digits, '_' and '-' kept. Headings here are plain ASCII words."""
    out = []
    for ch in text:
        if ch == " ":
            out.append("-")
        elif ch == "-" or ch == "_" or ch.isalnum():
            out.append(ch.lower())
    return "".join(out)


def title_phrase(rng):
    words = [rng.choice(TITLE_ADJECTIVES), rng.choice(TITLE_WORDS)]
    if rng.random() < 0.5:
        words += [rng.choice(["of", "at", "and", "before", "after", "under"]),
                  "the", rng.choice(TITLE_WORDS)]
    return " ".join(words).capitalize()


def plan_headings(seed, n):
    """The headings of chapter n, in order: (level, text, anchor). The first is the #
    title; then ## sections, each with a few ### subsections. A repeated anchor in a file
    gets -1, -2, ... as on GitHub."""
    rng = random.Random("%s/headings/%d" % (seed, n))
    heads = [(1, "Chapter %d: %s" % (n, title_phrase(rng)))]
    for _ in range(rng.randint(5, 8)):
        heads.append((2, title_phrase(rng)))
        for _ in range(rng.randint(1, 3)):
            heads.append((3, title_phrase(rng)))
    seen = {}
    out = []
    for level, text in heads:
        base = github_slug(text)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append((level, text, base if count == 0 else "%s-%d" % (base, count)))
    return out


# ---- prose ---------------------------------------------------------------------------

class Writer:
    """Generates the blocks of one chapter from its own random generator."""

    def __init__(self, seed, n, chapters, headings, images):
        self.rng = random.Random("%s/body/%d" % (seed, n))
        self.n = n
        self.chapters = chapters
        self.headings = headings
        self.images = images

    def word(self):
        return self.rng.choice(VOCABULARY)

    def words(self, lo, hi):
        return " ".join(self.word() for _ in range(self.rng.randint(lo, hi)))

    def identifier(self):
        rng = self.rng
        return "%s_%s" % (rng.choice(IDENTIFIERS), rng.choice(IDENTIFIERS))

    def inline(self):
        """One inline element: mostly plain words, sometimes markup."""
        rng = self.rng
        r = rng.random()
        if r < 0.70:
            return self.word()
        if r < 0.76:
            return "*%s*" % self.words(1, 3)
        if r < 0.80:
            return "**%s**" % self.words(1, 3)
        if r < 0.84:
            return rng.choice(["`%s()`" % self.identifier(), "`%s < %d`" % (self.identifier(), rng.randint(2, 99)),
                               "`%s & %s`" % (self.identifier(), self.identifier()), "`--%s`" % rng.choice(IDENTIFIERS)])
        if r < 0.87:
            return rng.choice(NAMES)
        if r < 0.89:
            return rng.choice(PLACES)
        if r < 0.915:
            return '"%s"' % self.words(2, 6)
        if r < 0.93:
            return "%s ---" % self.word()
        if r < 0.94:
            return "%s..." % self.word()
        if r < 0.95:
            return "%d" % rng.randint(2, 1899)
        if r < 0.97:
            return "[%s](https://example.org/%s/%s.html)" % (self.words(1, 4), rng.choice(IDENTIFIERS),
                                                             rng.choice(IDENTIFIERS))
        return self.cross_link()

    def cross_link(self):
        """A link to a heading that exists in another chapter (or to a chapter's top)."""
        rng = self.rng
        target = rng.randint(1, self.chapters)
        if target == self.n and self.chapters > 1:
            target = target % self.chapters + 1
        heads = self.headings(target)
        level, text, anchor = heads[rng.randrange(len(heads))]
        label = rng.choice(["see", "as in", "compare", "more in", "back to"])
        return "[%s %s](%s#%s)" % (label, text.lower(), chapter_file(target), anchor)

    def sentence(self):
        rng = self.rng
        parts = []
        for i in range(rng.randint(6, 22)):
            parts.append(self.inline())
            if i > 2 and rng.random() < 0.08:
                parts[-1] += ","
        s = " ".join(parts).rstrip(",")
        end = rng.choice(".........?!")
        if s.endswith("..."):
            end = ""
        return s[0].upper() + s[1:] + end

    def paragraph(self, lo=2, hi=7):
        text = " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))
        if self.rng.random() < 0.6:  # most authors wrap their lines, some do not
            return textwrap.fill(text, 78, break_long_words=False, break_on_hyphens=False)
        return text

    def bullet_list(self):
        rng = self.rng
        out = []
        marker = rng.choice("-*+")
        for _ in range(rng.randint(3, 7)):
            out.append("%s %s" % (marker, self.sentence()))
            if rng.random() < 0.2:
                for _ in range(rng.randint(2, 3)):
                    out.append("    %s %s" % ("-" if marker != "-" else "*", self.sentence()))
        return "\n".join(out)

    def ordered_list(self):
        rng = self.rng
        start = rng.choice([1, 1, 1, 3])
        out = []
        for i in range(rng.randint(3, 6)):
            out.append("%d. %s" % (start + i, self.sentence()))
            if rng.random() < 0.15:
                out.append("")
                out.append("   " + self.sentence())
                out.append("")
        return "\n".join(out).strip("\n")

    def code_block(self):
        rng = self.rng
        lang = rng.choice(LANGUAGES)
        lines = []
        for _ in range(rng.randint(4, 14)):
            a, b = self.identifier(), self.identifier()
            lines.append(rng.choice([
                "%s = %s(%d)" % (a, b, rng.randint(0, 999)),
                "if (%s < %s && %s > 0) { %s++; }" % (a, b, b, a),
                "    return %s + \"%s\";" % (a, self.word()),
                "# %s" % self.words(3, 8),
                "%s: [%s, %s]" % (a, rng.choice(IDENTIFIERS), rng.choice(IDENTIFIERS)),
                "for %s in range(%d):" % (rng.choice("ijk"), rng.randint(2, 64)),
                "echo \"%s\" >> %s.log" % (self.words(2, 5), rng.choice(IDENTIFIERS)),
            ]))
        return "```%s\n%s\n```" % (lang, "\n".join(lines))

    def block_quote(self):
        rng = self.rng
        paras = [self.paragraph(1, 3) for _ in range(rng.randint(1, 3))]
        text = "\n\n".join(paras)
        if rng.random() < 0.2:
            text += "\n\n> " + self.sentence()  # a nested quote
        if rng.random() < 0.3:
            text += "\n\n--- %s, *%s*" % (rng.choice(NAMES), title_phrase(rng))
        return "\n".join(("> " + line) if line else ">" for line in text.split("\n"))

    def image(self):
        rng = self.rng
        k = rng.randrange(len(self.images))
        return "![%s](%s \"%s\")" % (self.words(3, 7).capitalize(), self.images[k],
                                     title_phrase(rng))

    def block(self):
        r = self.rng.random()
        if r < 0.62:
            return self.paragraph()
        if r < 0.72:
            return self.bullet_list()
        if r < 0.79:
            return self.ordered_list()
        if r < 0.87:
            return self.code_block()
        if r < 0.97:
            return self.block_quote()
        return "* * *"

    def chapter(self, target_bytes):
        heads = self.headings(self.n)
        # spread the body evenly over the sections that follow each heading
        share = max(1, target_bytes // len(heads))
        blocks = []
        size = 0
        with_image = self.images and self.n % 3 == 1
        for i, (level, text, _) in enumerate(heads):
            blocks.append("%s %s" % ("#" * level, text))
            goal = share * (i + 1) if i + 1 < len(heads) else target_bytes
            size += len(blocks[-1].encode("utf-8")) + 2
            first = True
            while first or size < goal:
                first = False
                b = self.block()
                if with_image and i == 1:
                    b, with_image = self.image(), False
                blocks.append(b)
                size += len(b.encode("utf-8")) + 2
        return "\n\n".join(blocks) + "\n"


# ---- the book --------------------------------------------------------------------------

def yaml_quote(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def write_book(outdir, chapters, chapter_bytes, seed):
    os.makedirs(os.path.join(outdir, "images"), exist_ok=True)
    images = []
    for k in range(IMAGE_COUNT):
        name = image_name(k)
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(png_bytes(48 + 16 * k, 32 + 8 * k, k + 1))
        images.append(name)

    cache = {}

    def headings(n):
        if n not in cache:
            cache[n] = plan_headings(seed, n)
        return cache[n]

    total = 0
    for n in range(1, chapters + 1):
        text = Writer(seed, n, chapters, headings, images).chapter(chapter_bytes)
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(outdir, chapter_file(n)), "wb") as f:
            f.write(data)

    title = "A Synthetic Book of %d Chapters" % chapters
    lines = ["# Generated by bench/gen-book.py --chapters %d --chapter-bytes %d --seed %s"
             % (chapters, chapter_bytes, seed),
             "title: " + yaml_quote(title),
             "lang: en",
             "creator: " + yaml_quote("Sheaf Benchmark"),
             "chapters:"]
    lines += ["  - " + chapter_file(n) for n in range(1, chapters + 1)]
    with open(os.path.join(outdir, "book.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return title, total


def main(argv):
    ap = argparse.ArgumentParser(description="Write a deterministic synthetic Markdown book.")
    ap.add_argument("outdir", help="the book directory to write (created if missing)")
    ap.add_argument("--chapters", type=int, default=20, help="number of chapters (default 20)")
    ap.add_argument("--chapter-bytes", type=int, default=50000,
                    help="approximate size of each chapter in bytes (default 50000)")
    ap.add_argument("--seed", default="1", help="the random seed (default 1)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = ap.parse_args(argv)
    if args.chapters < 1 or args.chapters > 9999:
        ap.error("--chapters must be between 1 and 9999")
    if args.chapter_bytes < 500:
        ap.error("--chapter-bytes must be at least 500")
    title, total = write_book(args.outdir, args.chapters, args.chapter_bytes, args.seed)
    if not args.quiet:
        print("gen-book: wrote %s: %d chapters, %d bytes of Markdown, %d images"
              % (args.outdir, args.chapters, total, IMAGE_COUNT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
