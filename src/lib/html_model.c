/* html_model.c -- HTML5's content models, as EPUBCheck checks them, applied to raw HTML
 * SPDX-License-Identifier: MIT
 *
 * After an element's children are cleaned, what it holds is made to fit: lists hold items,
 * tables hold their parts in order, details starts with its summary, elements that need a
 * particular parent get one or become a neutral <div> or <span>. Each repair is reported. */
#include <string.h>

#include "html_int.h"

static int is_one_of(xmlNodePtr n, const char *const *names) {
  for (size_t i = 0; names[i]; i++) {
    if (html_is(n, names[i])) {
      return 1;
    }
  }
  return 0;
}

/* Wraps each run of children of n that are not `keep` (and not blank text) in `wrapper`. */
static int wrap_runs(xmlNodePtr n, const char *const *keep, const char *wrapper) {
  int changed = 0;
  xmlNodePtr w = NULL;
  xmlNodePtr ch = n->children;
  while (ch) {
    xmlNodePtr next = ch->next;
    if (is_one_of(ch, keep) || (html_blank(ch) && !w) || ch->type == XML_COMMENT_NODE) {
      w = NULL;
    } else {
      if (!w) {
        w = html_wrap(ch, wrapper);
      } else {
        xmlUnlinkNode(ch);
        xmlAddChild(w, ch);
      }
      changed = 1;
    }
    ch = next;
  }
  return changed;
}

static void fix_list(cleaner *c, xmlNodePtr n) {
  static const char *const li[] = {"li", NULL};
  if (wrap_runs(n, li, "li")) {
    html_note(c, n, "list", "content of <%s> outside <li> was put into <li>", html_name(n));
  }
}

static void fix_details(cleaner *c, xmlNodePtr n) {
  xmlNodePtr first = n->children;
  while (first && (first->type != XML_ELEMENT_NODE)) {
    first = first->next;
  }
  if (html_is(first, "summary")) {
    return;
  }
  xmlNodePtr s = n->children;
  while (s && !html_is(s, "summary")) {
    s = s->next;
  }
  int found = s != NULL;
  if (s) {
    xmlUnlinkNode(s);
  } else {
    s = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"summary",
                      (const xmlChar *)(c->env->details_label ? c->env->details_label : "Details"));
  }
  if (n->children) {
    xmlAddPrevSibling(n->children, s);
  } else {
    xmlAddChild(n, s);
  }
  html_note(c, n, "details", "<details> must start with <summary>; one was %s",
            found ? "moved first" : "added");
}

/* Table parts in HTML5's order, rows in rows, cells in rows, anything else before the table. */
static void fix_table(cleaner *c, xmlNodePtr t) {
  static const char *const parts[] = {"caption", "colgroup", "thead", "tbody", "tr", "tfoot", NULL};
  static const char *const cells[] = {"td", "th", NULL};
  int moved = 0;
  xmlNodePtr ch = t->children;
  while (ch) {
    xmlNodePtr next = ch->next;
    if (is_one_of(ch, cells)) {
      xmlNodePtr tr = html_wrap(ch, "tr");
      while (next && (is_one_of(next, cells) || html_blank(next))) {
        xmlNodePtr after = next->next;
        xmlUnlinkNode(next);
        xmlAddChild(tr, next);
        next = after;
      }
      moved = 1;
    } else if (!is_one_of(ch, parts) && !html_blank(ch) && ch->type != XML_COMMENT_NODE) {
      xmlUnlinkNode(ch);
      xmlAddPrevSibling(t, ch); /* foster parenting, as HTML parsers do */
      moved = 1;
    }
    ch = next;
  }
  for (ch = t->children; ch; ch = ch->next) {
    if (html_is(ch, "tfoot") && ch->next) {
      xmlNodePtr foot = ch;
      xmlUnlinkNode(foot);
      xmlAddChild(t, foot);
      moved = 1;
      break;
    }
  }
  for (ch = t->children; ch; ch = ch->next) {
    if (html_is(ch, "caption") && ch != t->children) {
      xmlUnlinkNode(ch);
      xmlAddPrevSibling(t->children, ch);
      moved = 1;
      break;
    }
  }
  if (moved) {
    html_note(c, t, "table", "<table> parts were put in the order HTML requires");
  }
}

static void fix_rows(cleaner *c, xmlNodePtr n) {
  static const char *const rows[] = {"tr", NULL};
  static const char *const cells[] = {"td", "th", NULL};
  if (html_is(n, "tr") ? wrap_runs(n, cells, "td") : wrap_runs(n, rows, "tr")) {
    html_note(c, n, "rows", "content of <%s> outside %s was wrapped", html_name(n),
              html_is(n, "tr") ? "cells" : "rows");
  }
}

/* Elements that only make sense inside a given parent, and what they become elsewhere. */
static void fix_placement(cleaner *c, xmlNodePtr n, int phrasing) {
  static const char *const table_parts[] = {"tr",    "td",      "th",       "thead", "tbody",
                                            "tfoot", "caption", "colgroup", "col",   NULL};
  xmlNodePtr p = n->parent;
  const char *name = html_name(n);
  int ok = 1;
  if (!strcmp(name, "li")) {
    ok = html_is(p, "ul") || html_is(p, "ol") || html_is(p, "menu");
  } else if (!strcmp(name, "dt") || !strcmp(name, "dd")) {
    ok = html_is(p, "dl") || (html_is(p, "div") && html_is(p->parent, "dl"));
  } else if (!strcmp(name, "summary")) {
    ok = html_is(p, "details");
  } else if (!strcmp(name, "figcaption")) {
    ok = html_is(p, "figure");
  } else if (is_one_of(n, table_parts)) {
    ok = html_is(p, "table") || html_is(p, "thead") || html_is(p, "tbody") || html_is(p, "tfoot") ||
         html_is(p, "tr") || (html_is(p, "colgroup") && !strcmp(name, "col"));
  }
  if (!ok) {
    const char *now = phrasing ? "span" : "div"; /* inside a paragraph only phrasing fits */
    html_note(c, n, "placement", "<%s> outside its proper parent became <%s>", name, now);
    html_rename(n, now);
  }
}

/* A description list is groups of terms then descriptions: it may not start with a
 * description nor end with a term. */
static void fix_dl(cleaner *c, xmlNodePtr n) {
  static const char *const dl_items[] = {"dt", "dd", "div", NULL};
  int changed = wrap_runs(n, dl_items, "dd");
  xmlNodePtr first = n->children;
  xmlNodePtr last = n->last;
  while (first && first->type != XML_ELEMENT_NODE) {
    first = first->next;
  }
  while (last && last->type != XML_ELEMENT_NODE) {
    last = last->prev;
  }
  if (html_is(first, "dd")) {
    xmlAddPrevSibling(first, xmlNewDocNode(n->doc, NULL, (const xmlChar *)"dt", NULL));
    changed = 1;
  }
  if (html_is(last, "dt")) {
    xmlAddNextSibling(last, xmlNewDocNode(n->doc, NULL, (const xmlChar *)"dd", NULL));
    changed = 1;
  }
  if (changed) {
    html_note(c, n, "dl", "<dl> must hold terms followed by descriptions; it was completed");
  }
}

/* HTML drops a newline right after <pre>; XML keeps it, so it goes here. */
static void fix_pre(xmlNodePtr n) {
  xmlNodePtr t = n->children;
  if (t && t->type == XML_TEXT_NODE && t->content && t->content[0] == '\n') {
    xmlChar *rest = xmlStrdup(t->content + 1); /* SetContent frees the old text */
    xmlNodeSetContent(t, rest);
    xmlFree(rest);
  }
}

void html_fix_content(cleaner *c, xmlNodePtr n, int phrasing) {
  const char *name = html_name(n);
  if (!strcmp(name, "ul") || !strcmp(name, "ol") || !strcmp(name, "menu")) {
    fix_list(c, n);
  } else if (!strcmp(name, "dl")) {
    fix_dl(c, n);
  } else if (!strcmp(name, "pre")) {
    fix_pre(n);
  } else if (!strcmp(name, "details")) {
    fix_details(c, n);
  } else if (!strcmp(name, "table")) {
    fix_table(c, n);
  } else if (!strcmp(name, "tbody") || !strcmp(name, "thead") || !strcmp(name, "tfoot") ||
             !strcmp(name, "tr")) {
    fix_rows(c, n);
  }
  fix_placement(c, n, phrasing);
}
