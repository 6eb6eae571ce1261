/* html.c -- raw HTML inside Markdown, made into valid XHTML
 * SPDX-License-Identifier: MIT
 *
 * The part is parsed with libxml2's HTML parser, then walked once top-down: markers update
 * the author's position, unsafe and head-only elements go, obsolete ones are replaced,
 * attributes are checked against HTML5 (presentational ones become CSS), links, images and ids
 * go through the chapter stage, and content-model repairs follow each element's children.
 * The tree is then written back by our own serializer as XHTML. */
#include "html.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "html_int.h"
#include "html_tables.h"
#include "mem.h"
#include "strmap.h"
#include "url.h"

#define MARK "sheaf-pos "
#define PARSE_OPTS                                                                                 \
  (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |             \
   HTML_PARSE_NOIMPLIED)

/* ---- positions and warnings ---- */

void html_position(const cleaner *c, xmlNodePtr n, unsigned *line, unsigned *col) {
  long at = xmlGetLineNo(n);
  if (c->mark_line == 0 || at < c->mark_at) {
    *line = c->mark_line;
    *col = c->mark_col;
    return;
  }
  *line = c->mark_line + (unsigned)(at - c->mark_at);
  *col = at == c->mark_at ? c->mark_col : 1;
}

/* Reports a change once per (kind, element) in the part. */
void html_note(cleaner *c, xmlNodePtr n, const char *kind, const char *fmt, ...) {
  char key[160];
  snprintf(key, sizeof key, "%s\t%s", kind, n && n->name ? (const char *)n->name : "");
  if (!sheaf_strmap_add(&c->warned, key, 0) || !c->env->warn) {
    return;
  }
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  unsigned line;
  unsigned col;
  html_position(c, n, &line, &col);
  c->env->warn(c->env->ud, line, col, msg);
}

/* ---- tree helpers ---- */

const char *html_name(xmlNodePtr n) {
  return (const char *)n->name;
}

xmlNodePtr html_walk_next(xmlNodePtr n, xmlNodePtr top, int into) {
  if (into && n->type == XML_ELEMENT_NODE && n->children) {
    return n->children;
  }
  while (n && n != top && !n->next) {
    n = n->parent;
  }
  return n && n != top ? n->next : NULL;
}

int html_is(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp(html_name(n), name) == 0;
}

char *html_attr(xmlNodePtr n, const char *name) {
  return (char *)xmlGetProp(n, (const xmlChar *)name);
}

void html_set_attr(xmlNodePtr n, const char *name, const char *value) {
  xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

int html_blank(xmlNodePtr n) {
  if (n->type != XML_TEXT_NODE) {
    return 0;
  }
  for (const xmlChar *p = n->content; p && *p; p++) {
    if (!isspace(*p)) {
      return 0;
    }
  }
  return 1;
}

/* Moves n's children before n, removes n, and returns the first moved child (or what followed
 * n): the walk goes on from there, so the children are still cleaned. */
/* Links node (unlinked first) next to ref without merging adjacent text nodes, which
 * xmlAddPrevSibling and xmlAddNextSibling do, freeing the node a walk still holds. */
static void link_next_to(xmlNodePtr ref, xmlNodePtr node, int after) {
  xmlUnlinkNode(node);
  node->parent = ref->parent;
  node->doc = ref->doc;
  xmlNodePtr prev = after ? ref : ref->prev;
  xmlNodePtr next = after ? ref->next : ref;
  node->prev = prev;
  node->next = next;
  if (prev) {
    prev->next = node;
  } else if (node->parent) {
    node->parent->children = node;
  }
  if (next) {
    next->prev = node;
  } else if (node->parent) {
    node->parent->last = node;
  }
}

void html_insert_before(xmlNodePtr ref, xmlNodePtr node) {
  link_next_to(ref, node, 0);
}

void html_insert_after(xmlNodePtr ref, xmlNodePtr node) {
  link_next_to(ref, node, 1);
}

xmlNodePtr html_unwrap(xmlNodePtr n) {
  xmlNodePtr first = n->children;
  xmlNodePtr next = n->next;
  while (n->children) {
    xmlNodePtr ch = n->children;
    xmlUnlinkNode(ch);
    html_insert_before(n, ch);
  }
  xmlUnlinkNode(n);
  xmlFreeNode(n);
  return first ? first : next;
}

xmlNodePtr html_drop(xmlNodePtr n) {
  xmlNodePtr next = n->next;
  xmlUnlinkNode(n);
  xmlFreeNode(n);
  return next;
}

void html_rename(xmlNodePtr n, const char *name) {
  xmlNodeSetName(n, (const xmlChar *)name);
}

/* Wraps n in a new element named `name` (at n's place) and returns the wrapper. */
xmlNodePtr html_wrap(xmlNodePtr n, const char *name) {
  xmlNodePtr w = xmlNewDocNode(n->doc, NULL, (const xmlChar *)name, NULL);
  html_insert_before(n, w);
  xmlUnlinkNode(n);
  xmlAddChild(w, n);
  return w;
}

/* Appends CSS declarations to n's style attribute. */
void html_add_css(xmlNodePtr n, const char *css) {
  if (!css || !*css) {
    return;
  }
  char *old = html_attr(n, "style");
  char *merged;
  if (old && *old) {
    size_t len = strlen(old);
    merged = sheaf_xasprintf("%s%s %s", old, old[len - 1] == ';' ? "" : ";", css);
  } else {
    merged = sheaf_xstrdup(css);
  }
  html_set_attr(n, "style", merged);
  free(merged);
  xmlFree(old);
}

/* ---- markers ---- */

/* Where the tag starting at s[i] ('<') ends (the index of its '>'), or 0 when it does not end
 * in this piece of raw HTML. Quoted attribute values may hold '>'. */
static size_t tag_end(const char *s, size_t len, size_t i) {
  if (i + 3 < len && strncmp(s + i, "<!--", 4) == 0) {
    const char *e = memmem(s + i + 4, len - i - 4, "-->", 3);
    return e ? (size_t)(e - s) + 2 : 0;
  }
  char quote = 0;
  for (size_t k = i + 1; k < len; k++) {
    if (quote) {
      quote = s[k] == quote ? 0 : quote;
    } else if ((s[k] == '"' || s[k] == '\'') && k > i + 1 && s[k - 1] == '=') {
      quote = s[k];
    } else if (s[k] == '>') {
      return k;
    }
  }
  return 0;
}

void sheaf_html_put_raw(sheaf_buf *out, const char *html, unsigned line, unsigned col) {
  sheaf_buf_printf(out, "<!--" MARK "%u %u-->", line, col);
  /* a tag left open at the end of the author's piece would swallow the Markdown after it
   * when the part is parsed as a whole: such a '<' is written as text */
  size_t len = strlen(html);
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    if (html[i] != '<' || i + 1 >= len ||
        !(isalpha((unsigned char)html[i + 1]) || strchr("/!?", html[i + 1]))) {
      continue;
    }
    size_t end = tag_end(html, len, i);
    if (end) {
      i = end;
      continue;
    }
    sheaf_buf_put(out, html + run, i - run);
    sheaf_buf_puts(out, "&lt;");
    run = i + 1;
  }
  sheaf_buf_put(out, html + run, len - run);
}

/* ---- void elements ---- */

static const char *const xhtml_void[] = {"area",  "base",   "br",    "col",  "embed",
                                         "hr",    "img",    "input", "link", "meta",
                                         "param", "source", "track", "wbr",  NULL};

static int is_void(const char *name) {
  for (size_t i = 0; xhtml_void[i]; i++) {
    if (strcmp(name, xhtml_void[i]) == 0) {
      return 1;
    }
  }
  return 0;
}

static int in_foreign(xmlNodePtr n) {
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (html_is(p, "svg") || html_is(p, "math")) {
      return 1;
    }
  }
  return 0;
}

/* libxml2's HTML parser predates HTML5 and lets an element it does not know as void, such
 * as <source> or <track>, swallow everything after it. What it swallowed is moved back
 * after it, where the author wrote it. Iterative, like cap_depth. */
static void hoist_void_content(xmlNodePtr first) {
  xmlNodePtr n = first;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && n->children && is_void(html_name(n)) && !in_foreign(n)) {
      xmlNodePtr at = n;
      while (n->children) {
        xmlNodePtr k = n->children;
        xmlUnlinkNode(k);
        html_insert_after(at, k);
        at = k;
      }
    }
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n && !n->next && n != first) {
      n = n->parent;
    }
    n = n && n != first ? n->next : NULL;
  }
}

/* ---- depth: flatten what nests too deep, without recursion ---- */

/* Replaces every element deeper than HTML_MAX_DEPTH by its text. Walks the tree with parent
 * pointers only, so no amount of nesting exhausts the stack. */
static void cap_depth(cleaner *c, xmlNodePtr first) {
  xmlNodePtr n = first;
  int depth = 0;
  int flattened = 0;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && depth >= HTML_MAX_DEPTH && n->children) {
      xmlChar *text = xmlNodeGetContent(n);
      xmlNodePtr t = xmlNewDocText(n->doc, text ? text : (const xmlChar *)"");
      xmlFree(text);
      xmlNodePtr kids = n->children;
      xmlUnlinkNode(kids);
      while (n->children) {
        xmlNodePtr k = n->children;
        xmlUnlinkNode(k);
        xmlFreeNode(k);
      }
      xmlFreeNode(kids);
      xmlAddChild(n, t);
      flattened = 1;
    }
    if (n->type == XML_ELEMENT_NODE && n->children && depth < HTML_MAX_DEPTH) {
      n = n->children;
      depth++;
      continue;
    }
    while (n && !n->next && depth > 0) {
      n = n->parent;
      depth--;
    }
    n = n ? n->next : NULL;
  }
  if (flattened) {
    html_note(c, first, "depth", "HTML nested deeper than %d levels was flattened to its text",
              HTML_MAX_DEPTH);
  }
}

/* ---- writing the tree back as XHTML ---- */

/* A comment's text, with "--" and a trailing "-" made harmless (XML forbids them). */
static void put_comment(sheaf_buf *out, const char *s) {
  sheaf_buf_puts(out, "<!--");
  for (const char *p = s; *p; p++) {
    sheaf_buf_putc(out, *p);
    if (*p == '-' && (p[1] == '-' || p[1] == '\0')) {
      sheaf_buf_putc(out, ' ');
    }
  }
  sheaf_buf_puts(out, "-->");
}

static void put_attrs(const cleaner *c, xmlNodePtr n, int foreign, sheaf_buf *out) {
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const char *name = (const char *)a->name;
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    if (a->ns && a->ns->prefix) {
      sheaf_buf_printf(out, " %s:", (const char *)a->ns->prefix); /* xml:lang */
    } else {
      sheaf_buf_putc(out, ' ');
    }
    sheaf_buf_printf(out, "%s=\"", foreign ? html_foreign_case(name) : name);
    sheaf_buf_put_attr(out, v ? (const char *)v : "", v ? strlen((const char *)v) : 0);
    sheaf_buf_putc(out, '"');
    xmlFree(v);
  }
  (void)c;
}

/* Writes n and its subtree. `ns`: 0 XHTML, 1 inside svg, 2 inside math. Recursion is bounded
 * by cap_depth. */
static void put_node(const cleaner *c, xmlNodePtr n, int ns, sheaf_buf *out) {
  switch (n->type) {
  case XML_TEXT_NODE:
  case XML_CDATA_SECTION_NODE:
    if (n->content) {
      sheaf_buf_put_text(out, (const char *)n->content, strlen((const char *)n->content));
    }
    return;
  case XML_COMMENT_NODE:
    put_comment(out, n->content ? (const char *)n->content : "");
    return;
  case XML_ELEMENT_NODE:
    break;
  default:
    return;
  }
  const char *name = html_name(n);
  int inner = ns;
  sheaf_buf_putc(out, '<');
  sheaf_buf_puts(out, ns ? html_foreign_case(name) : name);
  /* a foreignObject holds XHTML, or an svg or math element with its own namespace */
  int in_fo = ns == 1 && n->parent && n->parent->name &&
              strcasecmp(html_name(n->parent), "foreignObject") == 0;
  if ((!ns || in_fo) && strcmp(name, "svg") == 0) {
    inner = 1;
    sheaf_buf_puts(out, " xmlns=\"http://www.w3.org/2000/svg\"");
    if (c->xlink) {
      sheaf_buf_puts(out, " xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    }
  } else if ((!ns || in_fo) && strcmp(name, "math") == 0) {
    inner = 2;
    sheaf_buf_puts(out, " xmlns=\"http://www.w3.org/1998/Math/MathML\"");
  } else if (in_fo) {
    inner = 0; /* back to XHTML inside foreignObject */
    sheaf_buf_puts(out, " xmlns=\"http://www.w3.org/1999/xhtml\"");
  }
  put_attrs(c, n, inner == 0 ? ns : inner, out);
  if (!n->children && (ns || is_void(name))) {
    sheaf_buf_puts(out, " />");
    return;
  }
  sheaf_buf_putc(out, '>');
  if (!(ns == 0 && is_void(name))) {
    for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
      put_node(c, ch, inner, out);
    }
  }
  sheaf_buf_printf(out, "</%s>", ns ? html_foreign_case(name) : name);
}

/* ---- the whole part ---- */

/* The nodes of the parsed fragment: libxml2 puts them under the document (skipping its DTD). */
static xmlNodePtr fragment_root(htmlDocPtr doc) {
  xmlNodePtr n = doc->children;
  while (n && n->type == XML_DTD_NODE) {
    n = n->next;
  }
  return n;
}

/* The svg and mathml manifest properties of what is left in the document: the cleaner
 * unwraps, moves and empties drawings and formulas, so only the final tree says. */
static unsigned foreign_props(htmlDocPtr doc) {
  unsigned props = 0;
  xmlNodePtr top = (xmlNodePtr)doc;
  for (xmlNodePtr n = top->children; n; n = html_walk_next(n, top, 1)) {
    props |= html_is(n, "svg") ? SHEAF_PROP_SVG : html_is(n, "math") ? SHEAF_PROP_MATHML : 0;
  }
  return props;
}

int sheaf_html_clean(const sheaf_html_env *env, sheaf_buf *body, size_t start, unsigned *props,
                     size_t *own_ids, sheaf_error *err) {
  *own_ids = 0;
  const char *text = body->ptr + start;
  size_t len = body->len - start;
  if (len == 0) {
    return 0;
  }
  /* a wrapper element gives the fragment one root and a flow context */
  sheaf_buf src = SHEAF_BUF_INIT;
  sheaf_buf_puts(&src, "<div data-sheaf-root=\"\">");
  sheaf_buf_put(&src, text, len);
  sheaf_buf_puts(&src, "</div>");
  htmlDocPtr doc = htmlReadMemory(src.ptr, (int)src.len, NULL, "UTF-8", PARSE_OPTS);
  sheaf_buf_free(&src);
  xmlNodePtr root = doc ? fragment_root(doc) : NULL;
  if (!root) {
    xmlFreeDoc(doc);
    return sheaf_fail(err, SHEAF_ER_INTERNAL, NULL, 0, 0, "libxml2 cannot parse this chapter");
  }
  cleaner c;
  memset(&c, 0, sizeof c);
  c.env = env;
  sheaf_strmap_init(&c.warned);
  sheaf_strmap_init(&c.id_from);
  hoist_void_content(root);
  cap_depth(&c, root);
  html_clean_children(&c, root, 0, 0, 0);
  html_resolve_idrefs(&c, root);
  if (c.props & SHEAF_PROP_REMOTE) {
    html_styles_to_classes(&c, root);
  }
  c.props |= foreign_props(doc);
  sheaf_buf out = SHEAF_BUF_INIT;
  for (xmlNodePtr n = root; n; n = n->next) { /* the wrapper's children, and any stray after */
    for (xmlNodePtr ch = n == root ? n->children : n; ch; ch = n == root ? ch->next : NULL) {
      put_node(&c, ch, 0, &out);
    }
  }
  size_t ws = 0;
  while (ws < out.len && isspace((unsigned char)out.ptr[ws])) {
    ws++;
  }
  if (ws == out.len) {
    sheaf_buf_clear(&out); /* everything was removed */
  }
  sheaf_buf_truncate(body, start);
  sheaf_buf_put(body, out.ptr ? out.ptr : "", out.len);
  if (out.ptr && out.len && out.ptr[out.len - 1] != '\n') {
    sheaf_buf_putc(body, '\n');
  }
  sheaf_buf_free(&out);
  sheaf_strmap_fini(&c.warned);
  sheaf_strmap_fini(&c.id_from);
  sheaf_buf_free(&c.id_to);
  *props |= c.props;
  *own_ids = c.own_ids;
  xmlFreeDoc(doc);
  return 0;
}
