/* html_refs.c -- what can only be checked once a whole part is clean: references by id, and
 * inline styles EPUBCheck 4.2.6 misreads
 * SPDX-License-Identifier: MIT
 *
 * aria-describedby, headers, label's for and the like name ids, which EPUBCheck requires to
 * exist in the same document (and, for headers, to be <th> cells of the same table). The
 * author wrote ids that cleaning may have renamed to keep them unique in the book, so each
 * reference is first mapped through those renamings; references to nothing are removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "html_values.h"
#include "mem.h"

void html_id_renamed(cleaner *c, const char *author, const char *final) {
  if (strcmp(author, final) != 0 && sheaf_strmap_add(&c->id_from, author, c->id_to.len)) {
    sheaf_buf_put(&c->id_to, final, strlen(final) + 1);
  }
}

/* The node after n in document order inside `top`, or NULL. */
static xmlNodePtr next_in(xmlNodePtr n, xmlNodePtr top) {
  if (n->type == XML_ELEMENT_NODE && n->children) {
    return n->children;
  }
  while (n != top && !n->next) {
    n = n->parent;
  }
  return n == top ? NULL : n->next;
}

/* Every id in the subtree of top, and (with th_only) only those of <th> cells. */
static void collect_ids(xmlNodePtr top, int th_only, sheaf_strmap *ids) {
  for (xmlNodePtr n = top; n; n = next_in(n, top)) {
    xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? xmlHasProp(n, (const xmlChar *)"id") : NULL;
    if (a && a->children && a->children->content && (!th_only || html_is(n, "th"))) {
      sheaf_strmap_add(ids, (const char *)a->children->content, 1);
    }
  }
}

static xmlNodePtr ancestor(xmlNodePtr n, const char *name) {
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (html_is(p, name)) {
      return p;
    }
  }
  return NULL;
}

/* An id as the document now spells it. */
static const char *final_id(const cleaner *c, const char *author) {
  size_t at;
  return sheaf_strmap_get(&c->id_from, author, &at) ? c->id_to.ptr + at : author;
}

/* Keeps the tokens of `value` that name an id in `ids` (mapped through renamings), at most
 * `max` of them; returns how many were kept, written to out. */
static size_t keep_known(const cleaner *c, const char *value, const sheaf_strmap *ids, size_t max,
                         sheaf_buf *out) {
  size_t kept = 0;
  const char *p = value;
  while (*p && kept < max) {
    p += strspn(p, " \t\n\r\f");
    size_t len = strcspn(p, " \t\n\r\f");
    if (len == 0) {
      break;
    }
    char *tok = sheaf_xstrndup(p, len);
    const char *id = final_id(c, tok);
    size_t v;
    if (sheaf_strmap_get(ids, id, &v)) {
      if (kept++) {
        sheaf_buf_putc(out, ' ');
      }
      sheaf_buf_puts(out, id);
    }
    free(tok);
    p += len;
  }
  return kept;
}

/* The id references of one element: mapped, and removed where they name nothing. */
static void resolve_element(cleaner *c, xmlNodePtr n, const sheaf_strmap *doc_ids) {
  xmlAttrPtr a = n->properties;
  while (a) {
    xmlAttrPtr next = a->next;
    const char *name = (const char *)a->name;
    int kind = sheaf_html_idref_attr(html_name(n), name);
    const char *v = a->children && a->children->content ? (const char *)a->children->content : "";
    if (kind) {
      sheaf_strmap table_ths;
      sheaf_strmap_init(&table_ths);
      xmlNodePtr table = strcmp(name, "headers") == 0 ? ancestor(n, "table") : NULL;
      const sheaf_strmap *ids = doc_ids;
      if (table) {
        collect_ids(table, 1, &table_ths);
        ids = &table_ths;
      } else if (!strcmp(name, "aria-activedescendant")) {
        collect_ids(n, 0, &table_ths); /* it names one of n's descendants */
        ids = &table_ths;
      }
      sheaf_buf out = SHEAF_BUF_INIT;
      size_t kept = keep_known(c, v, ids, kind == 2 ? 1 : (size_t)-1, &out);
      if (kept == 0) {
        html_note(c, n, "idref", "%s=\"%.40s\" on <%s> names no element of this document; removed",
                  name, v, html_name(n));
        xmlRemoveProp(a);
      } else if (strcmp(out.ptr, v) != 0) {
        html_note(c, n, "idref", "%s=\"%.40s\" on <%s> keeps only the ids this document has", name,
                  v, html_name(n));
        html_set_attr(n, name, out.ptr);
      }
      sheaf_buf_free(&out);
      sheaf_strmap_fini(&table_ths);
    }
    a = next;
  }
}

void html_resolve_idrefs(cleaner *c, xmlNodePtr first) {
  sheaf_strmap ids;
  sheaf_strmap_init(&ids);
  for (xmlNodePtr t = first; t; t = t->next) {
    collect_ids(t, 0, &ids);
  }
  for (xmlNodePtr t = first; t; t = t->next) {
    for (xmlNodePtr n = t; n; n = next_in(n, t)) {
      if (n->type == XML_ELEMENT_NODE && n->properties) {
        resolve_element(c, n, &ids);
      }
    }
  }
  sheaf_strmap_fini(&ids);
}

/* EPUBCheck 4.2.6 wrongly reports OPF-018 ("remote-resources" declared but unused) for a
 * document with remote audio or video once it holds any inline CSS (its issue #1335, fixed
 * in 5.0). In such documents each style attribute becomes a class whose rule goes into the
 * part's stylesheet; the same declarations share one class. */
void html_styles_to_classes(cleaner *c, xmlNodePtr first) {
  sheaf_strmap seen;
  sheaf_strmap_init(&seen);
  size_t count = 0;
  for (xmlNodePtr t = first; t; t = t->next) {
    for (xmlNodePtr n = t; n; n = next_in(n, t)) {
      char *style = n->type == XML_ELEMENT_NODE ? html_attr(n, "style") : NULL;
      if (!style) {
        continue;
      }
      size_t k;
      if (!sheaf_strmap_get(&seen, style, &k)) {
        k = ++count;
        sheaf_strmap_add(&seen, style, k);
        char *rule = sheaf_xasprintf(".sheaf-style-%zu { %s }", k, style);
        unsigned line;
        unsigned col;
        html_position(c, n, &line, &col);
        if (c->env->style) {
          c->env->style(c->env->ud, rule, line, col);
        }
        free(rule);
      }
      char *cls = html_attr(n, "class");
      char *now = cls ? sheaf_xasprintf("%s sheaf-style-%zu", cls, k)
                      : sheaf_xasprintf("sheaf-style-%zu", k);
      html_set_attr(n, "class", now);
      xmlUnsetProp(n, (const xmlChar *)"style");
      free(now);
      xmlFree(cls);
      xmlFree(style);
    }
  }
  sheaf_strmap_fini(&seen);
}
