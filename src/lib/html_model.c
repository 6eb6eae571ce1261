/* html_model.c -- HTML5's content models, as EPUBCheck checks them, applied to raw HTML
 * SPDX-License-Identifier: MIT
 *
 * After an element's children are cleaned, what it holds is made to fit: lists hold items,
 * tables hold their parts in order, details starts with its summary, elements that need a
 * particular parent get one or become a neutral <div> or <span>. Each repair is reported. */
#include <string.h>

#include "html_int.h"
#include "html_tables.h"

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

/* The first child that is not a comment nor blank text. */
static xmlNodePtr first_content(xmlNodePtr n) {
  xmlNodePtr ch = n->children;
  while (ch && (ch->type == XML_COMMENT_NODE || html_blank(ch))) {
    ch = ch->next;
  }
  return ch;
}

/* <details> starts with one <summary> (moved there, or added) and holds no other. */
static void fix_details(cleaner *c, xmlNodePtr n) {
  xmlNodePtr s = NULL;
  int extra = 0;
  for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
    if (!html_is(ch, "summary")) {
      continue;
    }
    if (s) {
      html_rename(ch, "div"); /* a second summary is an ordinary block */
      extra = 1;
    } else {
      s = ch;
    }
  }
  if (extra) {
    html_note(c, n, "summaries", "<details> may have one <summary>; the others became <div>");
  }
  if (s && first_content(n) == s) {
    return;
  }
  int found = s != NULL;
  if (s) {
    xmlUnlinkNode(s);
  } else {
    s = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"summary",
                      (const xmlChar *)(c->env->details_label ? c->env->details_label : "Details"));
  }
  if (n->children) {
    html_insert_before(n->children, s);
  } else {
    xmlAddChild(n, s);
  }
  html_note(c, n, "details", "<details> must start with <summary>; one was %s",
            found ? "moved first" : "added");
}

/* Where a table part goes: caption, column groups, head, body rows, foot. */
static int part_rank(xmlNodePtr n) {
  static const char *const order[] = {"caption", "colgroup", "thead", "tbody", "tfoot", NULL};
  for (int i = 0; order[i]; i++) {
    if (html_is(n, order[i])) {
      return i;
    }
  }
  return 3; /* rows, blank text and comments stay among the bodies */
}

/* Rows standing beside bodies go into bodies of their own (a table holds either). */
static void rows_into_bodies(xmlNodePtr t) {
  static const char *const row[] = {"tr", NULL};
  static const char *const not_rows[] = {"caption", "colgroup", "thead", "tbody", "tfoot", NULL};
  xmlNodePtr body = NULL;
  xmlNodePtr ch = t->children;
  while (ch) {
    xmlNodePtr next = ch->next;
    if (is_one_of(ch, row)) {
      body = body ? body : html_wrap(ch, "tbody");
      if (ch->parent != body) {
        xmlUnlinkNode(ch);
        xmlAddChild(body, ch);
      }
    } else if (is_one_of(ch, not_rows)) {
      body = NULL;
    }
    ch = next;
  }
}

/* A second <caption> becomes a <div> (moved before the table); a second <thead> or
 * <tfoot> becomes a <tbody>, where its rows are still rows; rows beside bodies get a body of
 * their own. Returns 1 when anything changed. */
static int single_parts(xmlNodePtr t) {
  int changed = 0;
  int seen[5] = {0, 0, 0, 0, 0};
  int bodies = 0;
  int rows = 0;
  for (xmlNodePtr ch = t->children, next; ch; ch = next) {
    next = ch->next;
    int r = part_rank(ch);
    if ((r == 0 || r == 2 || r == 4) && seen[r]++) {
      html_rename(ch, r == 0 ? "div" : "tbody");
      if (r == 0) {
        xmlUnlinkNode(ch);
        html_insert_before(t, ch);
      }
      changed = 1;
    }
    bodies += html_is(ch, "tbody");
    rows += html_is(ch, "tr");
  }
  if (bodies && rows) {
    rows_into_bodies(t);
    changed = 1;
  }
  return changed;
}

/* Puts the parts of table t in HTML5's order, keeping the order of equal parts (a stable
 * insertion sort over the children: tables have few parts). Returns 1 when anything moved. */
static int order_parts(xmlNodePtr t) {
  int moved = 0;
  xmlNodePtr ch = t->children;
  while (ch) {
    xmlNodePtr next = ch->next;
    xmlNodePtr at = ch->prev;
    while (at && part_rank(at) > part_rank(ch)) {
      at = at->prev;
    }
    if (at != ch->prev) {
      xmlUnlinkNode(ch);
      if (at) {
        html_insert_after(at, ch);
      } else {
        html_insert_before(t->children, ch);
      }
      moved = 1;
    }
    ch = next;
  }
  return moved;
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
      html_insert_before(t, ch); /* foster parenting, as HTML parsers do */
      moved = 1;
    }
    ch = next;
  }
  moved |= single_parts(t);
  moved |= order_parts(t);
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
    html_insert_before(first, xmlNewDocNode(n->doc, NULL, (const xmlChar *)"dt", NULL));
    changed = 1;
  }
  if (html_is(last, "dt")) {
    html_insert_after(last, xmlNewDocNode(n->doc, NULL, (const xmlChar *)"dd", NULL));
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

/* Removes n's tag after its content was cleaned, keeping the content; returns the node the
 * walk goes on from, which is after the content (it must not be cleaned twice). */
static xmlNodePtr unwrap_cleaned(xmlNodePtr n) {
  xmlNodePtr next = n->next;
  html_unwrap(n);
  return next;
}

static int is_heading(xmlNodePtr n) {
  static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
  return is_one_of(n, h);
}

/* <hgroup> holds only headings where EPUBCheck looks (HTML 5.2); a subtitle paragraph in it
 * keeps its place when the hgroup is unwrapped. */
static xmlNodePtr fix_hgroup(cleaner *c, xmlNodePtr n) {
  for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
    if (ch->type == XML_TEXT_NODE ? !html_blank(ch)
                                  : ch->type == XML_ELEMENT_NODE && !is_heading(ch)) {
      html_note(c, n, "hgroup", "<hgroup> may hold only headings; its tag was removed");
      return unwrap_cleaned(n);
    }
  }
  return n->next;
}

/* A figure has one caption, first or last: a later one becomes a <div>, one in the middle
 * moves to the end. */
static void fix_figure(cleaner *c, xmlNodePtr n) {
  xmlNodePtr cap = NULL;
  int changed = 0;
  for (xmlNodePtr ch = n->children, next; ch; ch = next) {
    next = ch->next;
    if (!html_is(ch, "figcaption")) {
      continue;
    }
    if (cap) {
      html_rename(ch, "div");
      changed = 1;
    } else {
      cap = ch;
    }
  }
  xmlNodePtr first = first_content(n);
  xmlNodePtr last = n->last;
  while (last && (last->type == XML_COMMENT_NODE || html_blank(last))) {
    last = last->prev;
  }
  if (cap && cap != first && cap != last) {
    xmlUnlinkNode(cap);
    xmlAddChild(n, cap);
    changed = 1;
  }
  if (changed) {
    html_note(c, n, "figure", "a <figure> has one caption, first or last; it was put in order");
  }
}

/* Audio and video keep a source (remote: see html_fix.c) and some fallback content, which
 * reading systems without media support show: a link to the file, unless the author wrote
 * one. Without any source the element is replaced by its fallback. */
static xmlNodePtr fix_media(cleaner *c, xmlNodePtr n) {
  static const char *const sources[] = {"source", "track", NULL};
  char *src = html_attr(n, "src");
  xmlNodePtr source = n->children;
  while (source && !html_is(source, "source")) {
    source = source->next;
  }
  char *url = src ? src : source ? html_attr(source, "src") : NULL;
  int fallback = 0;
  for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
    fallback |= !is_one_of(ch, sources) && ch->type != XML_COMMENT_NODE && !html_blank(ch);
  }
  xmlNodePtr next = n->next;
  if (!url) {
    html_note(c, n, "nosource", "<%s> has no source left; its fallback content is kept",
              html_name(n));
    next = unwrap_cleaned(n);
  } else if (!fallback) {
    xmlNodePtr a = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"a", NULL);
    html_set_attr(a, "href", url);
    xmlAddChild(a, xmlNewDocText(n->doc, (const xmlChar *)url));
    xmlAddChild(n, a);
  }
  if (url != src) {
    xmlFree(url);
  }
  xmlFree(src);
  return next;
}

/* Without scripts a canvas shows nothing: its fallback content stands in its place. */
static xmlNodePtr fix_canvas(cleaner *c, xmlNodePtr n) {
  if (c->env->allow_unsafe && n->children) {
    return n->next;
  }
  html_note(c, n, "canvas", "<canvas> needs scripts to show anything; %s",
            n->children ? "its fallback content is kept" : "removed");
  return unwrap_cleaned(n);
}

xmlNodePtr html_fix_content(cleaner *c, xmlNodePtr n) {
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
  } else if (!strcmp(name, "hgroup")) {
    return fix_hgroup(c, n);
  } else if (!strcmp(name, "figure")) {
    fix_figure(c, n);
  } else if (!strcmp(name, "colgroup") && n->children && xmlHasProp(n, (const xmlChar *)"span")) {
    html_note(c, n, "span", "span on a <colgroup> that lists its columns removed");
    xmlUnsetProp(n, (const xmlChar *)"span");
  } else if (!strcmp(name, "picture")) {
    return unwrap_cleaned(n); /* its <img> alone is what is packaged */
  } else if (!strcmp(name, "audio") || !strcmp(name, "video")) {
    return fix_media(c, n);
  } else if (!strcmp(name, "canvas")) {
    return fix_canvas(c, n);
  }
  return n->next;
}

/* ---- placement: elements that only make sense inside a given parent ---- */

typedef struct placement {
  const char *child;
  const char *parents; /* space-separated */
  int drop;            /* 1: removed elsewhere (empty or meaningless alone); 0: renamed */
} placement;

static const placement placements[] = {
    {"li", "ul ol menu", 0},
    {"dt", "dl div", 0},
    {"dd", "dl div", 0},
    {"summary", "details", 0},
    {"figcaption", "figure", 0},
    {"legend", "fieldset", 0},
    {"caption", "table", 0},
    {"colgroup", "table", 0},
    {"thead", "table", 0},
    {"tbody", "table", 0},
    {"tfoot", "table", 0},
    {"tr", "table thead tbody tfoot", 0},
    {"td", "tr table", 0},
    {"th", "tr table", 0},
    {"col", "colgroup table", 1},
    {"rb", "ruby", 0},
    {"rtc", "ruby", 0},
    {"rt", "ruby rtc", 0},
    {"rp", "ruby", 0},
    {"source", "audio video", 1},
    {"track", "audio video", 1},
    {"param", "object", 1},
    {"option", "select datalist optgroup", 1},
    {"optgroup", "select", 1},
};

static int in_list(const char *words, const char *name) {
  size_t n = strlen(name);
  for (const char *p = words; (p = strstr(p, name)) != NULL; p += n) {
    if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) {
      return 1;
    }
  }
  return 0;
}

static int has_ancestor(xmlNodePtr n, const char *name) {
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (html_is(p, name)) {
      return 1;
    }
  }
  return 0;
}

/* Whether n stands where HTML lets it: 1 fits, 0 renamed, -1 removed. */
static int placement_of(xmlNodePtr n) {
  const char *name = html_name(n);
  xmlNodePtr p = n->parent;
  const char *parent = p && p->type == XML_ELEMENT_NODE ? html_name(p) : "";
  if (!strcmp(name, "area")) {
    return has_ancestor(n, "map") ? 1 : -1;
  }
  if ((!strcmp(name, "dt") || !strcmp(name, "dd")) && !strcmp(parent, "div")) {
    return html_is(p->parent, "dl") ? 1 : 0;
  }
  for (size_t i = 0; i < sizeof placements / sizeof *placements; i++) {
    if (!strcmp(name, placements[i].child)) {
      return in_list(placements[i].parents, parent) ? 1 : placements[i].drop ? -1 : 0;
    }
  }
  return 1;
}

/* Elements HTML forbids inside certain others (validator.nu's assertions, which EPUBCheck
 * runs): the inner tag goes, its content stays. */
typedef struct nesting {
  const char *inner;
  const char *outer; /* space-separated ancestors it may not have */
} nesting;

static const nesting nestings[] = {
    {"address", "address"},
    {"header", "address header footer"},
    {"footer", "address header footer"},
    {"dfn", "dfn"},
    {"label", "label"},
    {"form", "form"},
    {"progress", "progress"},
    {"meter", "meter"},
    {"table", "caption"},
    {"main", "article aside footer header nav"},
    {"button", "a button"},
    {"details", "a button"},
    {"embed", "a button"},
    {"iframe", "a button"},
    {"input", "a button"},
    {"select", "a button"},
    {"textarea", "a button"},
    {"audio", "a button"},
    {"video", "a button"},
};

/* The ancestor named in `outer` that n may not stand in, or NULL. */
static xmlNodePtr forbidding_ancestor(xmlNodePtr n) {
  const char *name = html_name(n);
  for (size_t i = 0; i < sizeof nestings / sizeof *nestings; i++) {
    if (strcmp(name, nestings[i].inner) != 0) {
      continue;
    }
    for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
      if (in_list(nestings[i].outer, html_name(p))) {
        return p;
      }
    }
  }
  return NULL;
}

const html_element *html_place(cleaner *c, xmlNodePtr n, const html_element *el, int phrasing,
                               xmlNodePtr *next) {
  xmlNodePtr outer = forbidding_ancestor(n);
  if (outer) {
    html_note(c, n, "nesting", "<%s> may not stand inside <%s>; its tag was removed", html_name(n),
              html_name(outer));
    *next = html_unwrap(n);
    return NULL;
  }
  int fit = placement_of(n);
  const char *name = html_name(n);
  if (fit < 0 && !strcmp(name, "source") && html_is(n->parent, "picture")) {
    html_note(c, n, "picture", "<source> in <picture> removed (only its <img> is packaged)");
  } else if (fit < 0) {
    html_note(c, n, "placement", "<%s> outside its proper parent removed", name);
  }
  if (fit < 0) {
    *next = html_drop(n);
    return NULL;
  }
  if (fit == 0) {
    const char *now = phrasing ? "span" : "div"; /* inside a paragraph only phrasing fits */
    html_note(c, n, "placement", "<%s> outside its proper parent became <%s>", name, now);
    html_rename(n, now);
    return html_element_find(now);
  }
  return el;
}
