/* xhtml.h -- stage 3: our XHTML renderer over cmark's tree
 * SPDX-License-Identifier: MIT
 *
 * Modelled on cmark's src/html.c: one iterator loop and one switch. It differs where an
 * EPUB needs it: well-formed XML always (escaping, closed void elements, no characters XML
 * forbids), heading ids, language-aware quotation marks, a depth cap so that absurd nesting
 * degrades into flatter markup instead of exhausting readers, and hooks through which the
 * chapter stage decides ids, links, images and raw HTML. */
#ifndef SHEAF_XHTML_H
#define SHEAF_XHTML_H

#include <cmark.h>

#include "buf.h"

/* Container depth (block quotes and list items) past which no further tags are opened;
 * inline markup has the same cap. Readers and validators stay far from their own limits. */
#define SHEAF_XHTML_MAX_DEPTH 40

typedef enum sheaf_xhtml_notice {
  SHEAF_NOTICE_FLATTENED,     /* a depth cap flattened markup (reported once per render) */
  SHEAF_NOTICE_EMPTY_HEADING, /* a heading without text was left out */
  SHEAF_NOTICE_NESTED_LINK    /* a link inside a link was kept as text */
} sheaf_xhtml_notice;

/* What to tell the author about a notice (a static string). */
const char *sheaf_xhtml_notice_message(sheaf_xhtml_notice what);

typedef struct sheaf_xhtml_hooks {
  void *ud;
  /* The id for a heading; `text` is its plain text. Borrowed until the next call. */
  const char *(*heading_id)(void *ud, cmark_node *node, const char *text);
  /* Writes a link's href into `href` and returns 1, or returns 0 to render the link's
   * content without the link. */
  int (*link)(void *ud, cmark_node *node, const char *url, sheaf_buf *href);
  /* Writes an image's src into `src` and returns 1, or returns 0 to render its alt text. */
  int (*image)(void *ud, cmark_node *node, const char *url, const char *alt, sheaf_buf *src);
  /* Writes what stands for a raw HTML node (block or inline) into `out`. */
  void (*html)(void *ud, cmark_node *node, sheaf_buf *out);
  /* Reports a change the renderer made to what the author wrote. */
  void (*notice)(void *ud, cmark_node *node, sheaf_xhtml_notice what);
  /* Mark headings, links and images as the renderer's own (SHEAF_HTML_OWN), for the raw-HTML
   * cleaner to leave their attributes alone. */
  int mark_own;
} sheaf_xhtml_hooks;

typedef struct sheaf_xhtml_style {
  const char *open_quote;  /* what “ made by smart punctuation becomes (NULL: keep) */
  const char *close_quote; /* what ” becomes */
  int placeholders;        /* the author's own “ ” were hidden as U+FDD0/U+FDD1: restore them */
  int pair_quotes;         /* spaceless language: alternate open/close within a block */
} sheaf_xhtml_style;

/* Prepares Markdown text in place (same length, so positions hold) for language-aware smart
 * punctuation in `lang`, and fills st for the renderer. */
void sheaf_xhtml_prepare(char *text, size_t len, const char *lang, int smart,
                         sheaf_xhtml_style *st);

/* Renders the sibling blocks from `first` up to (not including) `stop` (NULL: to the end)
 * into out. hooks and style may be NULL. */
void sheaf_xhtml_render(cmark_node *first, cmark_node *stop, const sheaf_xhtml_hooks *hooks,
                        const sheaf_xhtml_style *style, sheaf_buf *out);

/* Appends the plain text of node's inline content (for headings, alt text, labels),
 * with the quotation style applied but no escaping. */
void sheaf_xhtml_plain_text(cmark_node *node, const sheaf_xhtml_style *style, sheaf_buf *out);

/* Appends s with the quotation style applied, escaped as XML text (attr = 0) or attribute. */
void sheaf_xhtml_put_text(sheaf_buf *out, const char *s, size_t len, const sheaf_xhtml_style *st,
                          int attr);

#endif
