/* lang.h -- what sheaf writes in the book's language: labels and quotation marks
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_LANG_H
#define SHEAF_LANG_H

typedef struct sheaf_lang {
  const char *tag; /* primary subtag (or tag with script/region for variants) */
  const char *contents;
  const char *landmarks;
  const char *cover;
  const char *title_page;
  const char *start;
  const char *notes;
  const char *details;    /* the <summary> sheaf adds to a <details> that has none */
  const char *open_quote; /* what straight double quotes become under smart punctuation */
  const char *close_quote;
  int spaceless; /* written without spaces between words (ja, zh): quotes are paired */
} sheaf_lang;

/* The labels and quotes for a BCP 47 tag: the closest match (tag with script or region, then
 * primary language), English when sheaf has no labels for it. Never NULL; static storage. */
const sheaf_lang *sheaf_lang_find(const char *tag);

#endif
