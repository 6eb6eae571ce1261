# epubtest.py -- helpers for the end-to-end tests: run sheaf, run EPUBCheck, read an EPUB
# SPDX-License-Identifier: MIT
#
# XML is parsed with lxml, that is with libxml2. EPUBCheck is Debian's 4.2.6 jar; when Java or
# the jar is missing the suite is skipped (exit 77) on a developer's machine, and fails in CI
# (CI=true), where the set-up script installs them.
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

from lxml import etree

SHEAF = os.environ.get("SHEAF", "sheaf")
SOURCE_DIR = os.environ.get("SHEAF_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
EPUBCHECK_JAR = os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar")
SKIP = 77

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}


class Failures:
    """Collects failed checks so that one run reports all of them."""

    def __init__(self, name):
        self.name = name
        self.failed = []
        self.passed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed.append(what)
            print("FAIL:", what, file=sys.stderr, flush=True)
        return cond

    def eq(self, got, want, what):
        return self.check(got == want, "%s: got %r, want %r" % (what, got, want))

    def finish(self):
        print("%s: %d passed, %d failed" % (self.name, self.passed, len(self.failed)))
        sys.exit(1 if self.failed else 0)


def need_epubcheck():
    """Exits with 77 (skip) when EPUBCheck cannot run, except in CI where that is a failure."""
    if shutil.which("java") and os.path.exists(EPUBCHECK_JAR):
        return
    msg = "EPUBCheck (java and %s) is not installed" % EPUBCHECK_JAR
    if os.environ.get("CI") == "true":
        print("FAIL: " + msg + "; CI must install it", file=sys.stderr)
        sys.exit(1)
    print("SKIP: " + msg, file=sys.stderr)
    sys.exit(SKIP)


def run_sheaf(args, cwd=None, env=None, stdin=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([SHEAF] + list(args), cwd=cwd, env=e, capture_output=True, text=True,
                          input=stdin, timeout=300)


def epubcheck(path):
    """Runs EPUBCheck; returns (counts by severity, messages)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        report = tmp.name
    try:
        subprocess.run(["java", "-jar", EPUBCHECK_JAR, path, "--json", report],
                       capture_output=True, timeout=600)
        with open(report, encoding="utf-8") as f:
            data = json.load(f)
    finally:
        os.unlink(report)
    counts = {"FATAL": 0, "ERROR": 0, "WARNING": 0, "USAGE": 0, "INFO": 0}
    msgs = []
    for m in data.get("messages", []):
        counts[m["severity"]] = counts.get(m["severity"], 0) + 1
        loc = (m.get("locations") or [{}])[0]
        msgs.append("%s %s %s:%s: %s" % (m["severity"], m["ID"], loc.get("path"), loc.get("line"),
                                         m["message"]))
    return counts, msgs


def local_headers(path):
    """The zip's local file headers in order: (name, method, extra length, flags)."""
    out = []
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    while data[pos:pos + 4] == b"PK\x03\x04":
        (flags, method, _t, _d, _crc, csize, _usize, nlen, xlen) = struct.unpack(
            "<HHHHIIIHH", data[pos + 6:pos + 30])
        name = data[pos + 30:pos + 30 + nlen].decode("utf-8")
        out.append((name, method, xlen, flags))
        pos += 30 + nlen + xlen + csize
        if flags & 8:
            pos += 16  # a data descriptor follows
    return out


class Epub:
    """An EPUB opened for inspection: its zip, container, package document and nav."""

    def __init__(self, path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = self.zip.namelist()
        container = self.xml("META-INF/container.xml")
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.root = os.path.dirname(self.opf_path)
        self.opf = self.xml(self.opf_path)
        self.manifest = {}
        for item in self.opf.findall(".//opf:manifest/opf:item", NS):
            self.manifest[item.get("id")] = item
        nav_item = [i for i in self.manifest.values() if "nav" in (i.get("properties") or "").split()]
        self.nav_path = self.join(nav_item[0].get("href")) if nav_item else None

    def join(self, href):
        return os.path.normpath(os.path.join(self.root, href.split("#")[0])).replace("\\", "/")

    def read(self, name):
        return self.zip.read(name)

    def xml(self, name):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return etree.fromstring(self.read(name), parser)

    def meta(self, tag):
        return [e.text for e in self.opf.findall(".//opf:metadata/" + tag, NS)]

    def meta_property(self, prop):
        return [e.text for e in self.opf.findall(".//opf:metadata/opf:meta", NS)
                if e.get("property") == prop]

    def spine(self):
        return [(r.get("idref"), r.get("linear", "yes")) for r in self.opf.findall(".//opf:spine/opf:itemref", NS)]

    def spine_hrefs(self):
        return [self.join(self.manifest[i].get("href")) for i, _ in self.spine()]

    def nav(self):
        return self.xml(self.nav_path)

    def toc(self):
        """The TOC as nested (label, href, children) tuples."""
        nav = self.nav()
        toc = [n for n in nav.iter("{%s}nav" % NS["x"]) if n.get("{%s}type" % NS["epub"]) == "toc"]

        def walk(ol):
            out = []
            for li in ol.findall("x:li", NS):
                a = li.find("x:a", NS)
                label = a if a is not None else li.find("x:span", NS)
                sub = li.find("x:ol", NS)
                out.append(("".join(label.itertext()), a.get("href") if a is not None else None,
                            walk(sub) if sub is not None else []))
            return out
        return walk(toc[0].find("x:ol", NS))

    def landmarks(self):
        nav = self.nav()
        for n in nav.iter("{%s}nav" % NS["x"]):
            if n.get("{%s}type" % NS["epub"]) == "landmarks":
                return [(a.get("{%s}type" % NS["epub"]), a.get("href")) for a in n.iter("{%s}a" % NS["x"])]
        return []

    def ncx_toc(self):
        ncx_items = [i for i in self.manifest.values() if i.get("media-type") == "application/x-dtbncx+xml"]
        ncx = self.xml(self.join(ncx_items[0].get("href")))

        def walk(parent):
            out = []
            for np in parent.findall("ncx:navPoint", NS):
                label = np.find("ncx:navLabel/ncx:text", NS).text
                src = np.find("ncx:content", NS).get("src")
                out.append((label, src, walk(np)))
            return out
        return walk(ncx.find("ncx:navMap", NS))
