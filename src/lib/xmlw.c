/* xmlw.c -- a thin wrapper over libxml2's xmlTextWriter for the package documents
 * SPDX-License-Identifier: MIT */
#include "xmlw.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

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

/* The writer escapes markup but lets through characters XML forbids; they become U+FFFD. */
static char *xml_safe(const char *s) {
  sheaf_buf b = SHEAF_BUF_INIT;
  size_t len = strlen(s);
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = sheaf_utf8_decode((const unsigned char *)s + i, len - i, &cp);
    if (n == 0 || !sheaf_xml_char_ok(cp)) {
      sheaf_buf_puts(&b, "\xEF\xBF\xBD");
      i += n ? n : 1;
    } else {
      sheaf_buf_put(&b, s + i, n);
      i += n;
    }
  }
  return sheaf_buf_detach(&b, NULL);
}

void sheaf_xw_attr(sheaf_xw *x, const char *name, const char *value) {
  if (x->w) {
    char *v = xml_safe(value);
    check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST_S(name), BAD_CAST_S(v)));
    free(v);
  }
}

void sheaf_xw_text(sheaf_xw *x, const char *text) {
  if (x->w) {
    char *t = xml_safe(text);
    check(x, xmlTextWriterWriteString(x->w, BAD_CAST_S(t)));
    free(t);
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
