/* xmlw.c -- a thin wrapper over libxml2's xmlTextWriter for the package documents
 * SPDX-License-Identifier: MIT */
#include "xmlw.h"

#define BAD_CAST_S(s) ((const xmlChar *)(s))

static void check(sheaf_xw *x, int rc) {
  if (rc < 0) {
    x->failed = 1;
  }
}

void sheaf_xw_begin(sheaf_xw *x) {
  x->failed = 0;
  x->buf = xmlBufferCreate();
  x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
  if (!x->w) {
    x->failed = 1;
    return;
  }
  check(x, xmlTextWriterSetIndent(x->w, 1));
  check(x, xmlTextWriterSetIndentString(x->w, BAD_CAST_S("  ")));
  check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
}

void sheaf_xw_start(sheaf_xw *x, const char *name) {
  if (x->w) {
    check(x, xmlTextWriterStartElement(x->w, BAD_CAST_S(name)));
  }
}

void sheaf_xw_attr(sheaf_xw *x, const char *name, const char *value) {
  if (x->w) {
    check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST_S(name), BAD_CAST_S(value)));
  }
}

void sheaf_xw_text(sheaf_xw *x, const char *text) {
  if (x->w) {
    check(x, xmlTextWriterWriteString(x->w, BAD_CAST_S(text)));
  }
}

void sheaf_xw_end(sheaf_xw *x) {
  if (x->w) {
    check(x, xmlTextWriterEndElement(x->w));
  }
}

void sheaf_xw_leaf(sheaf_xw *x, const char *name, const char *text, const char *a1, const char *v1,
                   const char *a2, const char *v2) {
  sheaf_xw_start(x, name);
  if (a1) {
    sheaf_xw_attr(x, a1, v1);
  }
  if (a2) {
    sheaf_xw_attr(x, a2, v2);
  }
  if (text) {
    sheaf_xw_text(x, text);
  }
  sheaf_xw_end(x);
}

int sheaf_xw_finish(sheaf_xw *x, const char *what, sheaf_buf *out, sheaf_error *err) {
  if (x->w) {
    check(x, xmlTextWriterEndDocument(x->w));
    xmlFreeTextWriter(x->w);
    x->w = NULL;
  }
  int failed = x->failed || !x->buf;
  if (!failed) {
    sheaf_buf_put(out, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
  }
  if (x->buf) {
    xmlBufferFree(x->buf);
    x->buf = NULL;
  }
  if (failed) {
    return sheaf_fail(err, SHEAF_ER_INTERNAL, NULL, 0, 0, "cannot build %s (libxml2 writer)", what);
  }
  return 0;
}
