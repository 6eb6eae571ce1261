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
  sheaf_buf_reserve(b, 1);
  b->ptr[b->len++] = c;
  b->ptr[b->len] = '\0';
}

void sheaf_buf_printf(sheaf_buf *b, const char *fmt, ...) {
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

/* Escapes one run of text. `attr` selects attribute escaping. The fast path copies runs of
 * bytes that need nothing; anything outside printable ASCII goes through the decoder so
 * that what XML forbids never reaches the output. */
static void put_escaped(sheaf_buf *b, const char *s, size_t len, int attr) {
  static const char replacement[] = "\xEF\xBF\xBD";
  size_t i = 0;
  size_t run = 0;
  sheaf_buf_reserve(b, len + len / 8);
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    size_t adv = 1;
    if (c >= 0x20 && c < 0x80) {
      if (c == '&') {
        esc = "&amp;";
      } else if (c == '<') {
        esc = "&lt;";
      } else if (c == '>') {
        esc = "&gt;";
      } else if (c == '"' && attr) {
        esc = "&quot;";
      } else {
        i++;
        continue;
      }
    } else if (c == '\n' || c == '\t' || c == '\r') {
      if (attr) {
        esc = c == '\n' ? "&#10;" : c == '\t' ? "&#9;" : "&#13;";
      } else if (c == '\r') {
        /* CR LF and lone CR are line ends: XML would normalise them to LF anyway */
        esc = i + 1 < len && s[i + 1] == '\n' ? "" : "\n";
      } else {
        i++;
        continue;
      }
    } else {
      uint32_t cp;
      adv = sheaf_utf8_decode((const unsigned char *)s + i, len - i, &cp);
      if (adv > 0 && sheaf_xml_char_ok(cp)) {
        i += adv;
        continue;
      }
      esc = replacement;
      adv = adv ? adv : 1;
    }
    sheaf_buf_put(b, s + run, i - run);
    sheaf_buf_puts(b, esc);
    i += adv;
    run = i;
  }
  sheaf_buf_put(b, s + run, i - run);
}

void sheaf_buf_put_text(sheaf_buf *b, const char *s, size_t len) {
  put_escaped(b, s, len, 0);
}

void sheaf_buf_put_attr(sheaf_buf *b, const char *s, size_t len) {
  put_escaped(b, s, len, 1);
}
