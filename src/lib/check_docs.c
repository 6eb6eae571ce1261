/* check_docs.c -- `sheaf check`: content documents, the navigation document and the NCX
 * SPDX-License-Identifier: MIT
 *
 * Documents are read as a stream (libxml2's xmlTextReader), never as a tree: memory stays a few
 * kilobytes per document whatever its size, and what must outlive a document (its ids, and
 * the fragments other documents point at) is kept compactly in the checker. */
#include <ctype.h>
#include <pthread.h>
#include <libxml/xmlreader.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ahead.h"
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

/* Nesting the walk follows; libxml2 refuses deeper documents anyway (256 levels). */
#define WALK_MAX_DEPTH 300

enum nav_kind { NAV_NONE = -1, NAV_TOC, NAV_LANDMARKS, NAV_PAGES };

/* An open <li> of a navigation list, or an open <ol>. */
typedef struct nav_frame {
  int depth;
  int is_li;
  int has_a;
  int has_span;
  int has_ol;
  int items;   /* for an ol: its li */
  size_t text; /* for an li: characters in its label */
  unsigned line;
} nav_frame;

typedef struct walker {
  checker *c;
  chk_item *item;
  size_t item_idx;
  const char *path;
  char *dir;
  xmlTextReaderPtr r;
  xmlNodePtr node; /* the element the reader is on (the reader's), or NULL */
  int depth;
  unsigned line;
  int link_depth;     /* depth of the open <a>, or -1 */
  int title_depth;    /* depth of head's <title> while inside it, or -1 */
  unsigned head_line; /* where <head> starts, 0 while not seen */
  unsigned body_line; /* where <body> starts, for what the body lacks */
  size_t title_text;
  int label_depth; /* depth of an open nav label (a or span), or -1 */
  int nav;         /* the kind of nav we are in, NAV_NONE outside */
  int nav_depth;
  int nav_has_ol;
  size_t navs[3];
  nav_frame frames[WALK_MAX_DEPTH];
  int n_frames;
} walker;

/* ---- the stream ---- */

typedef struct first_error {
  char message[512];
  int line;
  int col;
  int set;
} first_error;

static void on_xml_error(void *ud, xmlErrorPtr e) {
  first_error *f = ud;
  if (f->set || e->level < XML_ERR_ERROR) {
    return;
  }
  snprintf(f->message, sizeof f->message, "%s", e->message ? e->message : "not well-formed");
  size_t n = strlen(f->message);
  while (n && (f->message[n - 1] == '\n' || f->message[n - 1] == ' ')) {
    f->message[--n] = '\0';
  }
  f->line = e->line;
  f->col = e->int2;
  f->set = 1;
}

/* The element the reader is on is read from its node: the reader's own accessors intern
 * every name and namespace in a dictionary, which took a tenth of a check's time. */
static const char *local_name(walker *w) {
  return w->node && w->node->name ? (const char *)w->node->name : "";
}

static int in_ns(walker *w, const char *ns) {
  return w->node && w->node->ns && w->node->ns->href &&
         strcmp((const char *)w->node->ns->href, ns) == 0;
}

static int is_x(walker *w, const char *name) {
  return in_ns(w, XHTML_NS) && strcmp(local_name(w), name) == 0;
}

/* An attribute of the current element (caller frees with xmlFree), or NULL. */
static char *attr(walker *w, const char *name, const char *ns) {
  if (!w->node) {
    return NULL;
  }
  return (char *)(ns ? xmlGetNsProp(w->node, (const xmlChar *)name, (const xmlChar *)ns)
                     : xmlGetNoNsProp(w->node, (const xmlChar *)name));
}

/* ---- references between documents ---- */

static void add_ref(checker *c, size_t from, unsigned line, size_t target, const char *fragment) {
  c->refs = sheaf_xgrow(c->refs, &c->cap_refs, c->n_refs + 1, sizeof *c->refs);
  chk_ref *r = &c->refs[c->n_refs++];
  r->from = (uint32_t)from;
  r->line = line;
  r->target = (uint32_t)target;
  r->fragment = (uint32_t)c->fragments.len;
  sheaf_buf_put(&c->fragments, fragment, strlen(fragment) + 1);
}

/* A target inside the container: it must exist and be listed (and, for a hyperlink, be in the
 * spine); a fragment is checked once every document has been read. */
static void check_target(walker *w, const char *target, const char *fragment, int hyperlink) {
  checker *c = w->c;
  size_t item;
  if (!chk_exists(c, target)) {
    chk_error(c, "RSC-007", w->path, w->line,
              "Referenced resource \"%s\" could not be found in the EPUB.", target);
  } else if (!sheaf_strmap_get(&c->item_by_path, target, &item)) {
    chk_error(c, "RSC-008", w->path, w->line,
              "Referenced resource \"%s\" is not declared in the OPF manifest.", target);
  } else {
    if (hyperlink && !c->items[item].in_spine) {
      chk_error(c, "RSC-011", w->path, w->line,
                "Found a reference to a resource that is not a spine item.");
    }
    if (fragment && *fragment && c->items[item].type &&
        strcmp(c->items[item].type, "application/xhtml+xml") == 0) {
      add_ref(c, w->item_idx, w->line, item, fragment);
    }
  }
}

static int bad_url_char(const unsigned char *p) {
  return *p <= ' ' || strchr("\"<>\\^`{|}", *p) ||
         (*p == '%' && !(isxdigit(p[1]) && isxdigit(p[2])));
}

/* One URL in a content document. */
static void check_url(walker *w, const char *url, int hyperlink) {
  checker *c = w->c;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    if (bad_url_char(p)) {
      chk_error(c, "RSC-020", w->path, w->line, "\"%s\" is not a valid URL.", url);
      return;
    }
  }
  size_t scheme = sheaf_url_scheme(url);
  if (scheme == 4 && strncasecmp(url, "file", 4) == 0) {
    chk_error(c, "RSC-030", w->path, w->line,
              "File URLs are not allowed in EPUB, but found \"%s\".", url);
  } else if (scheme && !hyperlink && strncasecmp(url, "http", 4) == 0) {
    const char *el = local_name(w);
    size_t item;
    if (!strcmp(el, "audio") || !strcmp(el, "video") || !strcmp(el, "source") ||
        !strcmp(el, "track")) {
      w->item->needed |= CHK_REMOTE;
      if (!sheaf_strmap_get(&c->item_by_path, url, &item)) {
        chk_error(c, "RSC-008", w->path, w->line,
                  "Referenced resource \"%s\" is not declared in the OPF manifest.", url);
      }
    } else {
      chk_error(c, "RSC-006", w->path, w->line,
                "Remote resource reference is not allowed in this context; resource \"%s\" must "
                "be located in the EPUB container.",
                url);
    }
  }
  if (scheme || (url[0] == '/' && url[1] == '/')) {
    return;
  }
  if (strchr(url, '?')) {
    chk_warning(c, "RSC-033", w->path, w->line,
                "Relative URL strings must not have a query component: \"%s\".", url);
  }
  char *fragment = NULL;
  char *target = chk_resolve(w->dir, url, &fragment);
  if (!target) {
    chk_error(c, "RSC-026", w->path, w->line, "URL \"%s\" leaks outside the container.", url);
  } else {
    check_target(w, *target ? target : w->path, fragment, hyperlink);
  }
  free(target);
  free(fragment);
}

/* ---- the checks of each element ---- */

static void check_id(walker *w) {
  char *id = attr(w, "id", NULL);
  if (!id) {
    return;
  }
  char *key = sheaf_xasprintf("%zu#%s", w->item_idx, id);
  if (!sheaf_strmap_add(&w->c->ids, key, 0)) {
    chk_error(w->c, "RSC-005", w->path, w->line, "Error while parsing file: Duplicate ID \"%s\"",
              id);
  }
  free(key);
  xmlFree(id);
}

static void check_lang(walker *w) {
  char *lang = attr(w, "lang", NULL);
  char *xlang = attr(w, "lang", XML_NS);
  if (lang && xlang && strcmp(lang, xlang) != 0) {
    chk_error(w->c, "RSC-005", w->path, w->line,
              "Error while parsing file: lang and xml:lang attributes must have the same value.");
  }
  xmlFree(lang);
  xmlFree(xlang);
}

/* What the element's namespace and attributes say about the item's manifest properties. */
static void note_properties(walker *w) {
  if (in_ns(w, SVG_NS)) {
    w->item->needed |= CHK_SVG;
  } else if (in_ns(w, MATHML_NS)) {
    w->item->needed |= CHK_MATHML;
  } else if (is_x(w, "script")) {
    w->item->needed |= CHK_SCRIPTED;
  }
  for (xmlAttrPtr a = w->node ? w->node->properties : NULL; a; a = a->next) {
    if (!a->ns && strncmp((const char *)a->name, "on", 2) == 0) {
      w->item->needed |= CHK_SCRIPTED;
    }
  }
}

static void check_urls(walker *w) {
  static const char *const url_attrs[] = {"href", "src", "poster"};
  int hyperlink = is_x(w, "a") || is_x(w, "area");
  for (size_t i = 0; i < 3; i++) {
    if (is_x(w, "link") && i != 0) {
      continue;
    }
    char *v = attr(w, url_attrs[i], NULL);
    if (v) {
      check_url(w, v, hyperlink);
    }
    xmlFree(v);
  }
}

/* ---- navigation lists ---- */

static nav_frame *top(walker *w) {
  return w->n_frames ? &w->frames[w->n_frames - 1] : NULL;
}

static void push(walker *w, int is_li) {
  if (w->n_frames < WALK_MAX_DEPTH) {
    w->frames[w->n_frames++] = (nav_frame){w->depth, is_li, 0, 0, 0, 0, 0, w->line};
  }
}

static int nav_kind_of(walker *w) {
  char *t = attr(w, "type", EPUB_NS);
  int kind = !t                       ? NAV_NONE
             : strstr(t, "toc")       ? NAV_TOC
             : strstr(t, "landmarks") ? NAV_LANDMARKS
             : strstr(t, "page-list") ? NAV_PAGES
                                      : NAV_NONE;
  xmlFree(t);
  return kind;
}

static void nav_link(walker *w) {
  checker *c = w->c;
  if (w->nav == NAV_LANDMARKS) {
    char *t = attr(w, "type", EPUB_NS);
    if (!t) {
      chk_error(c, "RSC-005", w->path, w->line,
                "Error while parsing file: Missing epub:type attribute on anchor inside "
                "\"landmarks\" nav element");
    }
    xmlFree(t);
  }
  char *href = attr(w, "href", NULL);
  if (href && sheaf_url_scheme(href)) {
    chk_error(c, "NAV-010", w->path, w->line,
              "\"%s\" nav must not link to remote resources; found link to \"%s\".",
              w->nav == NAV_LANDMARKS ? "landmarks" : "toc", href);
  }
  xmlFree(href);
}

/* A start tag inside a nav: lists, items and labels. */
static void nav_start(walker *w) {
  nav_frame *t = top(w);
  if (is_x(w, "ol")) {
    if (w->depth == w->nav_depth + 1) {
      w->nav_has_ol = 1;
    }
    if (t && t->is_li && w->depth == t->depth + 1) {
      t->has_ol = 1;
    }
    push(w, 0);
  } else if (is_x(w, "li")) {
    if (t && !t->is_li && w->depth == t->depth + 1) {
      t->items++;
    }
    push(w, 1);
  } else if ((is_x(w, "a") || is_x(w, "span")) && t && t->is_li && w->depth == t->depth + 1) {
    *(is_x(w, "a") ? &t->has_a : &t->has_span) = 1;
    w->label_depth = w->depth;
    if (is_x(w, "a")) {
      nav_link(w);
    }
  }
}

static void nav_end(walker *w) {
  nav_frame *t = top(w);
  if (w->label_depth == w->depth) {
    w->label_depth = -1;
  }
  if (!t || t->depth != w->depth) {
    return;
  }
  if (t->is_li && ((!t->has_a && !t->has_span) || (t->has_span && !t->has_ol))) {
    chk_error(w->c, "RSC-005", w->path, t->line,
              "Error while parsing file: each nav list item holds a link, or a heading with a "
              "nested list");
  } else if (t->is_li && t->text == 0) {
    chk_error(w->c, "RSC-005", w->path, t->line,
              "Error while parsing file: Anchors within nav elements must contain text");
  } else if (!t->is_li && t->items == 0) {
    chk_error(w->c, "RSC-005", w->path, t->line,
              "Error while parsing file: element \"ol\" incomplete; expected element \"li\"");
  }
  w->n_frames--;
}

static void nav_enter(walker *w, int kind) {
  w->navs[kind]++;
  w->nav = kind;
  w->nav_depth = w->depth;
  w->nav_has_ol = 0;
}

static void nav_leave(walker *w) {
  if (!w->nav_has_ol) {
    chk_error(w->c, "RSC-005", w->path, w->line,
              "Error while parsing file: element \"nav\" incomplete; missing required element "
              "\"ol\"");
  }
  w->nav = NAV_NONE;
}

/* ---- the walk ---- */

static void element_start(walker *w) {
  note_properties(w);
  if (is_x(w, "a") && w->link_depth >= 0) {
    chk_error(w->c, "RSC-005", w->path, w->line,
              "Error while parsing file: The a element must not appear inside a elements.");
  }
  check_id(w);
  check_lang(w);
  if (in_ns(w, XHTML_NS)) {
    check_urls(w);
  }
  if (is_x(w, "a") && w->link_depth < 0) {
    w->link_depth = w->depth;
  }
  if (is_x(w, "head")) {
    w->head_line = w->line ? w->line : 1;
  } else if (is_x(w, "body")) {
    w->body_line = w->line;
  } else if (is_x(w, "title") && w->depth == 2) {
    w->title_depth = w->depth;
  }
  int kind = (w->item->declared & CHK_NAV) && is_x(w, "nav") ? nav_kind_of(w) : NAV_NONE;
  if (kind != NAV_NONE && w->nav == NAV_NONE) {
    nav_enter(w, kind);
  } else if (w->nav != NAV_NONE) {
    nav_start(w);
  }
}

static void element_end(walker *w) {
  if (w->link_depth == w->depth) {
    w->link_depth = -1;
  }
  if (w->title_depth == w->depth) {
    w->title_depth = -1;
  }
  if (w->nav != NAV_NONE && w->depth == w->nav_depth) {
    nav_leave(w);
  } else if (w->nav != NAV_NONE) {
    nav_end(w);
  }
}

static size_t non_space(const char *s) {
  size_t n = 0;
  for (; s && *s; s++) {
    n += !isspace((unsigned char)*s);
  }
  return n;
}

static void text(walker *w) {
  const char *v = (const char *)xmlTextReaderConstValue(w->r);
  if (w->title_depth >= 0) {
    w->title_text += non_space(v);
  }
  nav_frame *t = top(w);
  if (w->label_depth >= 0 && t && t->is_li) {
    t->text += non_space(v);
  }
}

/* The document type: no external identifiers in XHTML, no external entities anywhere; a
 * document declaring entities is not walked (expanding them is how entity bombs work). */
static int doctype(walker *w, int xhtml) {
  xmlNodePtr n = xmlTextReaderCurrentNode(w->r);
  xmlDtdPtr dtd = n && n->type == XML_DTD_NODE ? (xmlDtdPtr)n : NULL;
  if (!dtd) {
    return 0;
  }
  if (xhtml && (dtd->ExternalID || dtd->SystemID)) {
    chk_error(w->c, "OPF-073", w->path, w->line,
              "External identifiers must not appear in the document type declaration.");
  }
  int risky = 0;
  for (xmlNodePtr e = dtd->children; e; e = e->next) {
    if (e->type != XML_ENTITY_DECL) {
      continue;
    }
    risky = 1;
    xmlEntityPtr ent = (xmlEntityPtr)e;
    if (ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
        ent->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
        ent->etype == XML_EXTERNAL_PARAMETER_ENTITY) {
      chk_error(w->c, "HTM-003", w->path, 0,
                "External entities are not allowed in EPUB v3 documents. External entity "
                "declaration found: %s.",
                (const char *)ent->name);
    }
  }
  if (risky) {
    chk_warning(w->c, "SHF-005", w->path, 0,
                "the document declares entities; its content is not inspected further");
  }
  return risky;
}

/* Deeper nesting than libxml2 allows by default is an error, as it is when building. */
#define CHK_MAX_DEPTH 256

/* The line the current node starts on: the parser itself may already be further on. */
static unsigned node_line(xmlTextReaderPtr r) {
  xmlNodePtr n = xmlTextReaderCurrentNode(r);
  long line = n ? xmlGetLineNo(n) : -1;
  return line > 0 ? (unsigned)line : (unsigned)xmlTextReaderGetParserLineNumber(r);
}

/* libxml2's default limits reject text nodes over 10 MB, which a long chapter can hold and
 * EPUBCheck accepts. Lifting them also lifts the entity amplification guard, so it is only
 * done for documents that declare no entities at all. */
static int parse_options(const sheaf_buf *b) {
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  static const char decl[] = "<!ENTITY";
  const char *p = b->ptr;
  size_t n = b->len;
  const char *lt;
  while (p && n >= sizeof decl - 1 && (lt = memchr(p, '<', n - (sizeof decl - 2))) != NULL) {
    if (memcmp(lt, decl, sizeof decl - 1) == 0) {
      return opts;
    }
    n -= (size_t)(lt + 1 - p);
    p = lt + 1;
  }
  return opts | XML_PARSE_HUGE;
}

/* Reads the whole document; returns 0 when it was well-formed. */
static int walk(walker *w, int xhtml, int (*element)(walker *w, int start)) {
  int rc;
  int stop = 0;
  while (!stop && (rc = xmlTextReaderRead(w->r)) == 1) {
    w->depth = xmlTextReaderDepth(w->r);
    w->line = node_line(w->r);
    if (w->depth > CHK_MAX_DEPTH) {
      chk_report(w->c, SHEAF_ERROR, "RSC-016", w->path, w->line, 1,
                 "Fatal Error while parsing file: Excessive depth in document: more than %d "
                 "nested elements",
                 CHK_MAX_DEPTH);
      return 1;
    }
    int type = xmlTextReaderNodeType(w->r);
    w->node = type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT
                  ? xmlTextReaderCurrentNode(w->r)
                  : NULL;
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
      stop = element(w, 1);
      if (!stop && xmlTextReaderIsEmptyElement(w->r)) {
        element(w, 0);
      }
      break;
    case XML_READER_TYPE_END_ELEMENT:
      element(w, 0);
      break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
      text(w);
      break;
    case XML_READER_TYPE_DOCUMENT_TYPE:
      stop = doctype(w, xhtml);
      break;
    default:
      break;
    }
  }
  return stop ? 1 : rc == 0 ? 0 : -1;
}

static int xhtml_element(walker *w, int start) {
  if (start) {
    if (w->depth == 0 && !is_x(w, "html")) {
      chk_error(w->c, "RSC-005", w->path, w->line,
                "Error while parsing file: the root element must be \"html\" in the XHTML "
                "namespace");
      return 1;
    }
    element_start(w);
  } else {
    element_end(w);
  }
  return 0;
}

static void check_ncx_uid(walker *w) {
  char *name = attr(w, "name", NULL);
  char *uid = name && strcmp(name, "dtb:uid") == 0 ? attr(w, "content", NULL) : NULL;
  if (uid && w->c->uid && strcmp(uid, w->c->uid) != 0) {
    chk_error(w->c, "NCX-001", w->path, w->line,
              "NCX identifier (\"%s\") does not match OPF identifier (\"%s\").", uid, w->c->uid);
  }
  xmlFree(uid);
  xmlFree(name);
}

static int ncx_element(walker *w, int start) {
  if (!start || !in_ns(w, NCX_NS)) {
    return 0;
  }
  const char *el = local_name(w);
  if (strcmp(el, "meta") == 0) {
    check_ncx_uid(w);
  } else if (strcmp(el, "content") == 0) {
    char *src = attr(w, "src", NULL);
    char *fragment = NULL;
    char *target = src ? chk_resolve(w->dir, src, &fragment) : NULL;
    if (target && *target) {
      check_target(w, target, fragment, 0);
    }
    free(target);
    free(fragment);
    xmlFree(src);
  }
  return 0;
}

/* ---- one item ---- */

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

static void after_xhtml(walker *w) {
  if (w->head_line && w->title_text == 0) {
    chk_error(w->c, "RSC-005", w->path, w->head_line,
              "Error while parsing file: element \"head\" needs a non-empty \"title\"");
  }
  if (w->item->declared & CHK_NAV) {
    if (w->navs[NAV_TOC] != 1) {
      chk_error(w->c, "RSC-005", w->path, w->body_line,
                "Error while parsing file: Exactly one \"toc\" nav element must be present");
    }
    if (w->navs[NAV_LANDMARKS] > 1 || w->navs[NAV_PAGES] > 1) {
      chk_error(w->c, "RSC-005", w->path, w->body_line,
                "Error while parsing file: Multiple occurrences of the \"landmarks\" or "
                "\"page-list\" nav element");
    }
  }
  check_properties(w->c, w->item);
}

static void check_item_content(checker *c, size_t idx) {
  chk_item *it = &c->items[idx];
  int xhtml = strcmp(it->type, "application/xhtml+xml") == 0;
  int ncx = strcmp(it->type, "application/x-dtbncx+xml") == 0;
  sheaf_buf b = SHEAF_BUF_INIT;
  if (!it->exists || !(xhtml || ncx) || chk_read(c, it->path, 0, &b) != 0) {
    sheaf_buf_free(&b);
    return;
  }
  first_error fe = {"", 0, 0, 0};
  walker w;
  memset(&w, 0, sizeof w);
  w.c = c;
  w.item = it;
  w.item_idx = idx;
  w.path = it->path;
  w.dir = sheaf_path_dir(it->path);
  w.dir[strcmp(w.dir, ".") == 0 ? 0 : strlen(w.dir)] = '\0';
  w.link_depth = w.title_depth = w.label_depth = -1;
  w.nav = NAV_NONE;
  w.r = xmlReaderForMemory(b.ptr ? b.ptr : "", (int)b.len, it->path, NULL, parse_options(&b));
  if (w.r) {
    xmlTextReaderSetStructuredErrorHandler(w.r, on_xml_error, &fe);
    int rc = walk(&w, xhtml, xhtml ? xhtml_element : ncx_element);
    if (rc < 0) {
      chk_report(c, SHEAF_ERROR, "RSC-016", it->path, fe.line > 0 ? (unsigned)fe.line : 0,
                 fe.col > 0 ? (unsigned)fe.col : 0, "Fatal Error while parsing file: %s",
                 fe.set ? fe.message : "not well-formed");
    } else if (rc == 0 && xhtml) {
      after_xhtml(&w);
    }
    xmlFreeTextReader(w.r);
  }
  free(w.dir);
  sheaf_buf_free(&b);
}

/* Fragments, once every document's ids are known. */
static void check_fragments(checker *c) {
  for (size_t i = 0; i < c->n_refs; i++) {
    const chk_ref *r = &c->refs[i];
    const char *fragment = c->fragments.ptr + r->fragment;
    char *key = sheaf_xasprintf("%u#%s", r->target, fragment);
    if (!sheaf_strmap_get(&c->ids, key, NULL)) {
      chk_error(c, "RSC-012", c->items[r->from].path, r->line,
                "Fragment identifier \"%s\" is not defined.", fragment);
    }
    free(key);
  }
}

/* ---- every document, checked on the workers and reported in order ---- */

/* Documents smaller than this in all are checked on the caller's thread. */
#define CHECK_THREADS_MIN_BYTES ((zip_uint64_t)128 << 10)

/* A problem found in a document, held until the document's turn. */
typedef struct doc_msg {
  const char *id; /* a string literal */
  sheaf_severity severity;
  char *path;
  unsigned line;
  unsigned col;
  char *text;
} doc_msg;

/* What checking one document found. */
typedef struct doc_result {
  doc_msg *msgs;
  size_t n_msgs;
  size_t cap_msgs;
  sheaf_strmap ids; /* "<item>#<id>" */
  chk_ref *refs;    /* fragments point into `fragments` */
  size_t n_refs;
  sheaf_buf fragments;
} doc_result;

/* The documents to check, in order, and what each worker holds. */
typedef struct doc_plan {
  checker *c;
  size_t *items;       /* item indexes */
  unsigned char *over; /* 1: over the archive's read budget, not read */
  zip_uint64_t bytes;  /* what the documents to read hold, uncompressed */
  size_t n;
  int threaded;
  checker
      workers[SHEAF_AHEAD_MAX_WORKERS]; /* a worker's view of c: its own zip handle and findings */
  pthread_mutex_t opening;              /* workers open their archive handles one at a time */
} doc_plan;

static void hold_msg(void *ud, const sheaf_check_msg *m) {
  doc_result *r = ud;
  r->msgs = sheaf_xgrow(r->msgs, &r->cap_msgs, r->n_msgs + 1, sizeof *r->msgs);
  r->msgs[r->n_msgs++] = (doc_msg){m->id,   m->severity, sheaf_xstrdup(m->path),
                                   m->line, m->col,      sheaf_xstrdup(m->message)};
}

static void drop_result(void *p) {
  doc_result *r = p;
  for (size_t i = 0; i < r->n_msgs; i++) {
    free(r->msgs[i].path);
    free(r->msgs[i].text);
  }
  free(r->msgs);
  sheaf_strmap_fini(&r->ids);
  free(r->refs);
  sheaf_buf_free(&r->fragments);
  free(r);
}

/* Worker views of the checker, made before any worker starts: the shared manifest and entries
 * (read only while documents are checked), and findings going to the result at hand. */
static void make_views(doc_plan *p) {
  for (size_t w = 0; w < sizeof p->workers / sizeof *p->workers; w++) {
    checker *v = &p->workers[w];
    *v = *p->c;
    v->zip = NULL; /* opened by the worker when it starts */
    v->inflater = NULL;
    v->fn = hold_msg;
    v->ud = NULL;
    sheaf_strmap_init(&v->ids);
    v->refs = NULL;
    v->n_refs = v->cap_refs = 0;
    v->fragments = (sheaf_buf)SHEAF_BUF_INIT;
  }
}

/* Worker w's view, with an archive handle of its own when there are threads. */
static checker *worker_view(doc_plan *p, unsigned w) {
  checker *v = &p->workers[w];
  if (!v->zip && !p->threaded) {
    v->zip = p->c->zip;
  } else if (!v->zip) {
    /* opening converts every entry's DOS time with mktime(), and glibc guards its time-zone
     * state with a lock ThreadSanitizer cannot see: one opening at a time costs nothing
     * measurable and leaves TSan nothing to report but real races */
    pthread_mutex_lock(&p->opening);
    v->zip = chk_reopen(p->c);
    pthread_mutex_unlock(&p->opening);
  }
  return v->zip ? v : NULL;
}

static int check_doc(void *ud, unsigned w, size_t i, void **result, sheaf_diags *diags,
                     sheaf_error *err) {
  (void)diags;
  (void)err;
  doc_plan *p = ud;
  doc_result *r = sheaf_xcalloc(1, sizeof *r);
  sheaf_strmap_init(&r->ids);
  *result = r;
  if (p->over[i]) {
    return 0; /* the consumer says so, in its turn */
  }
  const chk_item *it = &p->c->items[p->items[i]];
  checker *v = worker_view(p, w);
  if (!v) {
    sheaf_check_msg m = {"PKG-008", SHEAF_ERROR,
                         it->path,  0,
                         0,         "Unable to read file: cannot open the archive again"};
    hold_msg(r, &m);
    return 0;
  }
  v->ud = r;
  v->total_read = 0; /* the budget was planned already */
  v->over_total = 0;
  v->ids = r->ids;
  v->refs = NULL;
  v->n_refs = v->cap_refs = 0;
  v->fragments = (sheaf_buf)SHEAF_BUF_INIT;
  check_item_content(v, p->items[i]);
  r->ids = v->ids;
  r->refs = v->refs;
  r->n_refs = v->n_refs;
  r->fragments = v->fragments;
  return 0;
}

/* Adds what a document found to the checker, in the document's turn. */
static void merge_result(checker *c, doc_result *r) {
  for (size_t i = 0; i < r->n_msgs; i++) {
    const doc_msg *m = &r->msgs[i];
    sheaf_check_msg out = {m->id, m->severity, m->path, m->line, m->col, m->text};
    chk_emit(c, &out);
  }
  for (size_t i = 0; i < r->ids.cap; i++) {
    if (r->ids.slots[i].key) {
      sheaf_strmap_add(&c->ids, r->ids.slots[i].key, 0);
    }
  }
  uint32_t base = (uint32_t)c->fragments.len;
  sheaf_buf_put(&c->fragments, r->fragments.ptr ? r->fragments.ptr : "", r->fragments.len);
  c->refs = sheaf_xgrow(c->refs, &c->cap_refs, c->n_refs + r->n_refs, sizeof *c->refs);
  for (size_t i = 0; i < r->n_refs; i++) {
    chk_ref ref = r->refs[i];
    ref.fragment += base;
    c->refs[c->n_refs++] = ref;
  }
}

/* The documents worth reading, and which of them fit in the archive's read budget, decided in
 * order before any is read, as reading them in turn would. */
static void plan_documents(checker *c, doc_plan *p) {
  p->items = sheaf_xcalloc(c->n_items, sizeof *p->items);
  p->over = sheaf_xcalloc(c->n_items, 1);
  for (size_t i = 0; i < c->n_items; i++) {
    const chk_item *it = &c->items[i];
    size_t e;
    zip_stat_t st;
    if (!it->id || !it->type || !it->path || !it->exists ||
        (strcmp(it->type, "application/xhtml+xml") != 0 &&
         strcmp(it->type, "application/x-dtbncx+xml") != 0) ||
        !sheaf_strmap_get(&c->entries, it->path, &e) || zip_stat_index(c->zip, e, 0, &st) != 0) {
      continue;
    }
    p->items[p->n] = i;
    int refused = st.size > CHECK_MAX_XML_BYTES ||
                  (st.size > ((zip_uint64_t)1 << 20) && st.comp_size &&
                   st.size / st.comp_size > CHECK_MAX_RATIO); /* chk_read says why */
    if (!refused && c->total_read + st.size > CHECK_MAX_TOTAL_BYTES) {
      p->over[p->n] = 1;
    } else if (!refused) {
      c->total_read += st.size;
      p->bytes += st.size;
    }
    p->n++;
  }
}

void chk_documents(checker *c) {
  doc_plan p;
  memset(&p, 0, sizeof p);
  p.c = c;
  plan_documents(c, &p);
  /* starting workers (each opens the archive again) costs about a millisecond: by default an
   * article's few small documents are checked sooner on this thread, and the cores are not
   * even counted (that reads /sys) */
  int worth = p.n > 1 && (c->threads || p.bytes >= CHECK_THREADS_MIN_BYTES);
  unsigned workers = !worth ? 1 : c->threads ? c->threads : sheaf_ahead_cores();
  workers = workers > SHEAF_AHEAD_MAX_WORKERS ? SHEAF_AHEAD_MAX_WORKERS : workers;
  p.threaded = workers > 1;
  make_views(&p);
  pthread_mutex_init(&p.opening, NULL);
  sheaf_diags none; /* documents report through their results, never as diagnostics */
  sheaf_diags_init(&none, NULL, NULL, 0);
  sheaf_ahead_spec spec = {p.n, check_doc, drop_result, NULL,
                           &p,  &none,     8,           p.threaded ? workers : 0};
  sheaf_ahead *ahead = sheaf_ahead_new(&spec);
  for (size_t i = 0; i < p.n; i++) {
    void *r = NULL;
    sheaf_error err;
    sheaf_error_init(&err);
    sheaf_ahead_take(ahead, i, &r, &err); /* check_doc never fails */
    if (p.over[i] && !c->over_total) {
      chk_error(c, "SHF-004", c->items[p.items[i]].path, 0,
                "the archive expands to over %llu MiB; the rest is not read",
                (unsigned long long)(CHECK_MAX_TOTAL_BYTES >> 20));
      c->over_total = 1;
    }
    if (r) {
      merge_result(c, r);
      sheaf_ahead_recycle(ahead, r); /* freed on a worker */
    }
  }
  sheaf_ahead_free(ahead);
  for (size_t w = 0; w < SHEAF_AHEAD_MAX_WORKERS; w++) {
    if (p.workers[w].zip && p.threaded) {
      zip_discard(p.workers[w].zip);
    }
    chk_read_done(&p.workers[w]);
  }
  pthread_mutex_destroy(&p.opening);
  free(p.items);
  free(p.over);
  check_fragments(c);
}
