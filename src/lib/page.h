/* page.h -- complete XHTML documents: the page skeleton around a body
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_PAGE_H
#define SHEAF_PAGE_H

#include "book.h"
#include "buf.h"

typedef struct sheaf_page {
  const char *title;     /* plain text, escaped here */
  const char *base;      /* path from the page to the publication root: "../" or "" */
  const char *body_type; /* epub:type of body, or NULL */
  const char *body;      /* XHTML, inserted as is */
  size_t body_len;
  const char *own_css; /* the page's own stylesheet (from the publication root), or NULL */
} sheaf_page;

/* Writes the document: page.xhtml with the book's language, direction and stylesheets. */
void sheaf_page_write(const sheaf_book *book, const sheaf_page *page, sheaf_buf *out);

/* The DPUB-ARIA role that matches an epub:type value, or NULL when none does. */
const char *sheaf_role_for_type(const char *epub_type);

#endif
