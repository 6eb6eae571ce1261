/* utf8.h -- UTF-8 decoding, validation and source positions
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_UTF8_H
#define SHEAF_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one well-formed UTF-8 sequence at s (len > 0 bytes). Returns its length and
 * stores the code point, or returns 0 for a malformed, overlong or surrogate sequence. */
size_t sheaf_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Encodes cp (<= 0x10FFFF) into out (4 bytes of room); returns the length. */
size_t sheaf_utf8_encode(uint32_t cp, char *out);
/* True when XML 1.0 allows cp as a character. */
int sheaf_xml_char_ok(uint32_t cp);

/* The first problem found in a source text, as a byte offset. */
typedef enum sheaf_text_issue {
  SHEAF_TEXT_OK = 0,
  SHEAF_TEXT_BAD_UTF8, /* a malformed sequence (error) */
  SHEAF_TEXT_NUL,      /* a NUL byte: binary or UTF-16 data (error) */
  SHEAF_TEXT_CONTROL   /* a character XML forbids, e.g. U+000C (removable) */
} sheaf_text_issue;

/* Scans `len` bytes. Returns the first issue and its offset in *at. */
sheaf_text_issue sheaf_text_scan(const char *s, size_t len, size_t *at);
/* Removes every character that XML forbids from s in place; returns the new length. */
size_t sheaf_text_strip_controls(char *s, size_t len);
/* 1-based line and column (in characters) of byte offset `at` in s. */
void sheaf_text_position(const char *s, size_t at, unsigned *line, unsigned *col);

#endif
