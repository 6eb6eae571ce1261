/* utf8.c -- UTF-8 decoding, validation and source positions
 * SPDX-License-Identifier: MIT */
#include "utf8.h"

#include <string.h>

size_t sheaf_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v;
  uint32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, v = c & 0x1Fu, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, v = c & 0x0Fu, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, v = c & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (len < n) {
    return 0;
  }
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0u) != 0x80u) {
      return 0;
    }
    v = (v << 6) | (s[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
  return n;
}

size_t sheaf_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

int sheaf_xml_char_ok(uint32_t cp) {
  if (cp < 0x20) {
    return cp == 0x9 || cp == 0xA || cp == 0xD;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    return 0;
  }
  return cp != 0xFFFE && cp != 0xFFFF && cp <= 0x10FFFF;
}

sheaf_text_issue sheaf_text_scan(const char *s, size_t len, size_t *at) {
  const unsigned char *u = (const unsigned char *)s;
  sheaf_text_issue found = SHEAF_TEXT_OK;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t n;
    if (u[i] >= 0x20 && u[i] < 0x80) {
      i++;
      continue;
    }
    n = sheaf_utf8_decode(u + i, len - i, &cp);
    if (n == 0) {
      *at = i;
      return SHEAF_TEXT_BAD_UTF8;
    }
    if (cp == 0) {
      *at = i;
      return SHEAF_TEXT_NUL;
    }
    if (!sheaf_xml_char_ok(cp) && found == SHEAF_TEXT_OK) {
      found = SHEAF_TEXT_CONTROL;
      *at = i;
    }
    i += n;
  }
  return found;
}

size_t sheaf_text_strip_controls(char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t r = 0;
  size_t w = 0;
  while (r < len) {
    uint32_t cp = u[r];
    size_t n = cp < 0x80 ? 1 : sheaf_utf8_decode(u + r, len - r, &cp);
    if (n == 0) {
      n = 1; /* not reached after a clean scan; keep the byte */
    } else if (!sheaf_xml_char_ok(cp)) {
      r += n;
      continue;
    }
    memmove(s + w, s + r, n);
    w += n;
    r += n;
  }
  return w;
}

void sheaf_text_position(const char *s, size_t at, unsigned *line, unsigned *col) {
  unsigned l = 1;
  unsigned c = 1;
  for (size_t i = 0; i < at; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '\n') {
      l++;
      c = 1;
    } else if ((ch & 0xC0u) != 0x80u) {
      c++;
    }
  }
  *line = l;
  *col = c;
}
