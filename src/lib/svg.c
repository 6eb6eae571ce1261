/* svg.c -- SVG images parsed with libxml2 and written back clean
 * SPDX-License-Identifier: MIT */
#include "svg.h"

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "url.h"

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
} cleaner;

static int remote_ref(const xmlChar *v) {
  const char *s = (const char *)v;
  return sheaf_url_unsafe(s) || sheaf_url_scheme(s) > 0 || (s[0] == '/' && s[1] == '/');
}

/* Removes event handlers and remote or script references from one element. */
static void clean_attrs(cleaner *c, xmlNodePtr el) {
  xmlAttrPtr a = el->properties;
  while (a) {
    xmlAttrPtr next = a->next;
    const char *n = (const char *)a->name;
    int drop = 0;
    if (strncasecmp(n, "on", 2) == 0) {
      drop = ++c->handlers;
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
  cleaner c = {name, diags, 0, 0, 0, 0};
  clean_tree(&c, root);
  report(&c, dtd != NULL);
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
