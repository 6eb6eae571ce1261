/* css.h -- CSS from authors' HTML and style sheets, kept only where it parses and refers to
 * nothing outside the book
 * SPDX-License-Identifier: MIT
 *
 * EPUBCheck parses every style sheet and style attribute (CSS-008 for what does not parse,
 * RSC-006/RSC-007 for url() references that are remote or not packaged). Cleaning tokenizes
 * the CSS as CSS Syntax Level 3 does and keeps each rule and declaration only when it is
 * complete and its references resolve, reporting every removal once at the author's line
 * and column. */
#ifndef SHEAF_CSS_H
#define SHEAF_CSS_H

#include <stddef.h>

#include "buf.h"

typedef struct sheaf_css_env {
  void *ud;
  /* A url() or @import target: 1 keeps it and appends the URL to write to *out (unescaped
   * CSS string contents); 0 drops the declaration or rule that holds it. NULL drops all. */
  int (*url)(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *out);
  /* A change made to the author's CSS (already worded). May be NULL. */
  void (*warn)(void *ud, unsigned line, unsigned col, const char *message);
} sheaf_css_env;

/* Cleans a style sheet (a <style> element's text, or a user's CSS file) whose first byte is
 * at line/col of the author's file, appending what is kept to out. Returns the number of
 * changes reported. */
size_t sheaf_css_clean_sheet(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out);

/* The same for the declarations of a style attribute (no selectors, no at-rules). */
size_t sheaf_css_clean_decls(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out);

#endif
