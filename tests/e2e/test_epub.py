#!/usr/bin/env python3
# test_epub.py -- builds real books with the sheaf CLI and inspects what it wrote:
# EPUBCheck reports nothing, the zip follows the OCF rules, the package documents say what the
# sources say, every link and image resolves, and builds are byte-for-byte reproducible.
# SPDX-License-Identifier: MIT
import concurrent.futures
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import yaml  # noqa: E402
from lxml import etree  # noqa: E402

from epubtest import NS, Epub, Failures, epubcheck, local_headers, need_epubcheck, run_sheaf, SOURCE_DIR  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BOOKS = os.path.join(HERE, "books")
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
T = Failures("e2e_epub")


def build(args, out, env=EPOCH, cwd=None):
    r = run_sheaf(["build"] + args + ["-o", out], env=env, cwd=cwd)
    T.check(r.returncode == 0, "sheaf build %s: exit %d\n%s" % (" ".join(args), r.returncode, r.stderr))
    return r


# ---- checks every EPUB gets ----

def check_ocf(path):
    hdrs = local_headers(path)
    T.check(len(hdrs) > 2, "%s: has entries" % path)
    name, method, extra, flags = hdrs[0]
    T.eq(name, "mimetype", "first entry")
    T.eq(method, 0, "mimetype stored")
    T.eq(extra, 0, "mimetype has no extra field")
    T.eq(hdrs[1][0], "META-INF/container.xml", "second entry")
    T.check(all(m in (0, 8) for _, m, _, _ in hdrs), "only stored or deflated entries")
    ep = Epub(path)
    T.eq(ep.read("mimetype"), b"application/epub+zip", "mimetype content")
    T.eq(len(set(n.lower() for n in ep.names)), len(ep.names), "names unique ignoring case")
    for info in ep.zip.infolist():
        T.eq(info.date_time, ep.zip.infolist()[0].date_time, "%s: same fixed time" % info.filename)
    return ep


def check_manifest(ep):
    listed = {ep.join(i.get("href")) for i in ep.manifest.values() if "://" not in i.get("href")}
    in_zip = {n for n in ep.names if n not in ("mimetype", ep.opf_path) and not n.startswith("META-INF/")}
    T.eq(sorted(listed - in_zip), [], "manifest items missing from the zip")
    T.eq(sorted(in_zip - listed), [], "zip entries missing from the manifest")
    pkg = ep.opf
    lang = pkg.get("{http://www.w3.org/XML/1998/namespace}lang")
    T.eq([lang], ep.meta("dc:language"), "package xml:lang is dc:language")
    uid = pkg.get("unique-identifier")
    ids = [e for e in pkg.findall(".//dc:identifier", NS) if e.get("id") == uid]
    T.eq(len(ids), 1, "unique-identifier names one dc:identifier")
    mod = ep.meta_property("dcterms:modified")
    T.eq(len(mod), 1, "exactly one dcterms:modified")
    T.check(bool(mod) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mod[0] or ""),
            "dcterms:modified form: %r" % mod)
    T.check(len(ep.meta("dc:title")) >= 1 and all(ep.meta("dc:title")), "a non-empty dc:title")
    return lang


def check_documents(ep, lang):
    """Every XHTML document: title, language, and every link and image resolving."""
    for item in ep.manifest.values():
        if item.get("media-type") != "application/xhtml+xml":
            continue
        path = ep.join(item.get("href"))
        doc = ep.xml(path)
        title = doc.find("x:head/x:title", NS)
        T.check(title is not None and (title.text or "").strip(), "%s: a real <title>" % path)
        T.eq(doc.get("lang"), lang, "%s: lang" % path)
        T.eq(doc.get("{http://www.w3.org/XML/1998/namespace}lang"), lang, "%s: xml:lang" % path)
        ids = [e.get("id") for e in doc.iter() if e.get("id") is not None]
        T.eq(len(ids), len(set(ids)), "%s: ids unique" % path)
        for el in doc.iter():
            for attr in ("href", "src"):
                ref = el.get(attr)
                if ref is None or re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I) or ref.startswith("//"):
                    continue
                check_target(ep, path, ref)


def check_target(ep, from_path, ref):
    target, _, frag = ref.partition("#")
    target = urllib.parse.unquote(target)
    full = os.path.normpath(os.path.join(os.path.dirname(from_path), target)) if target else from_path
    if not T.check(full in ep.names, "%s: %r leads to no file" % (from_path, ref)):
        return
    if frag and full.endswith(".xhtml"):
        doc = ep.xml(full)
        ids = {e.get("id") for e in doc.iter()}
        T.check(urllib.parse.unquote(frag) in ids, "%s: fragment of %r not found" % (from_path, ref))


def walk_all(toc):
    for entry in toc:
        yield entry
        yield from walk_all(entry[2])


def flatten(toc):
    out = []
    for label, href, kids in toc:
        out.append((label, href))
        out.extend(flatten(kids))
    return out


def check_navigation(ep):
    toc = ep.toc()
    T.check(len(toc) > 0, "the TOC has entries")
    nav_dir = os.path.dirname(ep.nav_path)
    spine = set(ep.spine_hrefs())
    for label, href in flatten(toc):
        T.check(label.strip() != "", "TOC labels have text")
        if href is None:  # a heading without a page of its own: it must head entries
            continue
        T.check(os.path.normpath(os.path.join(nav_dir, href.split("#")[0])) in spine,
                "TOC target %s is in the spine" % href)
    for label, href, kids in walk_all(toc):
        T.check(href is not None or kids, "an entry without a link heads a list: %s" % label)
    # the NCX has the same entries; one without a page points at its first child's
    nav_flat = flatten(toc)
    ncx_flat = flatten(ep.ncx_toc())
    T.eq([l for l, _ in ncx_flat], [l for l, _ in nav_flat], "toc.ncx mirrors nav.xhtml: labels")
    T.eq([n for n, (_, h) in zip([h for _, h in ncx_flat], nav_flat) if h], [h for (_, h) in nav_flat if h],
         "toc.ncx mirrors nav.xhtml: targets")
    marks = dict(ep.landmarks())
    for kind in ("titlepage", "toc", "bodymatter"):
        T.check(kind in marks, "landmark %s" % kind)
    for kind, href in marks.items():
        T.check(os.path.normpath(os.path.join(nav_dir, href.split("#")[0])) in spine,
                "landmark %s target is in the spine" % kind)
    return toc


def check_epub(path):
    ep = check_ocf(path)
    lang = check_manifest(ep)
    check_documents(ep, lang)
    check_navigation(ep)
    return ep


def text_of(ep, path):
    doc = ep.xml(path)
    return doc


# ---- the books ----

def seed_paragraphs():
    raw = open(os.path.join(SOURCE_DIR, "..", "shared", "seed", "article.txt"), encoding="utf-8").read() \
        if os.path.exists(os.path.join(SOURCE_DIR, "..", "shared", "seed", "article.txt")) else None
    md = open(os.path.join(SOURCE_DIR, "book", "article.md"), encoding="utf-8").read()
    paras = [p.strip() for p in md.split("\n\n") if p.strip()]
    if raw:
        for p in paras:
            T.check(p in raw, "book/article.md keeps the seed's paragraph %r..." % p[:30])
    return paras


def test_default_book(tmp):
    out = os.path.join(tmp, "book.epub")
    build([os.path.join(SOURCE_DIR, "book")], out)
    ep = check_epub(out)
    yaml_title = "The Interview potrebbe essere distribuito da Anonymous oppure da BitTorrent"
    T.eq(ep.meta("dc:title"), [yaml_title], "book/: title")
    T.eq(ep.meta("dc:language"), ["it"], "book/: language")
    T.eq(ep.meta("dc:creator"), [], "book/: no invented author")
    T.eq(ep.meta("dc:date"), [], "book/: no invented date")
    desc = ep.meta("dc:description")
    T.check(len(desc) == 1 and desc[0].startswith("La pellicola ormai tabù") and desc[0].endswith("da chi"),
            "book/: the standfirst is the description")
    uid = ep.meta("dc:identifier")
    T.check(len(uid) == 1 and re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uid[0]),
            "book/: a name-based (v5) UUID identifier: %r" % uid)
    # the title page shows the title, then the standfirst under it
    marks = dict(ep.landmarks())
    tp = ep.xml(os.path.normpath(os.path.join(os.path.dirname(ep.nav_path), marks["titlepage"])))
    texts = [("".join(e.itertext())).strip() for e in tp.iter("{%s}h1" % NS["x"], "{%s}p" % NS["x"])]
    T.check(texts[:2] == [yaml_title, desc[0]], "title page: title then standfirst, got %r" % texts[:2])
    # the body keeps the article's paragraphs exactly, and leaves the residue out
    body = ep.xml(os.path.normpath(os.path.join(os.path.dirname(ep.nav_path), marks["bodymatter"])))
    got = ["".join(p.itertext()) for p in body.iter("{%s}p" % NS["x"])]
    T.eq(got, seed_paragraphs(), "book/: body paragraphs kept exactly")
    everything = b"".join(ep.read(n) for n in ep.names)
    T.check(b"INTERAZIONI" not in everything, "book/: the web-page residue is left out")
    # reproducible: same bytes again, identity kept; another epoch changes only the dates
    out2 = os.path.join(tmp, "book2.epub")
    build([os.path.join(SOURCE_DIR, "book")], out2)
    T.check(open(out, "rb").read() == open(out2, "rb").read(), "book/: rebuilt byte for byte")
    out3 = os.path.join(tmp, "book3.epub")
    build([os.path.join(SOURCE_DIR, "book")], out3, env={"SOURCE_DATE_EPOCH": "1800000000"})
    ep3 = Epub(out3)
    T.eq(ep3.meta_property("dcterms:modified"), ["2027-01-15T08:00:00Z"], "modified from SOURCE_DATE_EPOCH")
    T.eq(ep3.meta("dc:identifier"), uid, "identity does not depend on the date")
    # the entries' time stamp is the same in every time zone, even at an hour that summer time
    # skips there (Debian's libzip turns stamps into local time and back)
    gap = {"SOURCE_DATE_EPOCH": "1710037800"}  # 2024-03-10T02:30:00Z, skipped in US Eastern
    zoned = []
    for tz in ("UTC0", "EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3"):
        zoned.append(os.path.join(tmp, "tz-%d.epub" % len(zoned)))
        build([os.path.join(SOURCE_DIR, "book")], zoned[-1], env=dict(gap, TZ=tz))
    T.check(all(open(z, "rb").read() == open(zoned[0], "rb").read() for z in zoned),
            "book/: the same bytes in every time zone")
    with zipfile.ZipFile(zoned[1]) as z:
        T.eq({i.date_time for i in z.infolist()}, {(2024, 3, 10, 2, 30, 0)},
             "every entry stamped with SOURCE_DATE_EPOCH's time in UTC")
    # without SOURCE_DATE_EPOCH the date is the build's
    out4 = os.path.join(tmp, "book4.epub")
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    before = time.time()
    r = run_sheaf(["build", os.path.join(SOURCE_DIR, "book"), "-o", out4], env={"SOURCE_DATE_EPOCH": ""})
    T.eq(r.returncode, 0, "build without SOURCE_DATE_EPOCH")
    mod = Epub(out4).meta_property("dcterms:modified")[0]
    stamp = time.mktime(time.strptime(mod, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    T.check(before - 2 <= stamp <= time.time() + 2, "modified is the time of the build: %s" % mod)
    # without -o the name comes from the title, in the current directory
    r = run_sheaf(["build", os.path.join(SOURCE_DIR, "book")], env=EPOCH, cwd=tmp)
    name = "the-interview-potrebbe-essere-distribuito-da-anonymous.epub"
    T.check(os.path.exists(os.path.join(tmp, name)), "default output name %s (%s)" % (name, r.stdout))
    T.check(name in r.stdout, "prints where it wrote the book")
    return [out]


def test_constructs(tmp):
    out = os.path.join(tmp, "constructs.epub")
    build([os.path.join(BOOKS, "constructs", "constructs.md")], out)
    ep = check_epub(out)
    T.eq(ep.meta("dc:language"), ["en-GB"], "front matter lang")
    T.eq(ep.meta("dc:creator"), ["Ada Example"], "creator")
    T.eq(ep.meta("dc:date"), ["2024-05-01"], "date")
    T.eq(ep.meta("dc:subject"), ["Testing", "Markdown"], "subjects")
    T.check("Every Construct" in ep.meta("dc:title") and "A CommonMark tour" in ep.meta("dc:title"),
            "title and subtitle")
    roles = [m.text for m in ep.opf.findall(".//opf:meta", NS) if m.get("property") == "role"]
    T.eq(roles, ["aut"], "creator role")
    chap = [h for h in ep.spine_hrefs() if h.endswith("text/constructs.xhtml")]
    T.check(len(chap) == 1, "one chapter, named after its file: %r" % ep.spine_hrefs())
    doc = ep.xml(chap[0]) if chap else None
    if doc is not None:
        tags = {e.tag.split("}")[1] for e in doc.iter() if isinstance(e.tag, str)}
        for t in ("h1", "h2", "h3", "p", "em", "strong", "code", "pre", "ol", "ul", "li",
                  "blockquote", "hr", "a", "img", "br"):
            T.check(t in tags, "constructs: renders <%s>" % t)
        ol = [o for o in doc.iter("{%s}ol" % NS["x"]) if o.get("start")]
        T.eq([o.get("start") for o in ol], ["7"], "ordered list keeps its start number")
        code = [c for c in doc.iter("{%s}code" % NS["x"]) if c.get("class")]
        T.eq([c.get("class") for c in code], ["language-c"], "info string as language- class")
        ids = [h.get("id") for h in doc.iter("{%s}h2" % NS["x"])]
        T.eq(len(ids), len(set(ids)), "repeated headings get unique ids")
        txt = "".join(doc.itertext())
        T.check("©" in txt and "½" in txt and "☺" in txt, "entities become characters")
    T.check(any(n.startswith("EPUB/images/") and n.endswith(".png") for n in ep.names), "image packaged")
    return [out]


def test_files(tmp):
    out = os.path.join(tmp, "files.epub")
    build([os.path.join(BOOKS, "files", "one.txt"), os.path.join(BOOKS, "files", "two.markdown")], out)
    ep = check_epub(out)
    T.eq(ep.meta("dc:creator"), ["Bea Writer", "Carl Writer"], "author list")
    T.eq(ep.meta("dc:language"), ["fr"], "language")
    toc = ep.toc()
    T.eq([t[0] for t in toc], ["One", "Deuxième partie"], "one TOC entry per file, in order")
    T.eq([k[0] for k in toc[1][2]], ["Une section"], "sections nest under their chapter")
    one = ep.xml([h for h in ep.spine_hrefs() if h.endswith("one.xhtml")][0])
    links = [a.get("href") for a in one.iter("{%s}a" % NS["x"])]
    T.eq(links, ["two.xhtml#deuxieme-partie"], "a link to another file's heading is rewritten")
    txt = "".join(one.itertext())
    T.check("«\u202fLes guillemets\u202f»" in txt, "French quotes with narrow no-break spaces")
    return [out]


def test_novel(tmp):
    out = os.path.join(tmp, "novel.epub")
    r = build([os.path.join(BOOKS, "novel")], out)
    ep = check_epub(out)
    T.eq([t[0] for t in ep.toc()], ["Preface", "Part One: The Light", "Part Two: The Sea", "Appendix", "Colophon"],
         "novel: top-level TOC")
    part_one = ep.toc()[1][2]
    T.eq([t[0] for t in part_one], ["The Storm", "The Lamp"], "novel: nested chapters under their part")
    T.eq([t[0] for t in part_one[0][2]], ["Before", "After"], "novel: sections under their chapter")
    marks = dict(ep.landmarks())
    for kind in ("cover", "titlepage", "toc", "bodymatter", "appendix"):
        T.check(kind in marks, "novel: landmark %s" % kind)
    T.eq(ep.spine()[0][0], "text-cover", "novel: the cover page comes first")
    covers = [i for i in ep.manifest.values() if "cover-image" in (i.get("properties") or "")]
    T.eq([c.get("href") for c in covers], ["images/cover.jpg"], "novel: cover-image item")
    legacy = [m.get("content") for m in ep.opf.findall(".//opf:meta", NS) if m.get("name") == "cover"]
    T.eq(legacy, [covers[0].get("id")] if covers else [], "novel: <meta name=cover> for Kindle and Kobo")
    types = {i.get("href"): i.get("media-type") for i in ep.manifest.values()}
    T.eq(types.get("images/flag.png"), "image/png", "a PNG named .jpg is typed by its bytes")
    T.eq(types.get("images/ship.webp"), "image/webp", "WebP kept")
    webp = [i for i in ep.manifest.values() if i.get("href") == "images/ship.webp"][0]
    fb = ep.manifest.get(webp.get("fallback"))
    T.check(fb is not None and fb.get("media-type") == "image/png", "WebP has a PNG fallback")
    svg = ep.read("EPUB/images/lens.svg")
    T.check(b"<!DOCTYPE" not in svg and b"<script" not in svg and b"onload" not in svg, "SVG cleaned")
    T.check("lens.svg: warning: SVG DOCTYPE removed" in r.stderr, "SVG clean-up is reported")
    pre = ep.xml("EPUB/text/preface.xhtml")
    body = pre.find("x:body", NS)
    T.eq(body.get("{%s}type" % NS["epub"]), "frontmatter", "preface is front matter")
    sec = body.find("x:section", NS)
    T.eq((sec.get("{%s}type" % NS["epub"]), sec.get("role")), ("preface", "doc-preface"), "preface type and role")
    links = [a.get("href") for a in pre.iter("{%s}a" % NS["x"])]
    T.eq(links, ["storm.xhtml", "appendix.xhtml#glossary"], "novel: cross-links rewritten")
    app = ep.xml("EPUB/text/appendix.xhtml").find("x:body/x:section", NS)
    T.eq(app.get("role"), "doc-appendix", "appendix role")
    return [out]


def test_mdbook(tmp):
    out = os.path.join(tmp, "mdbook.epub")
    r = build([os.path.join(BOOKS, "mdbook")], out)
    ep = check_epub(out)
    T.eq(ep.meta("dc:language"), ["de"], "mdbook: metadata from the book.yaml beside SUMMARY.md")
    toc = ep.toc()
    T.eq([(t[0], t[1] is not None) for t in toc],
         [("Einleitung", True), ("Anleitung", False), ("Referenz", False), ("Mitwirkende", True)],
         "mdbook: prefix chapter, part titles, suffix chapter")
    T.eq([t[0] for t in toc[1][2]], ["Installation", "Benutzung"], "mdbook: numbered chapters in their part")
    T.check("SUMMARY.md:10:3: warning: draft chapter 'Noch nicht geschrieben' has no file; skipped" in r.stderr,
            "mdbook: drafts are skipped with a warning: %s" % r.stderr)
    intro = ep.xml("EPUB/text/intro.xhtml")
    T.eq(intro.find("x:body", NS).get("{%s}type" % NS["epub"]), "frontmatter", "prefix chapter is front matter")
    T.check("„Anführungszeichen“" in "".join(intro.itertext()), "German quotes")
    install = ep.xml("EPUB/text/install.xhtml")
    T.eq([a.get("href") for a in install.iter("{%s}a" % NS["x"])], ["usage.xhtml#optionen"],
         "mdbook: .html links to chapters are rewritten; links to images become text")
    marks = dict(ep.landmarks())
    T.check("backmatter" in marks, "mdbook: back matter landmark")
    return [out]


def test_split(tmp):
    outs = []
    for level, names in ((1, ["long", "uno", "due", "tre"]), (2, ["long", "uno", "sezione", "due", "tre", "dettaglio"])):
        out = os.path.join(tmp, "split%d.epub" % level)
        build(["--split-level", str(level), os.path.join(BOOKS, "split", "long.md")], out)
        ep = check_epub(out)
        files = [os.path.basename(h)[:-6] for h in ep.spine_hrefs() if "/text/" in h]
        T.eq(files[2:], names, "split level %d: files named after their headings" % level)
        outs.append(out)
    ep = Epub(outs[0])
    pre = ep.xml("EPUB/text/long.xhtml")
    T.eq([a.get("href") for a in pre.iter("{%s}a" % NS["x"])], ["due.xhtml#due"], "link into another split part")
    tre = ep.xml("EPUB/text/tre.xhtml")
    T.eq([a.get("href") for a in tre.iter("{%s}a" % NS["x"])], ["uno.xhtml#uno"], "link back across parts")
    uno = ep.xml("EPUB/text/uno.xhtml")
    T.eq([a.get("href") for a in uno.iter("{%s}a" % NS["x"])], ["#sezione", "tre.xhtml#dettaglio"],
         "links within and across parts")
    return outs


def test_options(tmp):
    outs = []
    out = os.path.join(tmp, "nocover.epub")
    build(["--no-cover", "--toc-page", "--toc-depth", "1", os.path.join(BOOKS, "novel")], out)
    ep = check_epub(out)
    covers = [i.get("href") for i in ep.manifest.values() if "cover-image" in (i.get("properties") or "")]
    T.eq(covers, ["images/cover.jpg"], "--no-cover keeps the cover book.yaml gives")
    T.eq([t[2] for t in ep.toc()], [[]] * 5, "--toc-depth 1: no nested entries")
    T.check(("nav", "yes") in ep.spine(), "--toc-page puts the TOC in the reading order")
    outs.append(out)
    out = os.path.join(tmp, "plain.epub")
    build(["--no-cover", os.path.join(BOOKS, "split", "long.md")], out)
    ep = check_epub(out)
    T.check(not any("cover" in (i.get("properties") or "") for i in ep.manifest.values()), "--no-cover: no generated cover")
    outs.append(out)
    out = os.path.join(tmp, "given-cover.epub")
    build(["--cover", os.path.join(BOOKS, "novel", "images", "gull.png"), os.path.join(BOOKS, "split", "long.md")], out)
    ep = check_epub(out)
    covers = [i.get("href") for i in ep.manifest.values() if "cover-image" in (i.get("properties") or "")]
    T.eq(covers, ["images/gull.png"], "--cover FILE")
    outs.append(out)
    return outs


def test_raw_html(tmp):
    out = os.path.join(tmp, "raw.epub")
    r = build([os.path.join(BOOKS, "raw", "raw.md")], out)
    ep = check_epub(out)
    doc = ep.xml("EPUB/text/raw.xhtml")
    tags = {e.tag.split("}")[1] for e in doc.iter() if isinstance(e.tag, str)}
    for t in ("table", "th", "td", "details", "summary", "svg", "math"):
        T.check(t in tags, "raw HTML keeps <%s>" % t)
    for t in ("script", "iframe", "font", "center", "style", "my-tag"):
        T.check(t not in tags, "raw HTML loses <%s>" % t)
    txt = "".join(doc.itertext())
    T.check("©" in txt and "\u00a0" in txt, "entities become characters")
    item = [i for i in ep.manifest.values() if i.get("href") == "text/raw.xhtml"][0]
    T.eq(sorted((item.get("properties") or "").split()), ["mathml", "svg"], "svg and mathml properties")
    css = ep.read("EPUB/styles/raw.css")
    T.check(b"p.x {" in css and b"color: red;" in css, "<style> rules moved to a stylesheet:\n%s" % css.decode())
    links = [l.get("href") for l in doc.iter("{%s}link" % NS["x"])]
    T.check("../styles/raw.css" in links, "the chapter links its own stylesheet")
    T.check("raw.md:27:1: warning: <script> removed (scripts are not allowed)" in r.stderr, "script removal reported at its line")
    return [out]


def commonmark_examples():
    """The CommonMark 0.30 specification's examples, with the section each belongs to."""
    spec = open(os.path.join(HERE, "..", "commonmark", "spec-0.30.txt"), encoding="utf-8").read()
    fence = "`" * 32
    out = []
    section = ""
    lines = spec.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## ") or line.startswith("# "):
            section = line.lstrip("# ").strip()
        if line.startswith(fence + " example"):
            j = lines.index(".", i + 1)
            md = "\n".join(lines[i + 1:j]).replace("\u2192", "\t")
            out.append((section, md))
            i = lines.index(fence, j + 1)
        i += 1
    return out


def test_commonmark(tmp):
    """Every example of the CommonMark specification, one chapter each, in one book."""
    d = os.path.join(tmp, "commonmark")
    os.makedirs(d)
    examples = commonmark_examples()
    T.eq(len(examples), 652, "the specification's examples")
    kept = []
    for n, (section, md) in enumerate(examples, 1):
        if re.search(r"!\[|<img", md):
            continue  # local images that do not exist: an error by design
        with open(os.path.join(d, "%03d.md" % n), "w", encoding="utf-8") as f:
            f.write("# Example %d (%s)\n\n%s\n" % (n, section, md))
        kept.append("%03d.md" % n)
    with open(os.path.join(d, "book.yaml"), "w", encoding="utf-8") as f:
        f.write("title: CommonMark examples\nlang: en\nchapters:\n")
        f.writelines("- %s\n" % name for name in kept)
    out = os.path.join(tmp, "commonmark.epub")
    build([d], out)
    T.check(len(kept) > 600, "most examples kept (%d)" % len(kept))
    check_epub(out)
    return [out]


def test_css_table(tmp):
    """What the CSS cleaner's table of cases (tests/unit/test_css.c) writes, in a real book:
    the sheets as stylesheets, the declarations as style attributes. EPUBCheck must accept
    them all, and sheaf must find nothing more to change in them."""
    tool = os.environ.get("SHEAF_TEST_CSS")
    if not tool:
        return []
    d = os.path.join(tmp, "css-table")
    os.makedirs(d)
    r = subprocess.run([tool, "--dump", d], capture_output=True, text=True)
    T.check(r.returncode == 0, "test_css --dump: %s" % r.stderr)
    names = sorted(os.listdir(d))
    sheets = [n for n in names if n.endswith(".css") and os.path.getsize(os.path.join(d, n))]
    decls = [n for n in names if n.endswith(".txt")]
    T.check(len(sheets) > 50 and len(decls) > 20, "the table's outputs (%d, %d)" % (len(sheets), len(decls)))
    with open(os.path.join(d, "css.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: CSS table\nlang: en\ncss:\n")
        f.writelines("- %s\n" % n for n in sheets)
        f.write("---\n\n# Styles\n\n")
        for n in decls:
            style = open(os.path.join(d, n), encoding="utf-8").read()
            f.write("<p style=\"%s\">%s</p>\n\n" % (html.escape(style, quote=True), n))
    out = os.path.join(tmp, "css-table.epub")
    r = build([os.path.join(d, "css.md")], out)
    # the table's url()s name files this book does not hold: those go, nothing else may
    more = [l for l in r.stderr.splitlines() if "removed" in l and "is not in the book" not in l]
    T.check(not more, "the cleaner's output needs no more cleaning:\n%s" % "\n".join(more))
    check_epub(out)
    return [out]


def test_threads(tmp):
    """The same bytes whatever the number of threads (rendering ahead must not change them),
    also for a book larger than what pass 1 keeps parsed for pass 2 (SHEAF_KEEP_BYTES, 1.5 MiB):
    its first chapters are rendered from pass 1's trees, the others read and parsed again."""
    big = os.path.join(tmp, "big-book")
    subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "gen-book.py"), "-q",
                    "--chapters", "40", big], check=True)
    for src in (os.path.join(BOOKS, "novel"), os.path.join(BOOKS, "split", "long.md"),
                os.path.join(BOOKS, "raw", "raw.md"), big):
        outs = []
        for n in (1, 2, 4):
            out = os.path.join(tmp, "threads-%d.epub" % n)
            r = build(["--threads", str(n), src], out)
            outs.append((open(out, "rb").read(), r.stderr))
        T.check(all(o == outs[0] for o in outs), "%s: same bytes and messages with 1, 2 and 4 threads" % src)
    r = run_sheaf(["check", os.path.join(tmp, "threads-1.epub")])
    T.check(r.returncode == 0, "the 2 MB book passes sheaf check:\n%s" % r.stdout)
    return []


def broken_copy(src, dst):
    """src with problems in several of its chapters: a duplicate id, a dangling fragment."""
    import zipfile
    zin = zipfile.ZipFile(src)
    chapters = [n for n in zin.namelist() if n.startswith("EPUB/text/") and "title-page" not in n
                and "cover" not in n]
    with zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in chapters[1::2]:
                other = os.path.basename(chapters[0])
                data = data.replace(b"</body>", b'<p id="twice">a</p><p id="twice">b</p>'
                                    b'<p><a href="%s#nowhere">x</a></p></body>' % other.encode())
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(info.filename, data, compress_type=method)
    return len(chapters[1::2])


def test_check_threads(tmp):
    """`sheaf check` reports the same, in the same order, whatever the threads reading the
    documents: on a book broken in several chapters, and on every hostile EPUB."""
    import hostile
    good = os.path.join(tmp, "check-threads.epub")
    build([os.path.join(BOOKS, "novel")], good)
    files = [os.path.join(tmp, "check-broken.epub")]
    broken = broken_copy(good, files[0])
    for kind in list(hostile.KINDS) + ["not-a-zip", "truncated"]:
        path = os.path.join(tmp, "hostile-%s.epub" % kind)
        hostile.make(kind, path)
        files.append(path)
    for path in files:
        runs = [run_sheaf(["check", "--threads", str(n), path]) for n in (1, 2, 4)]
        got = [(r.returncode, r.stdout, r.stderr) for r in runs]
        T.check(all(g == got[0] for g in got), "%s: the same report with 1, 2 and 4 threads:\n%s"
                % (os.path.basename(path), "\n---\n".join(g[1] for g in got)))
    out = run_sheaf(["check", files[0]]).stdout
    T.check(broken >= 2, "the broken copy breaks several chapters")
    T.eq(out.count("Duplicate ID \"twice\""), broken, "one duplicate-id error per broken chapter")
    T.eq(out.count('Fragment identifier "nowhere" is not defined'), broken, "one RSC-012 per broken chapter")
    return []


def test_metadata(tmp):
    out = os.path.join(tmp, "metadata.epub")
    build([os.path.join(BOOKS, "metadata")], out)
    ep = check_epub(out)
    got = ep.opf.find("opf:metadata", NS)
    want_path = os.path.join(BOOKS, "metadata", "expected-metadata.xml")
    want = etree.fromstring(open(want_path, "rb").read())

    def canon(e):
        for el in e.iter():
            el.tail = None
            if el.text and not el.text.strip():
                el.text = None
        return etree.tostring(e, method="c14n")
    T.eq(canon(got).decode(), canon(want).decode(), "the package metadata is %s" % want_path)
    spine = ep.opf.find("opf:spine", NS)
    T.eq(spine.get("page-progression-direction"), "ltr", "page-progression-direction")
    return [out]


def test_languages(tmp):
    rows = yaml.safe_load(open(os.path.join(HERE, "languages.yaml"), encoding="utf-8"))
    outs = []
    for row in rows:
        src = os.path.join(tmp, "lang-%s.md" % row["lang"])
        with open(src, "w", encoding="utf-8") as f:
            f.write('---\ntitle: "Lang %s"\nlang: %s\n---\n\n# Heading\n\nShe said "yes".\n' % (row["lang"], row["lang"]))
        out = src[:-3] + ".epub"
        build([src], out)
        ep = check_epub(out)
        nav = ep.nav()
        h1 = nav.find(".//x:nav/x:h1", NS)
        T.eq(h1.text if h1 is not None else None, row["contents"], "%s: TOC title" % row["lang"])
        labels = {t: a for t, a in
                  ((a.get("{%s}type" % NS["epub"]), "".join(a.itertext())) for a in nav.iter("{%s}a" % NS["x"]))
                  if t}
        T.eq(labels.get("bodymatter"), row["start"], "%s: landmark label" % row["lang"])
        chap = ep.xml([h for h in ep.spine_hrefs() if h.endswith("lang-%s.xhtml" % row["lang"].lower())][0])
        text = "".join(chap.find("x:body", NS).itertext())
        q1, q2 = row["quotes"]
        T.check("said %syes%s." % (q1, q2) in text, "%s: quotes in %r" % (row["lang"], text.strip()))
        T.eq(chap.get("dir"), row["dir"], "%s: dir on content documents" % row["lang"])
        T.eq(ep.opf.get("dir"), row["dir"], "%s: dir on the package" % row["lang"])
        ppd = ep.opf.find("opf:spine", NS).get("page-progression-direction")
        T.eq(ppd, row["dir"], "%s: page-progression-direction" % row["lang"])
        outs.append(out)
    return outs[:3]  # EPUBCheck on a few; the structure checks above ran on all


def main():
    need_epubcheck()
    tmp = tempfile.mkdtemp(prefix="sheaf-e2e-")
    try:
        outs = []
        for t in (test_default_book, test_constructs, test_files, test_novel, test_mdbook,
                  test_split, test_options, test_raw_html, test_metadata, test_languages, test_threads,
                  test_check_threads, test_commonmark, test_css_table):
            outs += t(tmp)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for path, (counts, msgs) in zip(outs, pool.map(epubcheck, outs)):
                ok = counts["FATAL"] == 0 and counts["ERROR"] == 0 and counts["WARNING"] == 0
                T.check(ok, "EPUBCheck on %s: %s\n  %s" % (os.path.basename(path), counts, "\n  ".join(msgs)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    T.finish()


if __name__ == "__main__":
    main()
