/* buf.c -- growable byte buffer with XML escaping helpers
 * SPDX-License-Identifier: MIT */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

void sheaf_buf_free(sheaf_buf *b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

void sheaf_buf_clear(sheaf_buf *b) {
  b->len = 0;
  if (b->ptr) {
    b->ptr[0] = '\0';
  }
}

void sheaf_buf_reserve(sheaf_buf *b, size_t extra) {
  size_t cap = b->cap;
  b->ptr = sheaf_xgrow(b->ptr, &cap, b->len + extra + 1, 1);
  b->cap = cap;
}

void sheaf_buf_put(sheaf_buf *b, const void *data, size_t len) {
  if (b->discard) {
    return;
  }
  sheaf_buf_reserve(b, len);
  if (len) {
    memcpy(b->ptr + b->len, data, len);
  }
  b->len += len;
  b->ptr[b->len] = '\0';
}

void sheaf_buf_puts(sheaf_buf *b, const char *s) {
  sheaf_buf_put(b, s, strlen(s));
}

void sheaf_buf_putc(sheaf_buf *b, char c) {
  if (b->discard) {
    return;
  }
  sheaf_buf_reserve(b, 1);
  b->ptr[b->len++] = c;
  b->ptr[b->len] = '\0';
}

void sheaf_buf_printf(sheaf_buf *b, const char *fmt, ...) {
  if (b->discard) {
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n <= 0) {
    return;
  }
  sheaf_buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *sheaf_buf_detach(sheaf_buf *b, size_t *len) {
  if (!b->ptr) {
    sheaf_buf_reserve(b, 0);
    b->ptr[0] = '\0';
  }
  char *p = b->ptr;
  if (len) {
    *len = b->len;
  }
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void sheaf_buf_truncate(sheaf_buf *b, size_t len) {
  if (b->ptr && len <= b->len) {
    b->len = len;
    b->ptr[len] = '\0';
  }
}

void sheaf_buf_put_utf8(sheaf_buf *b, uint32_t cp) {
  char tmp[4];
  size_t n = sheaf_utf8_encode(cp, tmp);
  sheaf_buf_put(b, tmp, n);
}

/* The entity for a printable ASCII byte, or NULL when it is copied as it is. */
static const char *ascii_escape(unsigned char c, int attr) {
  switch (c) {
  case '&':
    return "&amp;";
  case '<':
    return "&lt;";
  case '>':
    return "&gt;";
  case '"':
    return attr ? "&quot;" : NULL;
  default:
    return NULL;
  }
}

/* What a line feed, tab or carriage return at s[i] becomes, or NULL when it is copied. */
static const char *space_escape(const char *s, size_t i, size_t len, int attr) {
  char c = s[i];
  if (attr) {
    return c == '\n' ? "&#10;" : c == '\t' ? "&#9;" : "&#13;";
  }
  if (c == '\r') {
    /* CR LF and lone CR are line ends: XML would normalise them to LF anyway */
    return i + 1 < len && s[i + 1] == '\n' ? "" : "\n";
  }
  return NULL;
}

/* What the character at s[i] becomes: NULL when its *adv bytes are copied as they are, else
 * the text that replaces them. Anything outside printable ASCII goes through the decoder so
 * that what XML forbids never reaches the output. */
static const char *escape_at(const char *s, size_t i, size_t len, int attr, size_t *adv) {
  static const char replacement[] = "\xEF\xBF\xBD";
  unsigned char c = (unsigned char)s[i];
  uint32_t cp;
  size_t n;
  *adv = 1;
  if (c >= 0x20 && c < 0x80) {
    return ascii_escape(c, attr);
  }
  if (c == '\n' || c == '\t' || c == '\r') {
    return space_escape(s, i, len, attr);
  }
  n = sheaf_utf8_decode((const unsigned char *)s + i, len - i, &cp);
  if (n > 0) {
    *adv = n;
  }
  return n > 0 && sheaf_xml_char_ok(cp) ? NULL : replacement;
}

/* Escapes one run of text. `attr` selects attribute escaping. Runs of bytes that need
 * nothing are copied in one piece. */
static void put_escaped(sheaf_buf *b, const char *s, size_t len, int attr) {
  if (b->discard) {
    return;
  }
  size_t i = 0;
  size_t run = 0;
  sheaf_buf_reserve(b, len + len / 8);
  while (i < len) {
    size_t adv;
    const char *esc = escape_at(s, i, len, attr, &adv);
    if (esc) {
      sheaf_buf_put(b, s + run, i - run);
      sheaf_buf_puts(b, esc);
      run = i + adv;
    }
    i += adv;
  }
  sheaf_buf_put(b, s + run, i - run);
}

void sheaf_buf_put_text(sheaf_buf *b, const char *s, size_t len) {
  put_escaped(b, s, len, 0);
}

void sheaf_buf_put_attr(sheaf_buf *b, const char *s, size_t len) {
  put_escaped(b, s, len, 1);
}
