/* html.h -- raw HTML inside Markdown, made into valid XHTML
 * SPDX-License-Identifier: MIT
 *
 * The renderer hands every raw HTML node to sheaf_html_raw. The chapter's rendered body is
 * then given to sheaf_html_finish, which (when raw HTML was kept) re-parses the whole body
 * with libxml2's HTML parser and writes it back as well-formed, content-model-valid XHTML,
 * warning once about each change it had to make. */
#ifndef SHEAF_HTML_H
#define SHEAF_HTML_H

#include "book.h"
#include "buf.h"

typedef struct sheaf_html sheaf_html;

/* A handler for part `part` of source `src`. In pass 1 (`scan` is the book, to record ids in)
 * it warns; in pass 2 (`scan` NULL) it is silent and the book is only read. */
sheaf_html *sheaf_html_new(const sheaf_book *book, sheaf_book *scan, size_t src, size_t part,
                           sheaf_diags *diags);
/* Handles one raw HTML node at line/col of the source, appending to out what stands for it. */
void sheaf_html_raw(sheaf_html *h, const char *html, unsigned line, unsigned col, int block,
                    sheaf_buf *out);
/* Finishes body (the whole rendered part): cleans it when raw HTML was kept. */
int sheaf_html_finish(sheaf_html *h, sheaf_buf *body, sheaf_error *err);
/* The same for the bytes of body from `start` on. */
int sheaf_html_finish_range(sheaf_html *h, sheaf_buf *body, size_t start, sheaf_error *err);
/* Manifest properties (SHEAF_PROP_*) that the part's content needs. */
unsigned sheaf_html_props(const sheaf_html *h);
void sheaf_html_free(sheaf_html *h);

#endif
