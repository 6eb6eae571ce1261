/* xmlw.h -- a thin wrapper over libxml2's xmlTextWriter for the package documents
 * SPDX-License-Identifier: MIT
 *
 * Calls cannot fail one by one: the first failure is remembered and reported by
 * sheaf_xw_finish, so document builders read as straight lines. */
#ifndef SHEAF_XMLW_H
#define SHEAF_XMLW_H

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "error.h"

typedef struct sheaf_xw {
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  int failed;
} sheaf_xw;

/* Starts a document (XML declaration, UTF-8, two-space indentation). */
void sheaf_xw_begin(sheaf_xw *x);
void sheaf_xw_start(sheaf_xw *x, const char *name);
void sheaf_xw_attr(sheaf_xw *x, const char *name, const char *value);
void sheaf_xw_text(sheaf_xw *x, const char *text);
void sheaf_xw_end(sheaf_xw *x);
/* <name>text</name>, with up to two attributes (name/value pairs; NULL names end them). */
void sheaf_xw_leaf(sheaf_xw *x, const char *name, const char *text, const char *a1, const char *v1,
                   const char *a2, const char *v2);
/* Ends the document and appends it to out; -1 with err if any call failed. */
int sheaf_xw_finish(sheaf_xw *x, const char *what, sheaf_buf *out, sheaf_error *err);

#endif
