/* slug.h -- heading anchors, ids and file names made from text
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_SLUG_H
#define SHEAF_SLUG_H

#include <stddef.h>
#include <stdint.h>

/* GitHub's heading anchor for `text` (as mdBook and most Markdown hosts make them): lower
 * case, word characters, '-' and '_' kept, spaces become '-', everything else dropped. May
 * be empty. Caller frees. */
char *sheaf_slug_github(const char *text);

/* A safe ASCII name: Latin letters spelled in ASCII, lower case, [a-z0-9] runs joined by single
 * '-', at most `max` bytes (cut at a '-' when it can). May be empty. Caller frees. */
char *sheaf_slug_ascii(const char *text, size_t max);

/* An id for a heading: its ASCII slug (at most 60 bytes), "section" when that is empty, and
 * starting with a letter ("s-" is put before a digit). Caller frees. */
char *sheaf_slug_id(const char *text);

/* Lower-case form of a code point (identity for those without one). */
uint32_t sheaf_unicode_lower(uint32_t cp);

#endif
