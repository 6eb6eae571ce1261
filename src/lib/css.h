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

/* Larger inputs are refused whole (one change reported, nothing written). */
#define SHEAF_CSS_MAX_BYTES ((size_t)4 << 20)

typedef struct sheaf_css_env {
  void *ud;
  /* A url() or @import target, decoded (escapes undone, never empty), with the author's
   * position of its "url(" or string. 1 keeps it and appends the URL to write to *out
   * (unescaped; the cleaner writes it as url("...") with '"', '\\' and control characters
   * percent-encoded, since EPUBCheck looks files up by the string's raw text); 0 drops the
   * declaration or rule that holds it. The cleaner reports the removal itself, so the
   * callback should not. NULL drops all. @namespace URLs are names and do not come here. */
  int (*url)(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *out);
  /* A change made to the author's CSS (already worded, e.g. "CSS declaration 'color:'
   * removed: it has no value"), once per removal. May be NULL. */
  void (*warn)(void *ud, unsigned line, unsigned col, const char *message);
} sheaf_css_env;

/* A url callback that keeps fragment-only references ("#id", as SVG paint servers, filters
 * and clip paths use) as they are and refuses every other. */
int sheaf_css_keep_fragments(void *ud, const char *url, unsigned line, unsigned col,
                             sheaf_buf *out);

/* Cleans a style sheet (a <style> element's text, or a user's CSS file) whose first byte is
 * at line/col of the author's file, appending what is kept to out (the caller's buffer) as
 * "sel {", one declaration a line, "}", with nested blocks indented. Lines are counted through the
 * CSS (LF, CR LF, CR and FF each end one), columns in bytes as cmark counts them, and a
 * "<!--sheaf-pos L C-->" marker sets the position of the text after it. env may be NULL (every
 * url() dropped, nothing reported); css is UTF-8, len bytes, and need not be NUL-terminated.
 * Returns the number of changes reported. Cleaning the output again changes nothing. */
size_t sheaf_css_clean_sheet(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out);

/* The same for the declarations of a style attribute (no selectors, no at-rules, no { }
 * blocks), appended as "color: red; margin: 0" (nothing when none is kept). */
size_t sheaf_css_clean_decls(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out);

#endif
