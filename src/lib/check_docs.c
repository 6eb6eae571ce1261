/* check_docs.c -- `sheaf check`: content documents, the navigation document and the NCX
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "mem.h"
#include "source.h"
#include "url.h"

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define EPUB_NS "http://www.idpf.org/2007/ops"
#define SVG_NS "http://www.w3.org/2000/svg"
#define MATHML_NS "http://www.w3.org/1998/Math/MathML"
#define NCX_NS "http://www.daisy.org/z3986/2005/ncx/"
#define XML_NS "http://www.w3.org/XML/1998/namespace"

typedef struct doc_ctx {
  checker *c;
  chk_item *item;
  const char *path;
  char *dir;
  int depth;
} doc_ctx;

static int in_ns(xmlNodePtr n, const char *ns) {
  return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static int is_x(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && in_ns(n, XHTML_NS) &&
         strcmp((const char *)n->name, name) == 0;
}

static unsigned line_of(xmlNodePtr n) {
  return (unsigned)xmlGetLineNo(n);
}

static void add_ref(checker *c, const char *from, unsigned line, char *target, char *fragment,
                    int hyperlink) {
  c->refs = sheaf_xgrow(c->refs, &c->cap_refs, c->n_refs + 1, sizeof *c->refs);
  c->refs[c->n_refs++] = (chk_ref){sheaf_xstrdup(from), line, target, fragment, hyperlink};
}

/* One URL in a content document. */
static void check_url(doc_ctx *d, xmlNodePtr n, const char *attr, const char *url) {
  checker *c = d->c;
  unsigned line = line_of(n);
  const char *el = (const char *)n->name;
  int hyperlink = !strcmp(el, "a") || !strcmp(el, "area");
  size_t scheme = sheaf_url_scheme(url);
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    if (*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == '^' || *p == '`' ||
        *p == '{' || *p == '|' || *p == '}' || (*p == '%' && !(isxdigit(p[1]) && isxdigit(p[2])))) {
      chk_error(c, "RSC-020", d->path, line, "\"%s\" is not a valid URL.", url);
      return;
    }
  }
  if (scheme) {
    if (scheme == 4 && strncasecmp(url, "file", 4) == 0) {
      chk_error(c, "RSC-030", d->path, line, "File URLs are not allowed in EPUB, but found \"%s\".",
                url);
    } else if (!hyperlink && (strncasecmp(url, "http", 4) == 0)) {
      if (!strcmp(el, "audio") || !strcmp(el, "video") || !strcmp(el, "source") ||
          !strcmp(el, "track")) {
        d->item->needed |= CHK_REMOTE;
      } else {
        chk_error(c, "RSC-006", d->path, line,
                  "Remote resource reference is not allowed in this context; resource \"%s\" "
                  "must be located in the EPUB container.",
                  url);
      }
    }
    return;
  }
  if (url[0] == '/' && url[1] == '/') {
    return;
  }
  if (strchr(url, '?')) {
    chk_warning(c, "RSC-033", d->path, line,
                "Relative URL strings must not have a query component: \"%s\".", url);
  }
  char *fragment = NULL;
  char *target = chk_resolve(d->dir, url, &fragment);
  if (!target) {
    chk_error(c, "RSC-026", d->path, line, "URL \"%s\" leaks outside the container.", url);
    free(fragment);
    return;
  }
  if (!*target) { /* same document */
    free(target);
    target = sheaf_xstrdup(d->path);
  }
  (void)attr;
  add_ref(c, d->path, line, target, fragment, hyperlink);
}

static void check_element(doc_ctx *d, xmlNodePtr n, int in_link) {
  checker *c = d->c;
  if (in_ns(n, SVG_NS)) {
    d->item->needed |= CHK_SVG;
  } else if (in_ns(n, MATHML_NS)) {
    d->item->needed |= CHK_MATHML;
  }
  if (is_x(n, "script")) {
    d->item->needed |= CHK_SCRIPTED;
  }
  if (is_x(n, "a") && in_link) {
    chk_error(c, "RSC-005", d->path, line_of(n),
              "Error while parsing file: The a element must not appear inside a elements.");
  }
  char *id = chk_attr(n, "id");
  if (id) {
    char *key = sheaf_xasprintf("%s#%s", d->path, id);
    if (!sheaf_strmap_add(&c->ids, key, 0)) {
      chk_error(c, "RSC-005", d->path, line_of(n), "Error while parsing file: Duplicate ID \"%s\"",
                id);
    }
    free(key);
    free(id);
  }
  char *lang = chk_attr(n, "lang");
  char *xlang = chk_attr_ns(n, "lang", XML_NS);
  if (lang && xlang && strcmp(lang, xlang) != 0) {
    chk_error(c, "RSC-005", d->path, line_of(n),
              "Error while parsing file: lang and xml:lang attributes must have the same value.");
  }
  free(lang);
  free(xlang);
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    if (!strncmp(an, "on", 2) && !a->ns) {
      d->item->needed |= CHK_SCRIPTED;
    }
  }
  static const char *const url_attrs[] = {"href", "src", "poster", NULL};
  for (size_t i = 0; url_attrs[i] && (in_ns(n, XHTML_NS)); i++) {
    char *v = chk_attr(n, url_attrs[i]);
    if (v && !(is_x(n, "link") && strcmp(url_attrs[i], "href") != 0)) {
      check_url(d, n, url_attrs[i], v);
    }
    free(v);
  }
}

/* Walks the document's elements (the XML parser has already bounded the depth). */
static void walk(doc_ctx *d, xmlNodePtr n, int in_link) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    check_element(d, n, in_link);
    walk(d, n->children, in_link || is_x(n, "a"));
  }
}

static xmlNodePtr child_x(xmlNodePtr parent, const char *name) {
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next) {
    if (is_x(n, name)) {
      return n;
    }
  }
  return NULL;
}

static void check_head(doc_ctx *d, xmlNodePtr html) {
  xmlNodePtr head = child_x(html, "head");
  xmlNodePtr title = child_x(head, "title");
  char *t = title ? chk_text(title) : NULL;
  if (!title || !t || !*t) {
    chk_error(d->c, "RSC-005", d->path, line_of(head ? head : html),
              "Error while parsing file: element \"head\" needs a non-empty \"title\"");
  }
  free(t);
}

/* ---- navigation ---- */

static char *nav_type(xmlNodePtr nav) {
  return chk_attr_ns(nav, "type", EPUB_NS);
}

/* A landmarks anchor says what it points at with epub:type. */
static void check_landmark_type(doc_ctx *d, xmlNodePtr a) {
  char *t = nav_type(a);
  if (!t) {
    chk_error(d->c, "RSC-005", d->path, line_of(a),
              "Error while parsing file: Missing epub:type attribute on anchor inside "
              "\"landmarks\" nav element");
  }
  free(t);
}

/* A nav link stays inside the book, and what it points at in the book is a spine item. */
static void check_nav_href(doc_ctx *d, xmlNodePtr a, int landmarks) {
  checker *c = d->c;
  char *href = chk_attr(a, "href");
  if (href && sheaf_url_scheme(href)) {
    chk_error(c, "NAV-010", d->path, line_of(a),
              "\"%s\" nav must not link to remote resources; "
              "found link to \"%s\".",
              landmarks ? "landmarks" : "toc", href);
  } else if (href) {
    char *frag = NULL;
    char *target = chk_resolve(d->dir, href, &frag);
    size_t i;
    if (target && sheaf_strmap_get(&c->item_by_path, target, &i) && !c->items[i].in_spine) {
      chk_error(c, "RSC-011", d->path, line_of(a),
                "Found a reference to a resource that is not a spine item.");
    }
    free(target);
    free(frag);
  }
  free(href);
}

/* One element of a nav list: an li holding a (text) or span (text) followed by an ol.
 * Returns its nested ol, or NULL. */
static xmlNodePtr check_nav_item(doc_ctx *d, xmlNodePtr li, int landmarks) {
  xmlNodePtr a = child_x(li, "a");
  xmlNodePtr span = child_x(li, "span");
  xmlNodePtr sub = child_x(li, "ol");
  xmlNodePtr label = a ? a : span;
  char *text = label ? chk_text(label) : NULL;
  if (!is_x(li, "li") || !label || (span && !sub)) {
    chk_error(d->c, "RSC-005", d->path, line_of(li),
              "Error while parsing file: each nav list item holds a link, or a heading with a "
              "nested list");
  } else if (!text || !*text) {
    chk_error(d->c, "RSC-005", d->path, line_of(label),
              "Error while parsing file: Anchors within nav elements must contain text");
  }
  free(text);
  if (a && landmarks) {
    check_landmark_type(d, a);
  }
  if (a) {
    check_nav_href(d, a, landmarks);
  }
  return sub;
}

/* A nav's list and its nested lists, down to a fixed depth; each must have an item. */
static void check_nav_list(doc_ctx *d, xmlNodePtr ol, int landmarks, int depth) {
  int items = 0;
  for (xmlNodePtr li = ol->children; li && depth < 64; li = li->next) {
    if (li->type != XML_ELEMENT_NODE) {
      continue;
    }
    items++;
    xmlNodePtr sub = check_nav_item(d, li, landmarks);
    if (sub) {
      check_nav_list(d, sub, landmarks, depth + 1);
    }
  }
  if (items == 0) {
    chk_error(d->c, "RSC-005", d->path, line_of(ol),
              "Error while parsing file: element \"ol\" incomplete; expected element \"li\"");
  }
}

/* Which nav a nav element is, by its epub:type: 0 toc, 1 landmarks, 2 page-list, -1 other. */
static int nav_kind(xmlNodePtr nav) {
  char *t = nav_type(nav);
  int kind = !t                       ? -1
             : strstr(t, "toc")       ? 0
             : strstr(t, "landmarks") ? 1
             : strstr(t, "page-list") ? 2
                                      : -1;
  free(t);
  return kind;
}

/* Counts a nav element by kind in counts[] and checks its list. */
static void check_nav_element(doc_ctx *d, xmlNodePtr nav, size_t counts[3]) {
  int kind = nav_kind(nav);
  if (kind < 0) {
    return;
  }
  counts[kind]++;
  xmlNodePtr ol = child_x(nav, "ol");
  if (!ol) {
    chk_error(d->c, "RSC-005", d->path, line_of(nav),
              "Error while parsing file: element \"nav\" incomplete; missing required "
              "element \"ol\"");
  } else {
    check_nav_list(d, ol, kind == 1, 0);
  }
}

static void find_navs(doc_ctx *d, xmlNodePtr n, size_t counts[3]) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (is_x(n, "nav")) {
      check_nav_element(d, n, counts);
    }
    find_navs(d, n->children, counts);
  }
}

static void check_nav(doc_ctx *d, xmlNodePtr body) {
  size_t counts[3] = {0, 0, 0};
  find_navs(d, body, counts);
  if (counts[0] != 1) {
    chk_error(d->c, "RSC-005", d->path, line_of(body),
              "Error while parsing file: Exactly one \"toc\" nav element must be present");
  }
  if (counts[1] > 1 || counts[2] > 1) {
    chk_error(d->c, "RSC-005", d->path, line_of(body),
              "Error while parsing file: Multiple occurrences of the \"landmarks\" or "
              "\"page-list\" nav element");
  }
}

/* ---- one document ---- */

static void check_xhtml(checker *c, chk_item *it, xmlDocPtr doc) {
  doc_ctx d = {c, it, it->path, sheaf_path_dir(it->path), 0};
  if (strcmp(d.dir, ".") == 0) {
    d.dir[0] = '\0';
  }
  xmlNodePtr html = xmlDocGetRootElement(doc);
  if (!is_x(html, "html")) {
    chk_error(c, "RSC-005", it->path, html ? line_of(html) : 0,
              "Error while parsing file: the root element must be \"html\" in the XHTML "
              "namespace");
  } else {
    check_head(&d, html);
    walk(&d, html, 0);
    if (it->declared & CHK_NAV) {
      xmlNodePtr body = child_x(html, "body");
      if (body) {
        check_nav(&d, body);
      }
    }
  }
  free(d.dir);
}

/* An NCX meta dtb:uid must repeat the package's unique identifier. */
static void check_ncx_uid(checker *c, const chk_item *it, xmlNodePtr meta) {
  char *name = chk_attr(meta, "name");
  char *uid = name && strcmp(name, "dtb:uid") == 0 ? chk_attr(meta, "content") : NULL;
  if (c->uid && uid && strcmp(uid, c->uid) != 0) {
    chk_error(c, "NCX-001", it->path, line_of(meta),
              "NCX identifier (\"%s\") does not match OPF identifier (\"%s\").", uid, c->uid);
  }
  free(uid);
  free(name);
}

/* An NCX content src becomes a reference, checked with the others later. */
static void add_ncx_ref(checker *c, const chk_item *it, const char *dir, xmlNodePtr content) {
  char *src = chk_attr(content, "src");
  char *frag = NULL;
  char *target = src ? chk_resolve(dir, src, &frag) : NULL;
  if (target) {
    add_ref(c, it->path, line_of(content), target, frag, 0);
  } else {
    free(frag);
  }
  free(src);
}

/* The node after n in document order, staying inside root: its children (of an element),
 * then its siblings, then its ancestors' siblings. NULL at the end. */
static xmlNodePtr next_in_tree(xmlNodePtr n, xmlNodePtr root) {
  if (n->children && n->type == XML_ELEMENT_NODE) {
    return n->children;
  }
  while (n && !n->next && n != root) {
    n = n->parent;
  }
  return n && n != root ? n->next : NULL;
}

static void check_ncx(checker *c, chk_item *it, xmlDocPtr doc) {
  char *dir = sheaf_path_dir(it->path);
  if (strcmp(dir, ".") == 0) {
    dir[0] = '\0';
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  for (xmlNodePtr n = root; n; n = next_in_tree(n, root)) {
    if (n->type != XML_ELEMENT_NODE || !in_ns(n, NCX_NS)) {
      continue;
    }
    if (strcmp((const char *)n->name, "meta") == 0) {
      check_ncx_uid(c, it, n);
    } else if (strcmp((const char *)n->name, "content") == 0) {
      add_ncx_ref(c, it, dir, n);
    }
  }
  free(dir);
}

/* What an item declares against what its content needs (OPF-014, OPF-015). */
static void check_properties(checker *c, const chk_item *it) {
  static const struct {
    unsigned bit;
    const char *name;
  } props[] = {{CHK_SVG, "svg"},
               {CHK_MATHML, "mathml"},
               {CHK_SCRIPTED, "scripted"},
               {CHK_REMOTE, "remote-resources"}};
  for (size_t i = 0; i < 4; i++) {
    int declared = (it->declared & props[i].bit) != 0;
    int needed = (it->needed & props[i].bit) != 0;
    if (needed && !declared) {
      chk_error(c, "OPF-014", c->opf_path, it->line,
                "The property \"%s\" should be declared in the OPF file (for \"%s\").",
                props[i].name, it->href);
    } else if (declared && !needed && props[i].bit != CHK_REMOTE) {
      chk_error(c, "OPF-015", c->opf_path, it->line,
                "The property \"%s\" should not be declared in the OPF file (for \"%s\").",
                props[i].name, it->href);
    }
  }
}

static void check_item_content(checker *c, chk_item *it) {
  int xhtml = !strcmp(it->type, "application/xhtml+xml");
  int ncx = !strcmp(it->type, "application/x-dtbncx+xml");
  int svg = !strcmp(it->type, "image/svg+xml");
  if (!it->exists || !(xhtml || ncx || svg)) {
    return;
  }
  sheaf_buf b = SHEAF_BUF_INIT;
  int risky = 0;
  xmlDocPtr doc =
      chk_read(c, it->path, 0, &b) == 0 ? chk_parse_xml(c, it->path, &b, xhtml, &risky) : NULL;
  sheaf_buf_free(&b);
  if (doc && !risky) {
    if (xhtml) {
      check_xhtml(c, it, doc);
      check_properties(c, it);
    } else if (ncx) {
      check_ncx(c, it, doc);
    }
  }
  xmlFreeDoc(doc);
}

/* References between documents, once every document's ids are known. */
static void check_refs(checker *c) {
  for (size_t i = 0; i < c->n_refs; i++) {
    const chk_ref *r = &c->refs[i];
    size_t item;
    if (!chk_exists(c, r->target)) {
      chk_error(c, "RSC-007", r->from, r->line,
                "Referenced resource \"%s\" could not be found in the EPUB.", r->target);
      continue;
    }
    int listed = sheaf_strmap_get(&c->item_by_path, r->target, &item);
    if (!listed) {
      chk_error(c, "RSC-008", r->from, r->line,
                "Referenced resource \"%s\" is not declared in the OPF manifest.", r->target);
      continue;
    }
    const chk_item *t = &c->items[item];
    if (r->hyperlink && !t->in_spine) {
      chk_error(c, "RSC-011", r->from, r->line,
                "Found a reference to a resource that is not a spine item.");
    }
    if (r->fragment && *r->fragment && t->type && !strcmp(t->type, "application/xhtml+xml")) {
      char *key = sheaf_xasprintf("%s#%s", r->target, r->fragment);
      if (!sheaf_strmap_get(&c->ids, key, NULL)) {
        chk_error(c, "RSC-012", r->from, r->line, "Fragment identifier \"%s\" is not defined.",
                  r->fragment);
      }
      free(key);
    }
  }
}

void chk_documents(checker *c) {
  for (size_t i = 0; i < c->n_items; i++) {
    if (c->items[i].id && c->items[i].type && c->items[i].path) {
      check_item_content(c, &c->items[i]);
    }
  }
  check_refs(c);
}
