/* check_opf.c -- `sheaf check`: the package document (metadata, manifest, spine)
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "media.h"
#include "mem.h"
#include "meta.h"
#include "url.h"

#define OPF_NS "http://www.idpf.org/2007/opf"
#define DC_NS "http://purl.org/dc/elements/1.1/"

static int is(xmlNodePtr n, const char *name, const char *ns) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 && n->ns &&
         n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name, const char *ns) {
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next) {
    if (is(n, name, ns)) {
      return n;
    }
  }
  return NULL;
}

static unsigned line_of(xmlNodePtr n) {
  return n ? (unsigned)xmlGetLineNo(n) : 0;
}

static unsigned props_of(const char *props) {
  static const struct {
    const char *name;
    unsigned bit;
  } known[] = {{"svg", CHK_SVG},           {"mathml", CHK_MATHML},
               {"scripted", CHK_SCRIPTED}, {"remote-resources", CHK_REMOTE},
               {"nav", CHK_NAV},           {"cover-image", CHK_COVER}};
  unsigned bits = 0;
  char *copy = sheaf_xstrdup(props ? props : "");
  char *save = NULL;
  for (char *w = strtok_r(copy, " \t\n\r", &save); w; w = strtok_r(NULL, " \t\n\r", &save)) {
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
      bits |= strcmp(w, known[i].name) == 0 ? known[i].bit : 0;
    }
  }
  free(copy);
  return bits;
}

/* ---- metadata ---- */

static void check_modified(checker *c, xmlNodePtr meta) {
  size_t count = 0;
  for (xmlNodePtr n = meta->children; n; n = n->next) {
    char *prop = is(n, "meta", OPF_NS) ? chk_attr(n, "property") : NULL;
    if (prop && strcmp(prop, "dcterms:modified") == 0) {
      count++;
      char *v = chk_text(n);
      int ok = strlen(v) == 20 && sheaf_valid_date(v) && v[19] == 'Z';
      if (!ok) {
        chk_error(c, "RSC-005", c->opf_path, line_of(n),
                  "Error while parsing file: dcterms:modified illegal syntax (expecting: "
                  "'CCYY-MM-DDThh:mm:ssZ')");
      }
      free(v);
    }
    free(prop);
  }
  if (count != 1) {
    chk_error(c, "RSC-005", c->opf_path, line_of(meta),
              "Error while parsing file: package dcterms:modified meta element must occur "
              "exactly once");
  }
}

static void check_identifier(checker *c, xmlNodePtr pkg, xmlNodePtr meta) {
  char *uid_ref = chk_attr(pkg, "unique-identifier");
  if (!uid_ref || !*uid_ref) {
    chk_error(c, "OPF-048", c->opf_path, line_of(pkg),
              "Package tag is missing its required unique-identifier attribute and value.");
  }
  int found = 0;
  for (xmlNodePtr n = meta->children; n; n = n->next) {
    if (!is(n, "identifier", DC_NS)) {
      continue;
    }
    char *id = chk_attr(n, "id");
    char *v = chk_text(n);
    if (uid_ref && id && strcmp(id, uid_ref) == 0) {
      found = 1;
      free(c->uid);
      c->uid = sheaf_xstrdup(v);
    }
    if (strncmp(v, "urn:uuid:", 9) == 0 && !sheaf_valid_uuid(v + 9)) {
      chk_warning(c, "OPF-085", c->opf_path, line_of(n),
                  "\"%s\" is marked as a UUID, but is an invalid UUID.", v);
    }
    free(id);
    free(v);
  }
  if (uid_ref && *uid_ref && !found) {
    chk_error(c, "OPF-030", c->opf_path, line_of(pkg),
              "The unique-identifier \"%s\" was not found.", uid_ref);
  }
  free(uid_ref);
}

static void check_metadata(checker *c, xmlNodePtr pkg) {
  xmlNodePtr meta = child(pkg, "metadata", OPF_NS);
  if (!meta) {
    chk_error(c, "RSC-005", c->opf_path, line_of(pkg),
              "Error while parsing file: element \"package\" incomplete; missing required element "
              "\"metadata\"");
    return;
  }
  static const char *const required[] = {"identifier", "title", "language"};
  for (size_t i = 0; i < 3; i++) {
    xmlNodePtr el = child(meta, required[i], DC_NS);
    char *text = el ? chk_text(el) : NULL;
    if (!el) {
      chk_error(c, "RSC-005", c->opf_path, line_of(meta),
                "Error while parsing file: element \"metadata\" incomplete; missing required "
                "element \"dc:%s\"",
                required[i]);
    } else if (!text || !*text) {
      chk_error(c, "RSC-005", c->opf_path, line_of(el),
                "Error while parsing file: element \"dc:%s\" must not be empty", required[i]);
    }
    free(text);
  }
  check_identifier(c, pkg, meta);
  check_modified(c, meta);
}

/* ---- manifest ---- */

static size_t add_item(checker *c, xmlNodePtr n) {
  c->items = sheaf_xgrow(c->items, &c->cap_items, c->n_items + 1, sizeof *c->items);
  chk_item *it = &c->items[c->n_items];
  memset(it, 0, sizeof *it);
  it->id = chk_attr(n, "id");
  it->href = chk_attr(n, "href");
  it->type = chk_attr(n, "media-type");
  it->fallback = chk_attr(n, "fallback");
  char *props = chk_attr(n, "properties");
  it->declared = props_of(props);
  free(props);
  it->line = line_of(n);
  char *frag = NULL;
  it->path = it->href ? chk_resolve(c->opf_dir, it->href, &frag) : NULL;
  free(frag);
  return c->n_items++;
}

/* Image bytes must be what the manifest says they are. */
static void check_media(checker *c, chk_item *it) {
  if (strncmp(it->type, "image/", 6) != 0) {
    return;
  }
  sheaf_buf b = SHEAF_BUF_INIT;
  if (chk_read(c, it->path, CHECK_SNIFF_BYTES, &b) == 0) {
    const sheaf_media *m = sheaf_media_sniff_image((const unsigned char *)b.ptr, b.len);
    if (m && strcmp(m->type, it->type) != 0) {
      chk_error(c, "OPF-029", c->opf_path, it->line,
                "The file \"%s\" does not appear to match the media type %s, specified in the OPF "
                "file.",
                it->href, it->type);
    }
  }
  sheaf_buf_free(&b);
}

static void check_item(checker *c, size_t i, size_t *navs, size_t *covers) {
  chk_item *it = &c->items[i];
  if (!it->id || !it->href || !it->type) {
    chk_error(c, "RSC-005", c->opf_path, it->line,
              "Error while parsing file: element \"item\" missing required attribute (id, href or "
              "media-type)");
    return;
  }
  if (!sheaf_strmap_add(&c->item_by_id, it->id, i)) {
    chk_error(c, "RSC-005", c->opf_path, it->line, "Error while parsing file: Duplicate ID \"%s\"",
              it->id);
  }
  if (!it->path) {
    chk_error(c, "RSC-026", c->opf_path, it->line, "URL \"%s\" leaks outside the container.",
              it->href);
    return;
  }
  if (sheaf_url_scheme(it->href) > 0) {
    sheaf_strmap_add(&c->item_by_path, it->href, i); /* remote: found by its URL */
  }
  if (!sheaf_strmap_add(&c->item_by_path, it->path, i)) {
    chk_error(c, "OPF-074", c->opf_path, it->line,
              "Package resource \"%s\" is declared in several manifest item elements.", it->href);
  }
  it->exists = chk_exists(c, it->path);
  if (!it->exists && strstr(it->href, "://") == NULL) {
    chk_error(c, "RSC-001", c->opf_path, it->line, "File \"%s\" could not be found.", it->href);
  }
  if (strcmp(it->path, c->opf_path) == 0) {
    chk_error(c, "OPF-099", c->opf_path, it->line,
              "The manifest must not list the package document.");
  }
  if (!strcmp(it->type, "text/html")) {
    chk_warning(c, "OPF-035", c->opf_path, it->line,
                "Media type \"text/html\" is not appropriate for XHTML/OPS; use "
                "\"application/xhtml+xml\" instead.");
  }
  *navs += (it->declared & CHK_NAV) != 0;
  *covers += (it->declared & CHK_COVER) != 0;
  if (it->exists) {
    check_media(c, it);
  }
}

static void check_manifest(checker *c, xmlNodePtr pkg) {
  xmlNodePtr man = child(pkg, "manifest", OPF_NS);
  if (!man) {
    chk_error(c, "RSC-005", c->opf_path, line_of(pkg),
              "Error while parsing file: element \"package\" incomplete; missing required element "
              "\"manifest\"");
    return;
  }
  for (xmlNodePtr n = man->children; n; n = n->next) {
    if (is(n, "item", OPF_NS)) {
      add_item(c, n);
    }
  }
  size_t navs = 0;
  size_t covers = 0;
  for (size_t i = 0; i < c->n_items; i++) {
    check_item(c, i, &navs, &covers);
  }
  if (navs != 1) {
    chk_error(c, "RSC-005", c->opf_path, line_of(man),
              "Error while parsing file: Exactly one manifest item must declare the \"nav\" "
              "property (number of \"nav\" items: %zu).",
              navs);
  }
  if (covers > 1) {
    chk_error(c, "RSC-005", c->opf_path, line_of(man),
              "Error while parsing file: Multiple occurrences of the \"cover-image\" property "
              "(number of \"cover-image\" items: %zu).",
              covers);
  }
}

/* ---- spine ---- */

static int core_spine_type(const char *type) {
  return !strcmp(type, "application/xhtml+xml") || !strcmp(type, "image/svg+xml");
}

static void check_itemref(checker *c, xmlNodePtr n, size_t *linear) {
  char *idref = chk_attr(n, "idref");
  char *lin = chk_attr(n, "linear");
  size_t i;
  if (!idref || !sheaf_strmap_get(&c->item_by_id, idref, &i)) {
    chk_error(c, "OPF-049", c->opf_path, line_of(n),
              "Item id \"%s\" was not found in the manifest.", idref ? idref : "");
  } else if (c->items[i].in_spine) {
    chk_error(c, "OPF-034", c->opf_path, line_of(n),
              "The spine contains multiple references to the manifest item with id \"%s\".", idref);
  } else {
    c->items[i].in_spine = 1;
    c->spine = sheaf_xrealloc(c->spine, (c->n_spine + 1) * sizeof *c->spine);
    c->spine[c->n_spine++] = i;
    *linear += !lin || strcmp(lin, "no") != 0;
    if (c->items[i].type && !core_spine_type(c->items[i].type) && !c->items[i].fallback) {
      chk_error(c, "OPF-043", c->opf_path, line_of(n),
                "Spine item with non-standard media-type \"%s\" has no fallback.",
                c->items[i].type);
    }
  }
  free(idref);
  free(lin);
}

static void check_spine(checker *c, xmlNodePtr pkg) {
  xmlNodePtr spine = child(pkg, "spine", OPF_NS);
  if (!spine) {
    chk_error(c, "RSC-005", c->opf_path, line_of(pkg),
              "Error while parsing file: element \"package\" incomplete; missing required element "
              "\"spine\"");
    return;
  }
  size_t linear = 0;
  for (xmlNodePtr n = spine->children; n; n = n->next) {
    if (is(n, "itemref", OPF_NS)) {
      check_itemref(c, n, &linear);
    }
  }
  if (linear == 0) {
    chk_error(c, "OPF-033", c->opf_path, line_of(spine), "The spine contains no linear resources.");
  }
  char *toc = chk_attr(spine, "toc");
  size_t i;
  if (toc && (!sheaf_strmap_get(&c->item_by_id, toc, &i) || !c->items[i].type ||
              strcmp(c->items[i].type, "application/x-dtbncx+xml") != 0)) {
    chk_error(c, "OPF-050", c->opf_path, line_of(spine),
              "TOC attribute references resource with non-NCX mime type; "
              "\"application/x-dtbncx+xml\" is expected.");
  }
  free(toc);
}

/* Zip entries the manifest does not list (OPF-003). */
static void check_unlisted(checker *c) {
  zip_int64_t n = zip_get_num_entries(c->zip, 0);
  for (zip_int64_t k = 0; k < n && k < CHECK_MAX_ENTRIES; k++) {
    const char *name = zip_get_name(c->zip, (zip_uint64_t)k, ZIP_FL_ENC_RAW);
    if (!name || !*name || strcmp(name, "mimetype") == 0 || strncmp(name, "META-INF/", 9) == 0 ||
        strcmp(name, c->opf_path) == 0 || name[strlen(name) - 1] == '/' ||
        sheaf_strmap_get(&c->item_by_path, name, NULL)) {
      continue;
    }
    chk_warning(c, "OPF-003", name, 0,
                "Item \"%s\" exists in the EPUB, but is not declared in the OPF manifest.", name);
  }
}

void chk_package(checker *c) {
  sheaf_buf b = SHEAF_BUF_INIT;
  int risky = 0;
  xmlDocPtr doc =
      chk_read(c, c->opf_path, 0, &b) == 0 ? chk_parse_xml(c, c->opf_path, &b, 0, &risky) : NULL;
  sheaf_buf_free(&b);
  xmlNodePtr pkg = doc ? xmlDocGetRootElement(doc) : NULL;
  if (pkg && !risky && is(pkg, "package", OPF_NS)) {
    check_metadata(c, pkg);
    check_manifest(c, pkg);
    check_spine(c, pkg);
    check_unlisted(c);
  } else if (pkg && !risky) {
    chk_error(c, "RSC-005", c->opf_path, line_of(pkg),
              "Error while parsing file: the root element must be \"package\" in the OPF "
              "namespace");
  }
  xmlFreeDoc(doc);
}
