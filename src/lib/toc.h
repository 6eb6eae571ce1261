/* toc.h -- stage 4: the table of contents, shared by nav.xhtml and toc.ncx
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_TOC_H
#define SHEAF_TOC_H

#include "book.h"

typedef struct sheaf_toc_entry {
  char *label; /* plain text */
  char *href;  /* from the publication root, e.g. "text/one.xhtml#intro"; NULL: no target */
  int depth;   /* 0 at the top; each entry is at most one deeper than the one before */
} sheaf_toc_entry;

typedef struct sheaf_toc {
  sheaf_toc_entry *v;
  size_t n;
  int max_depth; /* deepest depth + 1 */
} sheaf_toc;

/* Builds the TOC of the book down to book->toc_depth levels. */
void sheaf_toc_build(const sheaf_book *book, sheaf_toc *toc);
void sheaf_toc_free(sheaf_toc *toc);

#endif
