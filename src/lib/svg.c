/* svg.c -- SVG images parsed with libxml2 and written back clean
 * SPDX-License-Identifier: MIT */
#include "svg.h"

#include <ctype.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "css.h"
#include "mem.h"
#include "strmap.h"
#include "url.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"

#define SVG_PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

/* True when the internal subset declares an entity that is not internal: expanding it would
 * read a file or the network. */
static int has_external_entity(xmlDocPtr doc) {
  xmlDtdPtr dtd = xmlGetIntSubset(doc);
  for (xmlNodePtr n = dtd ? dtd->children : NULL; n; n = n->next) {
    if (n->type == XML_ENTITY_DECL && ((xmlEntityPtr)n)->etype != XML_INTERNAL_GENERAL_ENTITY &&
        ((xmlEntityPtr)n)->etype != XML_INTERNAL_PARAMETER_ENTITY) {
      return 1;
    }
  }
  return 0;
}

typedef struct cleaner {
  const char *name;
  sheaf_diags *diags;
  int scripts, handlers, remote, entities;
  int unlinked, dangling, titled; /* links unwrapped, <use> removed, link titles added */
} cleaner;

static int remote_ref(const xmlChar *v) {
  const char *s = (const char *)v;
  return sheaf_url_unsafe(s) || sheaf_url_scheme(s) > 0 || (s[0] == '/' && s[1] == '/');
}

static void css_warn(void *ud, unsigned line, unsigned col, const char *message) {
  const cleaner *c = ud;
  (void)col; /* columns inside an SVG's attributes are not known */
  sheaf_warn(c->diags, c->name, line, 0, "%s", message);
}

/* CSS in an SVG (a <style> element's text, or with `decls` a style attribute) cleaned as
 * the book's style sheets are: only fragment references (url(#gradient)) stay. Returns the
 * cleaned text (the caller frees it) or NULL when nothing is left. */
static char *clean_css(cleaner *c, xmlNodePtr n, const xmlChar *css, int decls) {
  sheaf_css_env env = {c, sheaf_css_keep_fragments, css_warn};
  unsigned line = (unsigned)xmlGetLineNo(n);
  const char *s = css ? (const char *)css : "";
  sheaf_buf out = SHEAF_BUF_INIT;
  if (decls) {
    sheaf_css_clean_decls(&env, s, strlen(s), line, 1, &out);
  } else {
    sheaf_css_clean_sheet(&env, s, strlen(s), line, 1, &out);
  }
  if (out.len == 0) {
    sheaf_buf_free(&out); /* what was written, then taken back, may hold memory */
    return NULL;
  }
  return out.ptr;
}

/* A <style> element's text cleaned; returns 0 when nothing was left and it is to go. */
static int clean_style(cleaner *c, xmlNodePtr n) {
  xmlChar *css = xmlNodeGetContent(n);
  char *clean = clean_css(c, n, css, 0);
  xmlFree(css);
  if (clean) {
    xmlNodeSetContent(n, NULL);
    xmlNodeAddContent(n, (const xmlChar *)clean);
  }
  free(clean);
  return clean != NULL;
}

/* Removes event handlers and remote or script references from one element, and cleans its
 * style attribute. */
static void clean_attrs(cleaner *c, xmlNodePtr el) {
  xmlAttrPtr a = el->properties;
  while (a) {
    xmlAttrPtr next = a->next;
    const char *n = (const char *)a->name;
    int drop = 0;
    if (strncasecmp(n, "on", 2) == 0) {
      drop = ++c->handlers;
    } else if (strcmp(n, "style") == 0 && !a->ns) {
      xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
      char *clean = clean_css(c, el, v, 1);
      xmlFree(v);
      if (clean) {
        xmlSetProp(el, a->name, (const xmlChar *)clean);
      }
      drop = clean == NULL;
      free(clean);
    } else if (strcmp(n, "href") == 0 || strcmp(n, "src") == 0) {
      xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
      if (v && v[0] != '#' && remote_ref(v)) {
        drop = ++c->remote;
      }
      xmlFree(v);
    }
    if (drop) {
      xmlRemoveProp(a);
    }
    a = next;
  }
}

/* True for what is removed whole: script elements and (external) entity references. */
static int removed_node(xmlNodePtr n) {
  return n->type == XML_ENTITY_REF_NODE ||
         (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "script") == 0);
}

/* The node after n in document order, not entering n's children and staying inside root:
 * n's next sibling, else the nearest ancestor's. NULL at the end. */
static xmlNodePtr next_after(xmlNodePtr n, xmlNodePtr root) {
  while (n && n != root && !n->next) {
    n = n->parent;
  }
  return n && n != root ? n->next : NULL;
}

/* The node after n in document order inside root: its first child when `into`. */
static xmlNodePtr next_in(xmlNodePtr n, xmlNodePtr root, int into) {
  if (into && n->type == XML_ELEMENT_NODE && n->children) {
    return n->children;
  }
  return next_after(n, root);
}

/* True for an SVG element called `name`: in SVG's namespace (an SVG file) or in none (raw HTML
 * as the HTML parser reads it). */
static int svg_named(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
         (!n->ns || xmlStrEqual(n->ns->href, (const xmlChar *)SVG_NS));
}

/* Walks the tree without recursion, removing scripts and cleaning attributes. */
static void clean_tree(cleaner *c, xmlNodePtr root) {
  xmlNodePtr n = root;
  while (n) {
    xmlNodePtr next = NULL;
    int drop = removed_node(n);
    if (drop && n->type == XML_ENTITY_REF_NODE) {
      c->entities++;
    } else if (drop) {
      c->scripts++;
    } else if (svg_named(n, "style")) {
      clean_attrs(c, n);
      drop = !clean_style(c, n);
    } else if (n->type == XML_ELEMENT_NODE) {
      clean_attrs(c, n);
      next = n->children;
    }
    if (!next) {
      next = next_after(n, root);
    }
    if (drop) {
      xmlUnlinkNode(n);
      xmlFreeNode(n);
    }
    n = next;
  }
}

/* ---- links ---- */

static int has_title(xmlNodePtr a) {
  xmlChar *t = xmlGetNsProp(a, (const xmlChar *)"title", (const xmlChar *)XLINK_NS);
  if (!t) {
    t = xmlGetNoNsProp(a, (const xmlChar *)"xlink:title"); /* the HTML parser's name */
  }
  int titled = t && *t;
  xmlFree(t);
  for (xmlNodePtr n = a->children; n && !titled; n = next_in(n, a, 1)) {
    titled = svg_named(n, "title");
  }
  return titled;
}

/* True for the elements whose text is not what a link shows. */
static int hidden_text(xmlNodePtr n) {
  return svg_named(n, "title") || svg_named(n, "desc") || svg_named(n, "metadata") ||
         svg_named(n, "style") || svg_named(n, "script");
}

/* The text a link shows, its white space collapsed. */
static void link_text(xmlNodePtr a, sheaf_buf *out) {
  int gap = 0;
  for (xmlNodePtr n = a->children; n; n = next_in(n, a, !hidden_text(n))) {
    if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) {
      continue;
    }
    for (const xmlChar *p = n->content; p && *p; p++) {
      if (isspace(*p)) {
        gap = out->len > 0;
        continue;
      }
      if (gap) {
        sheaf_buf_putc(out, ' ');
        gap = 0;
      }
      sheaf_buf_putc(out, (char)*p);
    }
  }
}

int sheaf_svg_title_link(xmlNodePtr a, const char *fallback) {
  if (has_title(a)) {
    return 0;
  }
  sheaf_buf text = SHEAF_BUF_INIT;
  link_text(a, &text);
  const char *t = text.len ? text.ptr : fallback ? fallback : "";
  xmlNodePtr title = xmlNewDocNode(a->doc, a->ns, (const xmlChar *)"title", NULL);
  xmlAddChild(title, xmlNewDocText(a->doc, (const xmlChar *)t));
  if (a->children) {
    xmlAddPrevSibling(a->children, title);
  } else {
    xmlAddChild(a, title);
  }
  sheaf_buf_free(&text);
  return 1;
}

/* The target of SVG element n: xlink:href, else href (caller frees with xmlFree), or NULL. */
static xmlChar *svg_href(xmlNodePtr n) {
  xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
  return v ? v : xmlGetNoNsProp(n, (const xmlChar *)"href");
}

static void gather_ids(xmlNodePtr root, sheaf_strmap *ids) {
  for (xmlNodePtr n = root; n; n = next_in(n, root, 1)) {
    xmlChar *id = n->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(n, (const xmlChar *)"id") : NULL;
    xmlChar *xml_id = n->type == XML_ELEMENT_NODE
                          ? xmlGetNsProp(n, (const xmlChar *)"id", XML_XML_NAMESPACE)
                          : NULL;
    if (id) {
      sheaf_strmap_add(ids, (const char *)id, 0);
    }
    if (xml_id) {
      sheaf_strmap_add(ids, (const char *)xml_id, 0);
    }
    xmlFree(id);
    xmlFree(xml_id);
  }
}

/* Moves n's children before it and removes it; returns what the walk goes on from. */
static xmlNodePtr unwrap(xmlNodePtr n, xmlNodePtr root) {
  xmlNodePtr next = n->children ? n->children : next_after(n, root);
  while (n->children) {
    xmlNodePtr ch = n->children;
    xmlUnlinkNode(ch);
    xmlAddPrevSibling(n, ch);
  }
  xmlUnlinkNode(n);
  xmlFreeNode(n);
  return next;
}

/* One element's link or reference: an <a> without a target, or with a fragment (EPUBCheck
 * takes it for a link to the image itself, which is no spine item), loses its tag (a kept one
 * gets a title); a <use> naming an id the file lacks goes. Returns the node the walk goes on
 * from. */
static xmlNodePtr fix_link(cleaner *c, xmlNodePtr n, xmlNodePtr root, const sheaf_strmap *ids) {
  xmlChar *href = svg_href(n);
  int dangling = href && href[0] == '#' && !sheaf_strmap_get(ids, (const char *)href + 1, NULL);
  xmlNodePtr next = NULL;
  if (svg_named(n, "a") && (!href || href[0] == '#')) {
    c->unlinked++;
    next = unwrap(n, root);
  } else if (svg_named(n, "use") && dangling) {
    c->dangling++;
    next = next_after(n, root);
    xmlUnlinkNode(n);
    xmlFreeNode(n);
  } else {
    c->titled += svg_named(n, "a") && sheaf_svg_title_link(n, (const char *)href);
    next = next_in(n, root, 1);
  }
  xmlFree(href);
  return next;
}

static void fix_links(cleaner *c, xmlNodePtr root) {
  sheaf_strmap ids;
  sheaf_strmap_init(&ids);
  gather_ids(root, &ids);
  for (xmlNodePtr n = root; n;) {
    n = n->type == XML_ELEMENT_NODE ? fix_link(c, n, root, &ids) : next_in(n, root, 1);
  }
  sheaf_strmap_fini(&ids);
}

static void report_links(const cleaner *c) {
  if (c->unlinked) {
    sheaf_warn(c->diags, c->name, 0, 0,
               "%d SVG link(s) without a target, or into the image itself, unwrapped", c->unlinked);
  }
  if (c->dangling) {
    sheaf_warn(c->diags, c->name, 0, 0,
               "%d <use> element(s) naming no id of the file removed from the SVG", c->dangling);
  }
  if (c->titled) {
    sheaf_warn(c->diags, c->name, 0, 0,
               "%d SVG link(s) given a <title> from their text (readers announce it)", c->titled);
  }
}

static void report(const cleaner *c, int doctype) {
  if (doctype) {
    sheaf_warn(c->diags, c->name, 0, 0, "SVG DOCTYPE removed (EPUB forbids external DTDs)");
  }
  if (c->scripts) {
    sheaf_warn(c->diags, c->name, 0, 0, "%d script element(s) removed from the SVG", c->scripts);
  }
  if (c->handlers) {
    sheaf_warn(c->diags, c->name, 0, 0, "%d event handler attribute(s) removed from the SVG",
               c->handlers);
  }
  if (c->remote) {
    sheaf_warn(c->diags, c->name, 0, 0, "%d remote or script reference(s) removed from the SVG",
               c->remote);
  }
  if (c->entities) {
    sheaf_warn(c->diags, c->name, 0, 0, "%d external entity reference(s) removed from the SVG",
               c->entities);
  }
}

int sheaf_svg_clean(const char *data, size_t len, const char *name, sheaf_diags *diags,
                    unsigned char **out, size_t *out_len, sheaf_error *err) {
  xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, NULL, SVG_PARSE_OPTS);
  if (doc && !has_external_entity(doc)) {
    xmlFreeDoc(doc);
    doc = xmlReadMemory(data, (int)len, NULL, NULL, SVG_PARSE_OPTS | XML_PARSE_NOENT);
  }
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root || strcmp((const char *)root->name, "svg") != 0) {
    const xmlError *e = xmlGetLastError();
    sheaf_fail(err, SHEAF_ER_MEDIA, NULL, e ? (unsigned)e->line : 0, 0,
               "'%s' is not a well-formed SVG image%s%s", name, e && e->message ? ": " : "",
               e && e->message ? e->message : "");
    size_t n = strlen(err->message);
    if (n && err->message[n - 1] == '\n') {
      err->message[n - 1] = '\0';
    }
    xmlFreeDoc(doc);
    return -1;
  }
  xmlDtdPtr dtd = xmlGetIntSubset(doc);
  if (dtd) {
    xmlUnlinkNode((xmlNodePtr)dtd);
    xmlFreeDtd(dtd);
  }
  cleaner c = {name, diags, 0, 0, 0, 0, 0, 0, 0};
  clean_tree(&c, root);
  fix_links(&c, root);
  report(&c, dtd != NULL);
  report_links(&c);
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
  xmlFreeDoc(doc);
  *out = sheaf_xmalloc((size_t)size + 1);
  memcpy(*out, mem, (size_t)size);
  *out_len = (size_t)size;
  xmlFree(mem);
  return 0;
}
