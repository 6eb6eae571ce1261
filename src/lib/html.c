/* html.c -- raw HTML inside Markdown, made into valid XHTML
 * SPDX-License-Identifier: MIT */
#include "html.h"

#include <stdlib.h>

#include "mem.h"

struct sheaf_html {
  const sheaf_book *book;
  sheaf_book *scan;
  size_t src;
  size_t part;
  int pass;
  sheaf_diags *diags;
  unsigned props;
  int warned;
};

sheaf_html *sheaf_html_new(const sheaf_book *book, sheaf_book *scan, size_t src, size_t part,
                           sheaf_diags *diags) {
  sheaf_html *h = sheaf_xcalloc(1, sizeof *h);
  h->book = book;
  h->scan = scan;
  h->src = src;
  h->part = part;
  h->pass = scan ? 1 : 2;
  h->diags = diags;
  return h;
}

void sheaf_html_raw(sheaf_html *h, const char *html, unsigned line, unsigned col, int block,
                    sheaf_buf *out) {
  (void)html;
  (void)block;
  (void)out;
  if (h->pass == 1) {
    sheaf_warn(h->diags, h->book->sources[h->src].path, line, col,
               "raw HTML is not converted yet; dropped");
  }
}

int sheaf_html_finish(sheaf_html *h, sheaf_buf *body, sheaf_error *err) {
  return sheaf_html_finish_range(h, body, 0, err);
}

int sheaf_html_finish_range(sheaf_html *h, sheaf_buf *body, size_t start, sheaf_error *err) {
  (void)h;
  (void)body;
  (void)start;
  (void)err;
  return 0;
}

unsigned sheaf_html_props(const sheaf_html *h) {
  return h->props;
}

void sheaf_html_free(sheaf_html *h) {
  free(h);
}
