/* html.h -- raw HTML inside Markdown, made into valid XHTML
 * SPDX-License-Identifier: MIT
 *
 * The renderer writes raw HTML as it is, each piece preceded by a position marker, and marks
 * the elements it made itself that carry resolved links, images or heading ids. When a part
 * holds raw HTML, sheaf_html_clean re-parses the whole rendered part with libxml2's HTML
 * parser (never by hand), repairs what HTML5 and EPUB forbid, and serializes it back as
 * well-formed XHTML, reporting every change once, at the author's line and column. */
#ifndef SHEAF_HTML_H
#define SHEAF_HTML_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/* The attribute the renderer puts on elements it made with resolved links, images or ids,
 * so cleaning leaves their attributes alone (and removes the marker). */
#define SHEAF_HTML_OWN "data-sheaf-own"

/* What cleaning asks of the chapter stage. `line`/`col` locate the author's HTML. */
typedef struct sheaf_html_env {
  void *ud;
  /* A link's href (written into href, escaped for an attribute): 1 keeps the link, 0 drops
   * it and keeps its content. */
  int (*link)(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *href);
  /* An image's src: 1 keeps the image, 0 replaces it by its alt text. */
  int (*image)(void *ud, const char *url, const char *alt, unsigned line, unsigned col,
               sheaf_buf *src);
  /* The src of remote audio or video (declared in the manifest, written into src): 1 keeps
   * it, 0 removes the element (the chapter stage said why). */
  int (*media)(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *src);
  /* The id an author's id becomes (unique in the book); borrowed until the next call. */
  const char *(*id)(void *ud, const char *id, unsigned line, unsigned col);
  /* Rules of a <style> element, to go into the part's own stylesheet. */
  void (*style)(void *ud, const char *css, unsigned line, unsigned col);
  /* A change made to the author's HTML (already worded). */
  void (*warn)(void *ud, unsigned line, unsigned col, const char *message);
  const char *details_label; /* text of a <summary> sheaf has to add */
  int allow_unsafe;          /* keep scripts, handlers and forms (SHEAF_OPT_UNSAFE_HTML) */
} sheaf_html_env;

/* Appends the marker that precedes a raw HTML node written at line/col, then the HTML. */
void sheaf_html_put_raw(sheaf_buf *out, const char *html, unsigned line, unsigned col);

/* Cleans the bytes of body from `start` on (rendered XHTML holding raw HTML) in place.
 * Manifest properties the content needs (SHEAF_PROP_SVG, SHEAF_PROP_MATHML) are or-ed into
 * *props; *own_ids receives how many of the renderer's heading ids came through (fewer than it
 * wrote means the author's HTML swallowed Markdown around it). Fails only when libxml2 cannot
 * parse at all. */
int sheaf_html_clean(const sheaf_html_env *env, sheaf_buf *body, size_t start, unsigned *props,
                     size_t *own_ids, sheaf_error *err);

#endif
