/* template.h -- XHTML skeletons and the default stylesheet, embedded at build time
 * SPDX-License-Identifier: MIT
 *
 * templates/ is compiled into the library (cmake/EmbedFiles.cmake). A directory given with
 * --templates overrides any of them by file name; overrides are read when the book is opened.
 * A template holds {{name}} placeholders; values are inserted as given (callers escape). */
#ifndef SHEAF_TEMPLATE_H
#define SHEAF_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

typedef struct sheaf_embedded {
  const char *name;
  const unsigned char *data;
  size_t size;
} sheaf_embedded;

/* The embedded files, generated; terminated by an entry with name NULL. */
extern const sheaf_embedded sheaf_embedded_templates[];

typedef struct sheaf_templates {
  char *page; /* page.xhtml: every XHTML document's skeleton */
  size_t page_len;
  char *css; /* style.css: the default stylesheet */
  size_t css_len;
  char *cover; /* cover.svg: the generated cover */
  size_t cover_len;
} sheaf_templates;

/* Loads the templates: embedded ones, or files of the same name in dir (may be NULL). */
int sheaf_templates_load(sheaf_templates *t, const char *dir, sheaf_diags *diags, sheaf_error *err);
void sheaf_templates_free(sheaf_templates *t);

typedef struct sheaf_tpl_var {
  const char *name;
  const char *value;
  size_t len; /* of value; (size_t)-1 means strlen */
} sheaf_tpl_var;

/* Appends tpl with each {{name}} replaced by its value ("" when no variable has that name). */
void sheaf_template_expand(const char *tpl, size_t len, const sheaf_tpl_var *vars, size_t n,
                           sheaf_buf *out);

#endif
