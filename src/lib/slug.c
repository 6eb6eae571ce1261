/* slug.c -- heading anchors, ids and file names made from text
 * SPDX-License-Identifier: MIT */
#include "slug.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

#include "buf.h"
#include "utf8.h"

#include "unicode_tables.inc"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int in_ranges(uint32_t cp, const uint32_t (*r)[2], size_t n) {
  size_t lo = 0;
  size_t hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < r[mid][0]) {
      hi = mid;
    } else if (cp > r[mid][1]) {
      lo = mid + 1;
    } else {
      return 1;
    }
  }
  return 0;
}

uint32_t sheaf_unicode_lower(uint32_t cp) {
  if (cp < 0x80) {
    return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  }
  size_t lo = 0;
  size_t hi = COUNT(lower_pairs);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < lower_pairs[mid][0]) {
      hi = mid;
    } else if (cp > lower_pairs[mid][0]) {
      lo = mid + 1;
    } else {
      return lower_pairs[mid][1];
    }
  }
  return cp;
}

static int is_word(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  }
  return !in_ranges(cp, nonword_ranges, COUNT(nonword_ranges));
}

/* Decodes the next code point of s, advancing *i; malformed bytes read as U+FFFD. */
static uint32_t next_cp(const char *s, size_t len, size_t *i) {
  uint32_t cp;
  size_t n = sheaf_utf8_decode((const unsigned char *)s + *i, len - *i, &cp);
  if (n == 0) {
    *i += 1;
    return 0xFFFD;
  }
  *i += n;
  return cp;
}

char *sheaf_slug_github(const char *text) {
  sheaf_buf b = SHEAF_BUF_INIT;
  size_t len = strlen(text);
  size_t i = 0;
  while (i < len) {
    uint32_t cp = next_cp(text, len, &i);
    if (cp == ' ') {
      sheaf_buf_putc(&b, '-');
    } else if (cp == '-' || is_word(cp)) {
      sheaf_buf_put_utf8(&b, sheaf_unicode_lower(cp));
    }
  }
  return sheaf_buf_detach(&b, NULL);
}

static const char *translit_of(uint32_t cp) {
  size_t lo = 0;
  size_t hi = COUNT(translit);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < translit[mid].cp) {
      hi = mid;
    } else if (cp > translit[mid].cp) {
      lo = mid + 1;
    } else {
      return translit[mid].ascii;
    }
  }
  return NULL;
}

/* Appends the ASCII spelling of cp (lower case alphanumerics), or a separator. */
static void put_ascii(sheaf_buf *b, uint32_t cp, int *sep) {
  char tmp[2] = {0, 0};
  const char *a = NULL;
  if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) {
    tmp[0] = (char)cp;
    a = tmp;
  } else if (cp >= 'A' && cp <= 'Z') {
    tmp[0] = (char)(cp + 32);
    a = tmp;
  } else if (cp == '\'' || cp == 0x2019 || cp == 0xAD) {
    return; /* apostrophes and soft hyphens join words: "l'ira" -> "lira" */
  } else {
    a = translit_of(cp);
  }
  if (!a) {
    *sep = 1;
    return;
  }
  if (*sep && b->len) {
    sheaf_buf_putc(b, '-');
  }
  *sep = 0;
  for (; *a; a++) {
    sheaf_buf_putc(b, (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a));
  }
}

char *sheaf_slug_ascii(const char *text, size_t max) {
  sheaf_buf b = SHEAF_BUF_INIT;
  size_t len = strlen(text);
  size_t i = 0;
  int sep = 0;
  while (i < len && b.len <= max) {
    put_ascii(&b, next_cp(text, len, &i), &sep);
  }
  if (b.len > max) {
    size_t cut = max;
    while (cut > max / 2 && b.ptr[cut] != '-') {
      cut--;
    }
    if (b.ptr[cut] != '-') {
      cut = max;
    }
    sheaf_buf_truncate(&b, cut);
    while (b.len && b.ptr[b.len - 1] == '-') {
      sheaf_buf_truncate(&b, b.len - 1);
    }
  }
  return sheaf_buf_detach(&b, NULL);
}

char *sheaf_slug_id(const char *text) {
  char *slug = sheaf_slug_ascii(text, 60);
  if (!*slug) {
    free(slug);
    return sheaf_xstrdup("section");
  }
  if (slug[0] < 'a' || slug[0] > 'z') {
    char *p = sheaf_xasprintf("s-%s", slug);
    free(slug);
    return p;
  }
  return slug;
}
