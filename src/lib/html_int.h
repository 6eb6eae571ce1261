/* html_int.h -- what the raw-HTML cleaner's files share
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_HTML_INT_H
#define SHEAF_HTML_INT_H

#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "strmap.h"

/* Element nesting past which raw HTML is flattened to its text: far above real documents,
 * far below what would exhaust a reader (or our own recursion). */
#define HTML_MAX_DEPTH 96

typedef struct cleaner {
  const sheaf_html_env *env;
  unsigned props;
  unsigned mark_line; /* the author's position of the last marker */
  unsigned mark_col;
  long mark_at;         /* ... and its line in the re-parsed text */
  sheaf_strmap warned;  /* "<what>\t<element>": each kind of change reported once per part */
  int xlink;            /* an xlink: attribute was kept: the SVG root declares the prefix */
  size_t own_ids;       /* the renderer's heading ids met */
  sheaf_strmap id_from; /* an author's id that was renamed -> offset of its new name ... */
  sheaf_buf id_to;      /* ... in these NUL-terminated names */
} cleaner;

/* Where the author wrote n: the last marker's position plus n's line offset from it. */
void html_position(const cleaner *c, xmlNodePtr n, unsigned *line, unsigned *col);
/* Reports a change once per (kind, element name) in the part. */
void html_note(cleaner *c, xmlNodePtr n, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Cleans CSS written at line/col (a <style> element's text, or with `decls` a style
 * attribute's) into out (the caller's). References from raw HTML's CSS are not packaged:
 * each url() but a fragment (url(#gradient)) goes, with the declaration holding it, and the
 * cleaner says so. The text may
 * hold the renderer's position markers; the cleaner skips them. */
void html_clean_css(cleaner *c, const char *css, int decls, unsigned line, unsigned col,
                    sheaf_buf *out);
/* The style sheet of a <style> element n (HTML's or SVG's), cleaned into out (the caller's);
 * *line and *col receive where n stands. */
void html_style_element(cleaner *c, xmlNodePtr n, sheaf_buf *out, unsigned *line, unsigned *col);
/* A style attribute v of n: its declarations cleaned in place; 1 when none is left and the
 * attribute is to go. */
int html_style_attr(cleaner *c, xmlNodePtr n, const char *v);

const char *html_name(xmlNodePtr n);
/* The node after n in document order under top: n's first child when `into` (and n is an
 * element), else the next sibling of n or of its nearest ancestor below top; NULL at the end. */
xmlNodePtr html_walk_next(xmlNodePtr n, xmlNodePtr top, int into);
int html_is(xmlNodePtr n, const char *name);
/* An attribute's value (caller frees with xmlFree), or NULL. */
char *html_attr(xmlNodePtr n, const char *name);
void html_set_attr(xmlNodePtr n, const char *name, const char *value);
/* True for a text node holding only white space. */
int html_blank(xmlNodePtr n);
/* Links node (unlinked first) before or after ref. Unlike libxml2's sibling functions these
 * never merge text nodes, so every node pointer stays valid. */
void html_insert_before(xmlNodePtr ref, xmlNodePtr node);
void html_insert_after(xmlNodePtr ref, xmlNodePtr node);
/* Removes n's tag, keeping its children; returns the node the walk goes on from. */
xmlNodePtr html_unwrap(xmlNodePtr n);
/* Removes n and its content; returns what followed it. */
xmlNodePtr html_drop(xmlNodePtr n);
void html_rename(xmlNodePtr n, const char *name);
/* Wraps n in a new element; returns the wrapper. */
xmlNodePtr html_wrap(xmlNodePtr n, const char *name);
/* Appends CSS declarations to n's style attribute. */
void html_add_css(xmlNodePtr n, const char *css);

/* True for a name XML accepts (ASCII letters, digits, "_-.:"; not starting with a digit). */
int html_xml_name_ok(const char *s);

/* ---- html_refs.c ---- */

/* Records that the author's id `author` is written `final` (references follow it). */
void html_id_renamed(cleaner *c, const char *author, const char *final);
/* Maps id references (aria-describedby, headers...) in the top-level nodes from `first` on
 * through renamed ids, and removes those that name nothing in the document. */
void html_resolve_idrefs(cleaner *c, xmlNodePtr first);
/* Turns every style attribute from `first` on into a class with a rule in the part's
 * stylesheet (see html_refs.c for why). */
void html_styles_to_classes(cleaner *c, xmlNodePtr first);

/* ---- html_model.c ---- */

/* Makes what n holds fit its content model, after its children were cleaned. Returns the
 * node the walk goes on from (n's tag may have been removed). */
xmlNodePtr html_fix_content(cleaner *c, xmlNodePtr n);

struct html_element;
/* Checks that n (described by el) stands under a parent HTML lets it have, before its
 * attributes and children are cleaned. Returns el, or the element n became (a <div>, or a
 * <span> where `phrasing`), or NULL when n was removed (*next: where the walk goes on). */
const struct html_element *html_place(cleaner *c, xmlNodePtr n, const struct html_element *el,
                                      int phrasing, xmlNodePtr *next);

/* ---- html_foreign.c ---- */

/* The proper case of an SVG or MathML element or attribute name the HTML parser lowered. */
const char *html_foreign_case(const char *lower);
/* True when `lower` names an element of SVG (foreign 1) or MathML (foreign 2). */
int html_foreign_known(const char *lower, int foreign);
/* True for the HTML elements that end SVG or MathML content when met inside it (HTML5's
 * "breakout" start tags). */
int html_breaks_out(const char *lower);

/* Cleans svg or math element n (foreign 1 or 2) and its content (html_foreign.c); returns the
 * node the walk goes on from. */
xmlNodePtr html_clean_foreign(cleaner *c, xmlNodePtr n, int foreign, int in_link);

/* Cleans the children of parent in order (html_fix.c). `phrasing`: only phrasing content
 * may stand here; `in_link`: inside an <a>; `foreign`: inside svg or math. */
void html_clean_children(cleaner *c, xmlNodePtr parent, int phrasing, int in_link, int foreign);

#endif
