# hostile.py -- broken and hostile EPUBs for the `sheaf check` cases in cases.yaml
# SPDX-License-Identifier: MIT
#
# make(kind, path) writes one. A small zip writer is here because the hostile kinds (NUL
# bytes and ".." in names, duplicate entries, lying sizes, truncation) are exactly what
# Python's zipfile refuses to make.
import struct
import zlib

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:123e4567-e89b-12d3-a456-426614174000</dc:identifier>
    <dc:title>T</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"{props}/>
{items}  </manifest>
  <spine>
    <itemref idref="c1"/>
  </spine>
</package>
"""

NAV = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body><nav epub:type="toc" id="toc"><ol><li><a href="c1.xhtml">One</a></li></ol></nav></body>
</html>
"""

CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head><title>One</title></head>
<body>{body}</body>
</html>
"""

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def entry(name, data, method=8, extra=b"", declared=None, crc=None, damage=None):
    """One zip entry: (local header + data, central header builder). `crc` overrides the CRC
    recorded; `damage` flips the bits of the compressed byte at that offset."""
    name_b = name if isinstance(name, bytes) else name.encode("utf-8")
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    comp = raw if method == 0 else zlib.compress(raw, 9)[2:-4]
    if damage is not None:
        comp = comp[:damage] + bytes([comp[damage] ^ 0xFF]) + comp[damage + 1:]
    crc = zlib.crc32(raw) if crc is None else crc
    size = len(raw) if declared is None else declared
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(comp), size,
                        len(name_b), len(extra)) + name_b + extra + comp
    def central(offset):
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                           len(comp), size, len(name_b), 0, 0, 0, 0, 0, offset) + name_b
    return local, central


def write_zip(path, entries, truncate=None):
    body = b""
    centrals = b""
    for local, central in entries:
        centrals += central(len(body))
        body += local
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(centrals),
                      len(body), 0)
    data = body + centrals + end
    with open(path, "wb") as f:
        f.write(data[:truncate] if truncate else data)


def book(body="<p>Text.</p>", props="", items="", extra_entries=(), mimetype=None, opf=None,
         container=CONTAINER, nav=NAV):
    """The entries of a small EPUB, with the parts a case wants to break."""
    out = [mimetype or entry("mimetype", "application/epub+zip", 0)]
    if container is not None:
        out.append(entry("META-INF/container.xml", container))
    out.append(entry("EPUB/package.opf", opf or OPF.format(props=props, items=items)))
    out.append(entry("EPUB/nav.xhtml", nav))
    out.append(entry("EPUB/c1.xhtml", CHAPTER.format(body=body)))
    out.extend(extra_entries)
    return out


def bomb_entry():
    zeros = b"\0" * (48 << 20)
    return entry("EPUB/bomb.xhtml", zeros)


KINDS = {
    "good": lambda: book(),
    "not-a-zip": None,
    "truncated": None,
    "mimetype-second": lambda: [entry("META-INF/container.xml", CONTAINER)] + book()[:1] + book()[2:],
    "mimetype-deflated": lambda: book(mimetype=entry("mimetype", "application/epub+zip", 8)),
    "mimetype-extra-field": lambda: book(mimetype=entry("mimetype", "application/epub+zip", 0,
                                                        extra=b"UT\x05\x00\x01\x00\x00\x00\x00")),
    "mimetype-wrong": lambda: book(mimetype=entry("mimetype", "application/zip", 0)),
    "no-container": lambda: book(container=None),
    "no-rootfile": lambda: book(container=CONTAINER.replace("application/oebps-package+xml", "text/plain")),
    "no-title": lambda: book(opf=OPF.format(props="", items="").replace("<dc:title>T</dc:title>", "")),
    "bad-modified": lambda: book(opf=OPF.format(props="", items="").replace("2024-01-01T00:00:00Z", "2024-01-01")),
    "bad-uid": lambda: book(opf=OPF.format(props="", items="").replace('unique-identifier="uid"', 'unique-identifier="nope"')),
    "missing-item": lambda: book(items='    <item id="i" href="img.png" media-type="image/png"/>\n'),
    "unlisted-file": lambda: book(extra_entries=[entry("EPUB/extra.css", "p{}")]),
    "not-well-formed": lambda: book(body="<p>unclosed <b>bold</p>"),
    "html-entity": lambda: book(body="<p>a&nbsp;b</p>"),
    "duplicate-id": lambda: book(body='<p id="a">1</p><p id="a">2</p>'),
    "broken-fragment": lambda: book(body='<p><a href="#nowhere">x</a></p>'),
    "missing-link-target": lambda: book(body='<p><a href="gone.xhtml">x</a></p>'),
    "svg-undeclared": lambda: book(body='<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
    "remote-image": lambda: book(body='<p><img src="https://example.com/a.png" alt="a"/></p>'),
    "no-toc-nav": lambda: book(nav=NAV.replace('epub:type="toc"', 'epub:type="landmarks"')),
    "dotdot-name": lambda: book(extra_entries=[entry("../../evil.txt", "x")]),
    "absolute-name": lambda: book(extra_entries=[entry("/etc/evil.txt", "x")]),
    "nul-name": lambda: book(extra_entries=[entry(b"EPUB/a\x00b.txt", "x")]),
    "duplicate-entry": lambda: book(extra_entries=[entry("EPUB/c1.xhtml", CHAPTER.format(body="<p>again</p>"))]),
    "zip-bomb": lambda: book(items='    <item id="b" href="bomb.xhtml" media-type="application/xhtml+xml"/>\n',
                             extra_entries=[bomb_entry()]),
    "lying-size": lambda: book(extra_entries=[entry("EPUB/lie.xhtml", "x" * 5000, declared=10)],
                               items='    <item id="l" href="lie.xhtml" media-type="application/xhtml+xml"/>\n'),
    "bad-crc": lambda: book()[:-1] + [entry("EPUB/c1.xhtml", CHAPTER.format(body="<p>Text.</p>"),
                                           crc=0x12345678)],
    "corrupt-deflate": lambda: book()[:-1] + [entry("EPUB/c1.xhtml", CHAPTER.format(body="<p>Text.</p>"),
                                                   damage=3)],
    "external-entity": lambda: book(nav=NAV, body="<p>&ext;</p>") if False else
    [e for e in book()[:-1]] + [entry("EPUB/c1.xhtml",
                                      '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'
                                      '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>&ext;</p></body></html>')],
    "external-dtd": lambda: [e for e in book()[:-1]] + [entry("EPUB/c1.xhtml",
                                      '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
                                      '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>x</p></body></html>')],
    "entity-bomb": lambda: [e for e in book()[:-1]] + [entry("EPUB/c1.xhtml",
                                      '<?xml version="1.0"?>\n<!DOCTYPE html [' +
                                      '<!ENTITY a0 "xxxxxxxxxx">' +
                                      "".join('<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10) for i in range(1, 12)) +
                                      ']>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>&a11;</p></body></html>')],
    "deep-xml": lambda: book(body="<div>" * 5000 + "deep" + "</div>" * 5000),
    "huge-text": lambda: book(body="<p>" + "lorem ipsum " * 1200000 + "</p>"),
}


def make(kind, path):
    if kind == "not-a-zip":
        with open(path, "wb") as f:
            f.write(b"This is not a zip archive at all.\n" * 10)
        return
    if kind == "truncated":
        write_zip(path, book(), truncate=300)
        return
    write_zip(path, KINDS[kind]())
