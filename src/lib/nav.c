/* nav.c -- stage 4: the navigation document, EPUB/nav.xhtml
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "lang.h"
#include "package.h"
#include "page.h"

static void put_label(sheaf_buf *out, const char *s) {
  sheaf_buf_put_text(out, s, strlen(s));
}

/* Writes the entries as nested lists: each entry's children follow it one level deeper. */
static void toc_lists(const sheaf_toc *toc, sheaf_buf *out) {
  sheaf_buf_puts(out, "<ol>\n");
  int depth = 0;
  for (size_t i = 0; i < toc->n; i++) {
    const sheaf_toc_entry *e = &toc->v[i];
    if (i > 0) {
      if (e->depth > depth) {
        sheaf_buf_puts(out, "\n<ol>\n");
      } else {
        sheaf_buf_puts(out, "</li>\n");
        for (; depth > e->depth; depth--) {
          sheaf_buf_puts(out, "</ol>\n</li>\n");
        }
      }
    }
    depth = e->depth;
    sheaf_buf_puts(out, "<li>");
    if (e->href) {
      sheaf_buf_puts(out, "<a href=\"");
      sheaf_buf_puts(out, e->href);
      sheaf_buf_puts(out, "\">");
      put_label(out, e->label);
      sheaf_buf_puts(out, "</a>");
    } else {
      sheaf_buf_puts(out, "<span>");
      put_label(out, e->label);
      sheaf_buf_puts(out, "</span>");
    }
  }
  if (toc->n) {
    sheaf_buf_puts(out, "</li>\n");
  }
  for (; depth > 0; depth--) {
    sheaf_buf_puts(out, "</ol>\n</li>\n");
  }
  sheaf_buf_puts(out, "</ol>\n");
}

static void landmarks(const sheaf_package *pkg, const sheaf_lang *lang, sheaf_buf *out) {
  sheaf_buf_puts(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" "
                      "aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n");
  sheaf_buf_puts(out, "<h2 id=\"landmarks-title\">");
  put_label(out, lang->landmarks);
  sheaf_buf_puts(out, "</h2>\n<ol>\n");
  for (size_t i = 0; i < pkg->n_landmarks; i++) {
    const sheaf_landmark *l = &pkg->landmarks[i];
    sheaf_buf_printf(out, "<li><a epub:type=\"%s\" href=\"%s\">", l->type, l->href);
    put_label(out, l->label);
    sheaf_buf_puts(out, "</a></li>\n");
  }
  sheaf_buf_puts(out, "</ol>\n</nav>\n");
}

void sheaf_nav_write(const sheaf_package *pkg, sheaf_buf *out) {
  const sheaf_book *book = pkg->book;
  const sheaf_lang *lang = sheaf_lang_find(book->meta.lang);
  const char *title = book->meta.toc_title ? book->meta.toc_title : lang->contents;
  sheaf_buf body = SHEAF_BUF_INIT;
  sheaf_buf_puts(&body, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" "
                        "aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">");
  put_label(&body, title);
  sheaf_buf_puts(&body, "</h1>\n");
  toc_lists(&pkg->toc, &body);
  sheaf_buf_puts(&body, "</nav>\n");
  if (pkg->n_landmarks) {
    landmarks(pkg, lang, &body);
  }
  sheaf_page page = {title, "", "frontmatter", body.ptr, body.len, NULL};
  sheaf_page_write(book, &page, out);
  sheaf_buf_free(&body);
}
