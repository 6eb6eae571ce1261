/* page.c -- complete XHTML documents: the page skeleton around a body
 * SPDX-License-Identifier: MIT */
#include "page.h"

#include <stdio.h>
#include <string.h>

#include "meta.h"

void sheaf_page_write(const sheaf_book *book, const sheaf_page *page, sheaf_buf *out) {
  sheaf_buf title = SHEAF_BUF_INIT;
  sheaf_buf head = SHEAF_BUF_INIT;
  sheaf_buf lang = SHEAF_BUF_INIT;
  sheaf_buf body_attrs = SHEAF_BUF_INIT;
  sheaf_buf_put_text(&title, page->title, strlen(page->title));
  size_t idx[64];
  size_t n = sheaf_book_styles(book, idx, 64);
  for (size_t i = 0; i < n; i++) {
    sheaf_buf_puts(&head, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
    sheaf_buf_puts(&head, page->base);
    sheaf_buf_put_attr(&head, book->res[idx[i]].href, strlen(book->res[idx[i]].href));
    sheaf_buf_puts(&head, "\" />\n");
  }
  if (page->own_css) {
    sheaf_buf_printf(&head, "<link rel=\"stylesheet\" type=\"text/css\" href=\"%s%s\" />\n",
                     page->base, page->own_css);
  }
  sheaf_buf_put_attr(&lang, book->meta.lang, strlen(book->meta.lang));
  const char *dir =
      book->meta.dir ? book->meta.dir : (sheaf_lang_is_rtl(book->meta.lang) ? "rtl" : NULL);
  char dir_attr[32] = "";
  if (dir && strcmp(dir, "auto") != 0) {
    snprintf(dir_attr, sizeof dir_attr, " dir=\"%s\"", dir);
  }
  if (page->body_type) {
    sheaf_buf_printf(&body_attrs, " epub:type=\"%s\"", page->body_type);
  }
  sheaf_tpl_var vars[] = {
      {"lang", lang.ptr, lang.len},
      {"dir", dir_attr, (size_t)-1},
      {"title", title.ptr ? title.ptr : "", title.len},
      {"head", head.ptr ? head.ptr : "", head.len},
      {"body_attrs", body_attrs.ptr ? body_attrs.ptr : "", body_attrs.len},
      {"body", page->body, page->body_len},
  };
  sheaf_template_expand(book->tpl.page, book->tpl.page_len, vars, sizeof vars / sizeof *vars, out);
  sheaf_buf_free(&title);
  sheaf_buf_free(&head);
  sheaf_buf_free(&lang);
  sheaf_buf_free(&body_attrs);
}

const char *sheaf_role_for_type(const char *t) {
  static const char *const typed[][2] = {
      {"abstract", "doc-abstract"},
      {"acknowledgments", "doc-acknowledgments"},
      {"afterword", "doc-afterword"},
      {"appendix", "doc-appendix"},
      {"bibliography", "doc-bibliography"},
      {"chapter", "doc-chapter"},
      {"colophon", "doc-colophon"},
      {"conclusion", "doc-conclusion"},
      {"dedication", "doc-dedication"},
      {"epigraph", "doc-epigraph"},
      {"epilogue", "doc-epilogue"},
      {"errata", "doc-errata"},
      {"foreword", "doc-foreword"},
      {"glossary", "doc-glossary"},
      {"index", "doc-index"},
      {"introduction", "doc-introduction"},
      {"part", "doc-part"},
      {"preface", "doc-preface"},
      {"prologue", "doc-prologue"},
      {"endnotes", "doc-endnotes"},
      {"toc", "doc-toc"},
  };
  for (size_t i = 0; t && i < sizeof typed / sizeof *typed; i++) {
    if (strcmp(t, typed[i][0]) == 0) {
      return typed[i][1];
    }
  }
  return NULL;
}
