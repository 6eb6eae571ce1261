/* css.c -- CSS cleaning (see css.h)
 * SPDX-License-Identifier: MIT */
#include "css.h"

/* Placeholder until the tokenizer lands: keeps everything as it is. */
size_t sheaf_css_clean_sheet(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out) {
  (void)env;
  (void)line;
  (void)col;
  sheaf_buf_put(out, css, len);
  return 0;
}

size_t sheaf_css_clean_decls(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out) {
  return sheaf_css_clean_sheet(env, css, len, line, col, out);
}
