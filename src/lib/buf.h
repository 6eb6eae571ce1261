/* buf.h -- growable byte buffer with XML escaping helpers
 * SPDX-License-Identifier: MIT
 *
 * A sheaf_buf always holds a NUL-terminated string (ptr is never NULL once written to).
 * Appending cannot fail: the allocator aborts on OOM. Size caps are enforced by the
 * callers that know the limit (source.c for inputs, the renderer for its output). */
#ifndef SHEAF_BUF_H
#define SHEAF_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct sheaf_buf {
  char *ptr;
  size_t len;
  size_t cap;
  int discard; /* a sink: writes are dropped and it stays empty (for work done only to learn) */
} sheaf_buf;

#define SHEAF_BUF_INIT                                                                             \
  { NULL, 0, 0, 0 }

void sheaf_buf_free(sheaf_buf *b);
void sheaf_buf_clear(sheaf_buf *b);
void sheaf_buf_reserve(sheaf_buf *b, size_t extra);
void sheaf_buf_put(sheaf_buf *b, const void *data, size_t len);
void sheaf_buf_puts(sheaf_buf *b, const char *s);
void sheaf_buf_putc(sheaf_buf *b, char c);
void sheaf_buf_printf(sheaf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes the string out of the buffer (caller frees with free); the buffer is left empty. */
char *sheaf_buf_detach(sheaf_buf *b, size_t *len);
/* Truncates to `len` bytes (len <= b->len). */
void sheaf_buf_truncate(sheaf_buf *b, size_t len);

/* Appends text escaped for XML character data (& < >). Characters that XML 1.0 forbids
 * (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) and malformed UTF-8 become U+FFFD. */
void sheaf_buf_put_text(sheaf_buf *b, const char *s, size_t len);
/* The same for an attribute value in double quotes (also " and line breaks escaped). */
void sheaf_buf_put_attr(sheaf_buf *b, const char *s, size_t len);

/* Appends the UTF-8 encoding of code point `cp`. */
void sheaf_buf_put_utf8(sheaf_buf *b, uint32_t cp);

#endif
