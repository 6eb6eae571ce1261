/* package.h -- stage 4: the package documents (OPF, nav.xhtml, toc.ncx) and fixed pages
 * SPDX-License-Identifier: MIT
 *
 * These documents describe the whole publication, so they are made from what pass 1
 * learned: the parts, their headings, the resources and the metadata. The OPF and the NCX
 * are built with libxml2's xmlTextWriter; the XHTML pages use the page skeleton. */
#ifndef SHEAF_PACKAGE_H
#define SHEAF_PACKAGE_H

#include "book.h"
#include "buf.h"
#include "toc.h"

/* A spine document or landmark that is not a chapter. */
typedef struct sheaf_landmark {
  const char *type; /* epub:type: cover, titlepage, toc, bodymatter, appendix... */
  char *href;       /* from the publication root */
  const char *label;
} sheaf_landmark;

/* What the package documents need beyond the book itself. */
typedef struct sheaf_package {
  const sheaf_book *book;
  sheaf_toc toc;
  sheaf_landmark landmarks[8];
  size_t n_landmarks;
  int has_cover_page; /* text/cover.xhtml first in the spine */
  size_t cover_res;   /* resource index of the cover image, when there is one */
  int has_cover_image;
} sheaf_package;

void sheaf_package_init(sheaf_package *pkg, const sheaf_book *book);
void sheaf_package_fini(sheaf_package *pkg);

/* EPUB/package.opf */
int sheaf_opf_write(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err);
/* EPUB/nav.xhtml */
void sheaf_nav_write(const sheaf_package *pkg, sheaf_buf *out);
/* EPUB/toc.ncx */
int sheaf_ncx_write(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err);
/* EPUB/text/title-page.xhtml */
void sheaf_titlepage_write(const sheaf_package *pkg, sheaf_buf *out);
/* EPUB/text/cover.xhtml */
void sheaf_coverpage_write(const sheaf_package *pkg, sheaf_buf *out);
/* The generated cover image (SVG) made from the title, subtitle and creators. */
void sheaf_cover_svg(const sheaf_book *book, sheaf_buf *out);

#endif
