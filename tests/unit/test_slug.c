/* test_slug.c -- anchors, ids and file names from heading text
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "harness.h"
#include "slug.h"
#include "strmap.h"

typedef struct row {
  const char *text;
  const char *want;
} row;

static const row github[] = {
    {"Hello World", "hello-world"},
    {"L’ira dei web: perché?", "lira-dei-web-perché"},
    {"A -- B", "a----b"},
    {"snake_case and CAPS", "snake_case-and-caps"},
    {"Ünïcödé ÀÉÎ", "ünïcödé-àéî"},
    {"日本語の見出し", "日本語の見出し"},
    {"1. Intro", "1-intro"},
    {"emoji 🎉 party", "emoji--party"},
    {"", ""},
    {NULL, NULL},
};

static const row ascii[] = {
    {"Hello World", "hello-world"},
    {"L’ira dei web: perché?", "lira-dei-web-perche"},
    {"Straße & Ærø", "strasse-aero"},
    {"  --spaces--  ", "spaces"},
    {"日本語", ""},
    {"Łódź Żółć", "lodz-zolc"},
    {NULL, NULL},
};

static const row ids[] = {
    {"Intro", "intro"}, {"1. Numbered", "s-1-numbered"}, {"日本語", "section"}, {"", "section"},
    {NULL, NULL},
};

int main(void) {
  test_ctx t = {0, 0};
  for (const row *r = github; r->text; r++) {
    char *s = sheaf_slug_github(r->text);
    STR_EQ(&t, s, r->want, r->text);
    free(s);
  }
  for (const row *r = ascii; r->text; r++) {
    char *s = sheaf_slug_ascii(r->text, 60);
    STR_EQ(&t, s, r->want, r->text);
    free(s);
  }
  for (const row *r = ids; r->text; r++) {
    char *s = sheaf_slug_id(r->text);
    STR_EQ(&t, s, r->want, r->text);
    free(s);
  }
  char *cut = sheaf_slug_ascii("one two three four five six seven", 20);
  STR_EQ(&t, cut, "one-two-three-four", "cut at a hyphen within the limit");
  free(cut);

  sheaf_strmap m;
  sheaf_strmap_init(&m);
  char *a = sheaf_strmap_unique(&m, "Chapter", 1, 0);
  char *b = sheaf_strmap_unique(&m, "chapter", 1, 1);
  char *c = sheaf_strmap_unique(&m, "CHAPTER", 1, 2);
  STR_EQ(&t, a, "Chapter", "first keeps its name");
  STR_EQ(&t, b, "chapter-2", "case-insensitive clash gets -2");
  STR_EQ(&t, c, "CHAPTER-3", "and -3");
  free(a);
  free(b);
  free(c);
  sheaf_strmap_fini(&m);
  return test_report(&t, "unit_slug");
}
