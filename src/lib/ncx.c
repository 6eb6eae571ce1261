/* ncx.c -- stage 4: the EPUB 2 table of contents, EPUB/toc.ncx, mirroring nav.xhtml
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "package.h"
#include "strmap.h"
#include "xmlw.h"

/* The target of entry i: its own, or (for a title without a page) the next entry's. */
static const char *target(const sheaf_toc *toc, size_t i) {
  for (; i < toc->n; i++) {
    if (toc->v[i].href) {
      return toc->v[i].href;
    }
  }
  return NULL;
}

static void head(sheaf_xw *x, const sheaf_book *b, int depth) {
  char d[16];
  snprintf(d, sizeof d, "%d", depth > 0 ? depth : 1);
  sheaf_xw_start(x, "head");
  sheaf_xw_leaf(x, "meta", NULL, "name", "dtb:uid", "content", b->identifier);
  sheaf_xw_leaf(x, "meta", NULL, "name", "dtb:depth", "content", d);
  sheaf_xw_leaf(x, "meta", NULL, "name", "dtb:totalPageCount", "content", "0");
  sheaf_xw_leaf(x, "meta", NULL, "name", "dtb:maxPageNumber", "content", "0");
  sheaf_xw_end(x);
  sheaf_xw_start(x, "docTitle");
  sheaf_xw_leaf(x, "text", b->meta.titles[0].text, NULL, NULL, NULL, NULL);
  sheaf_xw_end(x);
}

/* Writes navPoints nested by depth. Entries sharing a target share a playOrder, and
 * playOrder follows reading order without gaps. */
static void nav_map(sheaf_xw *x, const sheaf_toc *toc) {
  sheaf_strmap orders;
  sheaf_strmap_init(&orders);
  size_t next_order = 1;
  int open = 0;
  sheaf_xw_start(x, "navMap");
  for (size_t i = 0; i < toc->n; i++) {
    const char *src = target(toc, i);
    if (!src) {
      continue;
    }
    for (; open > toc->v[i].depth; open--) {
      sheaf_xw_end(x);
    }
    size_t order;
    if (!sheaf_strmap_get(&orders, src, &order)) {
      order = next_order++;
      sheaf_strmap_add(&orders, src, order);
    }
    char id[32];
    char po[32];
    snprintf(id, sizeof id, "np-%zu", i + 1);
    snprintf(po, sizeof po, "%zu", order);
    sheaf_xw_start(x, "navPoint");
    sheaf_xw_attr(x, "id", id);
    sheaf_xw_attr(x, "playOrder", po);
    sheaf_xw_start(x, "navLabel");
    sheaf_xw_leaf(x, "text", toc->v[i].label, NULL, NULL, NULL, NULL);
    sheaf_xw_end(x);
    sheaf_xw_leaf(x, "content", NULL, "src", src, NULL, NULL);
    open = toc->v[i].depth + 1;
  }
  for (; open > 0; open--) {
    sheaf_xw_end(x);
  }
  sheaf_xw_end(x);
  sheaf_strmap_fini(&orders);
}

int sheaf_ncx_write(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err) {
  const sheaf_book *b = pkg->book;
  sheaf_xw x;
  sheaf_xw_begin(&x);
  sheaf_xw_start(&x, "ncx");
  sheaf_xw_attr(&x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
  sheaf_xw_attr(&x, "version", "2005-1");
  sheaf_xw_attr(&x, "xml:lang", b->meta.lang);
  head(&x, b, pkg->toc.max_depth);
  nav_map(&x, &pkg->toc);
  sheaf_xw_end(&x);
  return sheaf_xw_finish(&x, "toc.ncx", out, err);
}
